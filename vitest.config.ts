import { defineConfig } from 'vitest/config';
import HeavyFirst from './harness/heavy-first.ts';

/**
 * One project per folder of tests/ (docs/testing.md, "Tiers"): a test's folder says what it needs.
 *   unit     no browser, no training beyond a few steps: seconds each (`npm run test:unit`, under a minute)
 *   slow     Node only, but trains or evaluates real networks, builds the library or runs tsc: tens of seconds
 *   browser  drives headless Chromium: a page, a fixture or the app
 *   e2e      a whole command or build as a person runs it (record, bench, soak, stage-check, the production build)
 */
export const TIERS = ['unit', 'slow', 'browser', 'e2e'] as const;

export default defineConfig({
  test: {
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // Two cores, both busy through the whole run (vmstat): a third worker made every file slower.
    maxWorkers: 2,
    fileParallelism: true,
    // The longest files first, so none starts last and runs alone (harness/heavy-first.ts).
    sequence: { sequencer: HeavyFirst },
    projects: TIERS.map((tier) => ({ extends: true, test: { name: tier, include: [`tests/${tier}/**/*.test.ts`] } })),
  },
});
