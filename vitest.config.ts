import { defineConfig } from 'vitest/config';
import HeavyFirst from './tests/heavy-first.ts';

/** Tests that drive headless Chromium (or the record CLI, which does): they need a browser. */
const BROWSER = [
  'tests/bench.test.ts',
  'tests/bench-gpu.test.ts',
  'tests/browser-capabilities.test.ts',
  'tests/bundle-load.test.ts',
  'tests/examples.test.ts',
  'tests/explore.test.ts',
  'tests/explore-link.test.ts',
  'tests/fused-field.test.ts',
  'tests/gpu-bridge.test.ts',
  'tests/production-build.test.ts',
  'tests/record-cli.test.ts',
  'tests/record-page.test.ts',
  'tests/scene-*.test.ts',
  'tests/soak.test.ts',
  'tests/stage-check.test.ts',
];

/** Node tests that train or evaluate real networks, or build the library: tens of seconds each. */
const SLOW = ['tests/train-recipes.test.ts', 'tests/shipped-models.test.ts', 'tests/library-build.test.ts', 'tests/typecheck.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // Two cores, both busy through the whole run (vmstat): a third worker made every file slower.
    maxWorkers: 2,
    fileParallelism: true,
    // The longest files first, so none starts last and runs alone (tests/heavy-first.ts).
    sequence: { sequencer: HeavyFirst },
    // `npm run test:unit` runs the first project alone (no browser, well under a minute).
    projects: [
      { extends: true, test: { name: 'unit', include: ['tests/**/*.test.ts'], exclude: [...BROWSER, ...SLOW] } },
      { extends: true, test: { name: 'slow', include: SLOW } },
      { extends: true, test: { name: 'browser', include: BROWSER } },
    ],
  },
});
