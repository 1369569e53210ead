/**
 * The engine's frame loop (src/engine/frame-loop.ts) with animation frames stubbed, and the frame
 * timer the engine reads its own frame times with (src/engine/frame-timer.ts): a hidden tab's gap
 * is neither a clock step nor a frame time (the adaptive budget would read minutes as a slow
 * device and shed particles); fixed-step frames are exact and their listeners are awaited in turn.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Clock } from '../../src/engine/clock';
import { FrameLoop } from '../../src/engine/frame-loop';
import { FrameTimer, MAX_FRAME_MS, PAUSE_RATIO } from '../../src/engine/frame-timer';
import type { LatentFlow } from '../../src/engine/latent-flow';

let frames: ((now: number) => void)[] = [];

beforeEach(() => {
  frames = [];
  Object.assign(globalThis, { requestAnimationFrame: (f: (now: number) => void) => frames.push(f) });
});

afterEach(() => {
  delete (globalThis as { requestAnimationFrame?: unknown }).requestAnimationFrame;
});

/** Runs the queued animation frame at wall time `now`. */
function tick(now: number): void {
  const f = frames.shift();
  if (f === undefined) throw new Error('no animation frame queued');
  f(now);
}

/** A flow that records what the loop asks of it. Not a FlowHandle, so the loop finds no engine to wait on. */
function recordingFlow(): { flow: LatentFlow; calls: string[] } {
  const calls: string[] = [];
  const flow = { update: (params: unknown, dt: number) => calls.push(`update ${params === undefined ? 'last' : 'new'} ${dt.toFixed(3)}`), render: () => calls.push('render') };
  // The loop calls only update and render on a flow that is not createLatentFlow's own.
  return { flow: flow as unknown as LatentFlow, calls };
}

describe('the frame loop', () => {
  it('draws with the last params by default and steps the clock no further than a stall allows after a hidden tab', async () => {
    const { flow, calls } = recordingFlow();
    const loop = new FrameLoop(flow);
    loop.start();
    for (const now of [1000, 1016, 1033, 1050]) {
      tick(now);
      await Promise.resolve();
    }
    // The tab comes back ten minutes later.
    for (const now of [601_050, 601_066, 601_083]) {
      tick(now);
      await Promise.resolve();
    }
    loop.stop();
    tick(601_100);
    const deltas = calls.filter((c) => c.startsWith('update')).map((c) => Number(c.split(' ')[2]));
    expect(deltas).toHaveLength(7);
    expect(Math.max(...deltas)).toBeLessThanOrEqual(0.1);
    expect(calls.slice(0, 2)).toEqual(['update last 0.017', 'render']);
    expect(loop.clock.frame).toBe(7);
  });

  it('in fixed-step mode draws exactly n frames of 1/frameRate, each after the last one\'s listeners are done', async () => {
    const { flow } = recordingFlow();
    const seen: string[] = [];
    const loop = new FrameLoop(flow, { clock: new Clock('fixed', 30), draw: ({ frame, time, delta }) => seen.push(`draw ${frame} ${time.toFixed(4)} ${delta.toFixed(4)}`) });
    loop.onFrame(async ({ frame }) => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      seen.push(`heard ${frame}`);
    });
    loop.start();
    await loop.step(3);
    expect(seen).toEqual([
      'draw 0 0.0333 0.0333', 'heard 0',
      'draw 1 0.0667 0.0333', 'heard 1',
      'draw 2 0.1000 0.0333', 'heard 2',
      'draw 3 0.1333 0.0333', 'heard 3',
    ]);
    expect(loop.clock.frame).toBe(4);
    loop.stop();
  });
});

describe('the frame timer', () => {
  it('reports the time between frames, but neither the first frame nor a pause such as a hidden tab', () => {
    const timer = new FrameTimer();
    const times = [1000, 1016, 1316, 601_316, 601_333].map((now) => timer.tick(now));
    expect(times).toEqual([null, 16, 300, null, 17]);
    expect(timer.tick(601_333 + MAX_FRAME_MS)).toBe(MAX_FRAME_MS);
  });

  it('reads a device steadily slower than a frame a second as slow, not as paused', () => {
    const timer = new FrameTimer();
    // The first long gap has nothing to compare with; the ones after it are alike, so they count.
    const times = [0, 1400, 2900, 4300, 5800].map((now) => timer.tick(now));
    expect(times).toEqual([null, null, 1500, 1400, 1500]);
    // A long gap far beyond the ones before it is still a pause.
    expect(timer.tick(5800 + PAUSE_RATIO * 1500 + 1)).toBeNull();
  });
});
