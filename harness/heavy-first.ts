/**
 * Test files in the order that finishes soonest: the longest first (longest-processing-time
 * scheduling), so no long file starts last and runs alone. Vitest's default orders by the durations
 * it cached from earlier runs, and a clean clone has none, so the order is kept here: seconds each
 * took in `npm test` on this 2-core machine (2026-11-30; the stress, soak, CSP and device-loss files 2026-12-06; the kiosk and offline files 2026-12-06, each alone on a loaded machine); files not listed follow, by vitest's order.
 */
import { BaseSequencer, type TestSpecification } from 'vitest/node';

export const SECONDS: Record<string, number> = {
  'tests/browser/scene-device-loss.test.ts': 276,
  'tests/e2e/soak.test.ts': 158,
  'tests/browser/scene-csp.test.ts': 75,
  'tests/e2e/offline.test.ts': 35,
  'tests/browser/kiosk.test.ts': 12,
  'tests/e2e/stage-check.test.ts': 25,
  'tests/slow/bench-gpu.test.ts': 160,
  'tests/browser/scene-webgpu.test.ts': 120,
  'tests/browser/scene-stress-webgpu.test.ts': 258,
  'tests/browser/scene-stress-webgl.test.ts': 117,
  'tests/browser/scene-stress-wasm.test.ts': 61,
  'tests/browser/fused-field.test.ts': 55,
  'tests/browser/scene-presets.test.ts': 86,
  'tests/e2e/bench.test.ts': 72,
  'tests/e2e/starter.test.ts': 50,
  'tests/browser/scene-webgl.test.ts': 60,
  'tests/slow/train-recipes.test.ts': 66,
  'tests/browser/scene-app.test.ts': 62,
  'tests/browser/gpu-bridge.test.ts': 49,
  'tests/browser/scene-wasm.test.ts': 40,
  'tests/slow/shipped-models.test.ts': 38,
  'tests/browser/examples.test.ts': 26,
  'tests/browser/explore.test.ts': 60,
  'tests/browser/scene-explore-presets.test.ts': 60,
  'tests/browser/record-page.test.ts': 24,
  'tests/slow/library-build.test.ts': 24,
  'tests/e2e/record-cli.test.ts': 19,
  'tests/slow/typecheck.test.ts': 25,
  'tests/slow/scripts-help.test.ts': 17,
};

const seconds = (spec: TestSpecification) => {
  const key = Object.keys(SECONDS).find((file) => spec.moduleId.endsWith(file));
  return key === undefined ? 0 : SECONDS[key]!;
};

export default class HeavyFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const base = await super.sort(files);
    return [...base].sort((a, b) => seconds(b) - seconds(a));
  }
}
