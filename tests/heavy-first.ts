/**
 * Test files in the order that finishes soonest: the longest first (longest-processing-time
 * scheduling), so no long file starts last and runs alone. Vitest's default orders by the durations
 * it cached from earlier runs, and a clean clone has none, so the order is kept here: seconds each
 * took in `npm test` on this 2-core machine (2026-11-30; the stress, soak, CSP and device-loss files 2026-12-06); files not listed follow, by vitest's order.
 */
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const SECONDS: Record<string, number> = {
  'tests/scene-device-loss.test.ts': 276,
  'tests/soak.test.ts': 158,
  'tests/scene-csp.test.ts': 75,
  'tests/stage-check.test.ts': 25,
  'tests/bench-gpu.test.ts': 160,
  'tests/scene-webgpu.test.ts': 120,
  'tests/scene-stress-webgpu.test.ts': 258,
  'tests/scene-stress-webgl.test.ts': 117,
  'tests/scene-stress-wasm.test.ts': 61,
  'tests/fused-field.test.ts': 55,
  'tests/scene-presets.test.ts': 86,
  'tests/bench.test.ts': 72,
  'tests/scene-webgl.test.ts': 60,
  'tests/train-recipes.test.ts': 66,
  'tests/scene-app.test.ts': 62,
  'tests/gpu-bridge.test.ts': 49,
  'tests/scene-wasm.test.ts': 40,
  'tests/shipped-models.test.ts': 38,
  'tests/examples.test.ts': 26,
  'tests/explore.test.ts': 60,
  'tests/scene-explore-presets.test.ts': 60,
  'tests/record-page.test.ts': 24,
  'tests/library-build.test.ts': 24,
  'tests/record-cli.test.ts': 19,
  'tests/typecheck.test.ts': 25,
  'tests/scripts-help.test.ts': 17,
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
