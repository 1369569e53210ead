/**
 * The engine's own frame loop around a clock (src/engine/clock.ts), for a sketch and for the page
 * alike: live (requestAnimationFrame, wall time, at most two frames queued on the GPU so a slow
 * device never builds a backlog) or fixed-step (frames advance only through `step(n)`, each
 * exactly 1/frameRate s of clock time). It outlives a lost GPU: while the flow restarts, frames
 * draw nothing, and the restarted engine draws the next ones.
 *
 *   const loop = new FrameLoop(flow, { draw: ({ time, delta }) => { flow.update({ u: Math.cos(time) }, delta); flow.render(); } });
 *   loop.start();
 *
 * For recording and deterministic renders (the page's recorder relies on these):
 *  - `step(n)` draws n frames back to back; calls queue, never interleave.
 *  - Frame listeners (`onFrame`) run synchronously right after each frame is drawn, while the
 *    canvas still holds it; a listener may return a promise, awaited before the next frame.
 *  - In fixed-step mode each frame waits for rollout results read back during it, so they land
 *    on the same frame on every run.
 *  - `beforeFrame` hooks (schedules, camera paths) run with the clock's time before each frame.
 */
import { Clock } from './clock';
import { engineOf } from './flow-handle';
import type { LatentFlow } from './latent-flow';

const MAX_IN_FLIGHT = 2;
const SLOW_TICK_MS = 250;

/** One frame, as the loop hands it to `draw`, frame listeners and hooks. */
export interface FrameTick {
  /** Index of the frame (0 is the first). */
  frame: number;
  /** Clock time of that frame, seconds. */
  time: number;
  /** Clock time since the frame before, seconds. */
  delta: number;
}

/** What a FrameLoop draws each frame, on which clock, and what it tells along the way. */
export interface FrameLoopOptions {
  /** Live at 60 fps when absent; a fixed-step clock for deterministic frames (then only step(n) draws). */
  clock?: Clock;
  /**
   * Draws one frame. Absent: `flow.update(undefined, delta)` then `flow.render()` (the engine on
   * its own canvas, under the last params). A sketch drawing with its own renderer renders its
   * own scene here instead of calling render().
   */
  draw?: (tick: FrameTick) => void;
  /** Once the first frame is on screen (its GPU work done). */
  onFirstFrame?: () => void;
  /** A few times a second in live mode, and after each step(n): low-rate work such as a HUD. */
  onSlowTick?: () => void;
}

/**
 * Drives a LatentFlow one frame at a time: on every animation frame (live clock) or through
 * `step(n)` (fixed-step clock). `start()` begins, `stop()` ends; it goes on through a GPU restart.
 */
export class FrameLoop {
  private running = false;
  private inFlight = 0;
  private firstFrameDone = false;
  private lastSlowTick = 0;
  private stepping: Promise<void> = Promise.resolve();
  private readonly listeners = new Set<(tick: FrameTick) => void | Promise<void>>();
  private readonly before = new Set<(time: number, delta: number) => void>();
  private current: Clock;
  private readonly draw: (tick: FrameTick) => void;

  constructor(
    private readonly flow: LatentFlow,
    private readonly options: FrameLoopOptions = {},
  ) {
    this.current = options.clock ?? new Clock('live', 60);
    this.draw =
      options.draw ??
      (({ delta }) => {
        flow.update(undefined, delta);
        flow.render();
      });
  }

  get clock(): Clock {
    return this.current;
  }

  /**
   * Swaps the clock (the page's recorder holds a fresh fixed-step one while it records, then
   * gives the old one back). While a fixed clock is in use, animation frames draw nothing: only
   * step(n) advances. Schedules restart when the time goes backwards (src/page/present/director.ts).
   */
  useClock(clock: Clock): void {
    this.current = clock;
  }

  get fixedStep(): boolean {
    return this.current.mode === 'fixed';
  }

  /** Starts drawing: every animation frame in live mode, the first frame only in fixed-step mode. */
  start(): void {
    this.running = true;
    if (this.fixedStep) {
      void this.step(1);
      return;
    }
    requestAnimationFrame(this.tick);
  }

  stop(): void {
    this.running = false;
  }

  /** Runs `listener` right after every drawn frame; returns a function that removes it. */
  onFrame(listener: (tick: FrameTick) => void | Promise<void>): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Runs `hook` with the clock's time before every frame; returns a function that removes it. */
  beforeFrame(hook: (time: number, delta: number) => void): () => void {
    this.before.add(hook);
    return () => this.before.delete(hook);
  }

  private readonly tick = (now: number): void => {
    if (!this.running) return;
    requestAnimationFrame(this.tick);
    if (this.inFlight >= MAX_IN_FLIGHT || this.fixedStep) return;
    void this.drawOne(now);
    if (now - this.lastSlowTick > SLOW_TICK_MS) {
      this.lastSlowTick = now;
      this.options.onSlowTick?.();
    }
  };

  private drawOne(wallMs?: number): Promise<void> {
    const delta = this.current.advance(wallMs);
    const tick: FrameTick = { frame: this.current.frame - 1, time: this.current.time, delta };
    for (const hook of this.before) hook(tick.time, delta);
    this.draw(tick);
    // Synchronously, while the canvas still holds this frame (it is cleared once the task ends).
    const heard = [...this.listeners].map((listener) => listener(tick));
    this.inFlight++;
    // The engine drawing now; none while it restarts after a lost GPU (nothing was drawn to wait for).
    const engine = engineOf(this.flow);
    const gpu = engine?.gpuDone() ?? Promise.resolve();
    const settled = this.fixedStep ? (engine?.rolloutReadsDone() ?? Promise.resolve()) : Promise.resolve();
    return Promise.all([gpu, settled, ...heard]).then(() => {
      this.inFlight--;
      if (!this.firstFrameDone) {
        this.firstFrameDone = true;
        this.options.onFirstFrame?.();
      }
    });
  }

  /** Draws `count` frames back to back, one clock step each, keeping at most two on the GPU. */
  step(count: number): Promise<void> {
    const run = async () => {
      let pending: Promise<void>[] = [];
      for (let i = 0; i < count && this.running; i++) {
        pending.push(this.drawOne());
        // Fixed-step frames wait for the previous one in full, so rollout results and frame
        // listeners land on the same frame every run; live step(n) may overlap two frames.
        if (pending.length >= (this.fixedStep ? 1 : MAX_IN_FLIGHT)) {
          await pending[0];
          pending = pending.slice(1);
        }
      }
      await Promise.all(pending);
      this.options.onSlowTick?.();
    };
    // Calls queue up: two overlapping step() calls never interleave their frames.
    this.stepping = this.stepping.then(run, run);
    return this.stepping;
  }
}
