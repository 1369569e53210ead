/**
 * The stress sequence (issue 26): read-outs, u, presets and resizes at random moments, drawn from a
 * seeded generator so a failing seed replays the same operations in the same order. Read-outs are
 * started and not awaited, so they are still pending while later frames step the sim, check its
 * particles, change its size or swap its output; all are awaited at the end of a replay.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export type StressOp =
  | { op: 'positions' | 'counters' | 'sample' | 'models' | 'rollouts' }
  | { op: 'setU'; u: number; ramp: boolean }
  | { op: 'preset'; name: string }
  | { op: 'particles'; count: number }
  | { op: 'renderSize'; size: { width: number; height: number } | null }
  | { op: 'frames'; n: number };

interface PresetFile {
  scene?: string;
  manifold?: string;
  view?: { thresholdCurve?: boolean };
}

const PRESET_FILES: readonly { name: string; preset: PresetFile }[] = (() => {
  const dir = join(import.meta.dirname, '..', '..', 'assets', 'presets');
  const { presets } = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as { presets: string[] };
  return presets.map((name) => ({ name, preset: JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')) as PresetFile }));
})();

/**
 * The presets shown in this page, in the index's order: a preset of another scene (rotation) or
 * pinned to a manifold (grounding, steering) opens a page of its own, so it is not applied in place.
 */
const IN_PLACE = PRESET_FILES.filter(({ preset }) => (preset.scene ?? 'counting') === 'counting' && preset.manifold === undefined);
export const STRESS_PRESETS: readonly string[] = IN_PLACE.map(({ name }) => name);

/**
 * STRESS_PRESETS less those that open the threshold curve, which the page measures (41 values of u,
 * 10 grounded steps from 100 digits each). On SwiftShader WebGPU that measurement took the replay
 * from 221 s to 828 s of its 900 s in a CI run; the WebGL and CPU replays keep it.
 */
export const STRESS_PRESETS_WITHOUT_CURVE: readonly string[] = IN_PLACE.filter(({ preset }) => preset.view?.thresholdCurve !== true).map(({ name }) => name);

/** mulberry32: a small seeded generator, the same on every machine. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Operations for one replay, stepping about `frames` frames in all, choosing among `presets`. */
export function stressOps(seed: number, frames: number, particleCounts: readonly number[], presets: readonly string[] = STRESS_PRESETS): StressOp[] {
  const random = seeded(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const ops: StressOp[] = [];
  let stepped = 0;
  while (stepped < frames) {
    const r = random();
    if (r < 0.3) {
      const n = 1 + Math.floor(random() * 6);
      ops.push({ op: 'frames', n });
      stepped += n;
    } else if (r < 0.55) ops.push({ op: pick(['positions', 'counters', 'sample', 'models', 'rollouts'] as const) });
    else if (r < 0.7) ops.push({ op: 'setU', u: pick([-1, -0.5, 0, 0.5, 1, Math.round((random() * 2 - 1) * 100) / 100]), ramp: random() < 0.5 });
    else if (r < 0.8) ops.push({ op: 'preset', name: pick(presets) });
    else if (r < 0.9) ops.push({ op: 'particles', count: pick(particleCounts) });
    else ops.push({ op: 'renderSize', size: random() < 0.3 ? null : pick([{ width: 320, height: 240 }, { width: 480, height: 360 }, { width: 640, height: 400 }]) });
  }
  return ops;
}
