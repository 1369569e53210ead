/**
 * The live frame loop across a hidden tab (src/page/loop/frame-loop.ts), with animation frames and
 * the document stubbed: the gap while hidden must not reach the engine as a frame time (the
 * adaptive budget would read minutes as a slow device and shed particles), nor as a clock step.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Clock } from '../../src/page/loop/clock';
import { FrameLoop } from '../../src/page/loop/frame-loop';

let frames: ((now: number) => void)[] = [];
let listeners: Map<string, () => void>;

beforeEach(() => {
  frames = [];
  listeners = new Map();
  Object.assign(globalThis, {
    requestAnimationFrame: (f: (now: number) => void) => frames.push(f),
    document: { addEventListener: (type: string, f: () => void) => listeners.set(type, f), removeEventListener: (type: string) => listeners.delete(type) },
  });
});

afterEach(() => {
  delete (globalThis as { requestAnimationFrame?: unknown }).requestAnimationFrame;
  delete (globalThis as { document?: unknown }).document;
});

/** Runs the queued animation frame at wall time `now`. */
function tick(now: number): void {
  const f = frames.shift();
  if (f === undefined) throw new Error('no animation frame queued');
  f(now);
}

async function run(hide: boolean): Promise<{ observed: number[]; deltas: number[] }> {
  const observed: number[] = [];
  const deltas: number[] = [];
  const loop = new FrameLoop(
    { frame: (d) => deltas.push(d), observeFrameTime: (ms) => observed.push(ms), rolloutReadsDone: async () => undefined, gpuDone: async () => undefined },
    new Clock('live', 60),
    () => undefined,
    () => undefined,
  );
  loop.start();
  for (const now of [1000, 1016, 1033, 1050]) {
    tick(now);
    await Promise.resolve();
  }
  if (hide) listeners.get('visibilitychange')!();
  // The tab comes back ten minutes later.
  for (const now of [601_050, 601_066, 601_083]) {
    tick(now);
    await Promise.resolve();
  }
  if (hide) listeners.get('visibilitychange')!();
  loop.stop();
  return { observed, deltas };
}

describe('the frame loop and a hidden tab', () => {
  it('does not report the hidden time as a frame time, and steps the clock as after any stall', async () => {
    const { observed, deltas } = await run(true);
    expect(Math.max(...observed)).toBeLessThan(50);
    expect(Math.max(...deltas)).toBeLessThanOrEqual(0.1);
    expect(listeners.has('visibilitychange')).toBe(false);
  });

  it('a stall it was not told about still reaches the engine (what the visibility hook is for)', async () => {
    const { observed } = await run(false);
    expect(Math.max(...observed)).toBeGreaterThan(500_000);
  });
});
