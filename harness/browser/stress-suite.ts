/**
 * The page under a storm of read-outs (issue 26): on one path, ten seeded replays of read-outs
 * (positions, counters, sampled particles, encode/decode/project, rollouts), u changes, presets and
 * resizes (particle count, render size, window) at random moments, with read-outs left pending
 * while later frames run. Not one page error, console error or GPU error may appear. A failure
 * names its path and seed; STRESS_SEEDS=4,7 replays just those. tests/browser/scene-stress-<path>.test.ts
 * run it, one file a path so the two test workers share them. (The probe that found the fault, on a
 * live page, is `npm run probe:readouts`.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usePageSession } from './page-session';
import { appErrors, openScene, type ScenePage } from './scene-harness';
import { seeded, STRESS_PRESETS, STRESS_PRESETS_WITHOUT_CURVE, stressOps, type StressOp } from './stress-ops';

const SEEDS = process.env.STRESS_SEEDS ? process.env.STRESS_SEEDS.split(',').map(Number) : [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
/** Frames per replay and particle counts by path: SwiftShader runs webgpu at ~0.5 s a frame here. */
const PATHS = {
  webgpu: { frames: 20, counts: [64, 128, 256], presets: STRESS_PRESETS_WITHOUT_CURVE },
  webgl: { frames: 30, counts: [128, 256, 512], presets: STRESS_PRESETS },
  wasm: { frames: 60, counts: [128, 256, 512], presets: STRESS_PRESETS },
} as const;
const WINDOWS = [
  { width: 320, height: 240 },
  { width: 480, height: 300 },
  { width: 400, height: 320 },
];

/** Runs one replay in the page; returns every read-out that failed, with its operation. */
const replayInPage = async (list: StressOp[]): Promise<string[]> => {
  {
    type Api = {
      flow(): {
        debug: { particlePositions(): Promise<Float32Array> };
        sampleParticles(n: number): Promise<unknown>;
        encode(images: Float32Array): Promise<Float32Array>;
        decode(latents: Float32Array): Promise<Float32Array>;
        project(latents: Float32Array): Promise<Float32Array>;
        map: { images: Float32Array };
      };
      engine(): { setRenderSize(size: { width: number; height: number } | null): void };
      readCounters(): Promise<unknown>;
      settleRollouts(): Promise<unknown>;
      setU(u: number, options?: { ramp?: boolean }): void;
      setState(patch: Record<string, unknown>): void;
      choosePreset(name: string): Promise<boolean>;
      step(n: number): Promise<void>;
    };
    const lf = (window as unknown as { latentflow: Api }).latentflow;
    const pending: Promise<unknown>[] = [];
    const failures: string[] = [];
    const watch = (index: number, what: string, read: () => Promise<unknown>) => {
      pending.push(
        read().catch((e: unknown) => {
          failures.push(`op ${index} (${what}): ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
        }),
      );
    };
    for (const [i, o] of list.entries()) {
      const flow = lf.flow();
      switch (o.op) {
        case 'positions':
          watch(i, o.op, () => flow.debug.particlePositions());
          break;
        case 'counters':
          watch(i, o.op, () => lf.readCounters());
          break;
        case 'sample':
          watch(i, o.op, () => flow.sampleParticles(16));
          break;
        case 'models': {
          const image = flow.map.images.slice((i % 50) * 784, (i % 50) * 784 + 784);
          watch(i, o.op, async () => {
            const z = await flow.encode(image);
            return Promise.all([flow.decode(z), flow.project(z)]);
          });
          break;
        }
        case 'rollouts':
          watch(i, o.op, () => lf.settleRollouts());
          break;
        case 'setU':
          lf.setU(o.u, { ramp: o.ramp });
          break;
        case 'preset':
          watch(i, `preset ${o.name}`, () => lf.choosePreset(o.name));
          break;
        case 'particles':
          lf.setState({ particles: o.count });
          break;
        case 'renderSize':
          lf.engine().setRenderSize(o.size);
          break;
        case 'frames':
          await lf.step(o.n);
          break;
      }
    }
    await Promise.all(pending);
    lf.engine().setRenderSize(null);
    await lf.step(2);
    return failures;
  }
};

export function defineStressSuite(path: keyof typeof PATHS): void {
  const { frames, counts, presets } = PATHS[path];
  describe(`read-outs, u, presets and resizes at random moments (${path})`, () => {
    const session = usePageSession();
    let scene: ScenePage | undefined;

    beforeAll(async () => {
      // Fixed-step frames, so a seed gives the same frames between the same operations; no bloom
      // (a render pass that costs time here and reads nothing back).
      scene = await openScene(session.browser(), session.server(), `backend=${path}&particles=${counts[1]}&adaptive=0&fixedStep=1&frameRate=30&bloom=0`, WINDOWS[0], 240_000);
    }, 260_000);

    afterAll(async () => {
      await scene?.close();
    });

    it(`replays ${SEEDS.length} seeded sequences with no page, console or GPU error`, async () => {
      const { page } = scene!.tab;
      for (const seed of SEEDS) {
        const ops = stressOps(seed, frames, counts, presets);
        const before = scene!.tab.errors.length;
        let done = false;
        const run = page.evaluate(replayInPage, ops).finally(() => (done = true));
        // The window changes while the replay runs, as a person dragging it would.
        const random = seeded(seed ^ 0x5eed);
        while (!done) {
          await new Promise((resolve) => setTimeout(resolve, 200 + random() * 1500));
          if (!done) await page.setViewportSize(WINDOWS[Math.floor(random() * WINDOWS.length)]!);
        }
        const failures = await run;
        expect(failures, `seed ${seed}: replay with STRESS_SEEDS=${seed}`).toEqual([]);
        expect(appErrors(scene!.tab.errors.slice(before)), `seed ${seed}: replay with STRESS_SEEDS=${seed}`).toEqual([]);
        // GPU validation errors reach the page's error notices, not the console.
        const shown = await page.evaluate(() => ({ errors: document.documentElement.dataset.errors ?? '0', lines: [...document.querySelectorAll('.notices .error')].map((e) => e.textContent) }));
        expect(shown, `seed ${seed}: replay with STRESS_SEEDS=${seed}`).toEqual({ errors: '0', lines: [] });
      }
    }, 900_000);
  });
}
