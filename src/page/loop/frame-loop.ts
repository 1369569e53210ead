/**
 * The frame loop around the clock (src/page/loop/clock.ts): live (requestAnimationFrame, wall time, at
 * most two frames queued on the GPU so a slow device never builds a backlog) or fixed-step
 * (frames advance only through `step(n)`, each exactly 1/frameRate s of clock time).
 *
 * For recording and deterministic renders (the recorder relies on these):
 *  - `step(n)` draws n frames back to back; calls queue, never interleave.
 *  - Frame listeners (`onFrame`) run synchronously right after each frame is drawn, while the
 *    canvas still holds it; a listener may return a promise, awaited before the next frame.
 *  - In fixed-step mode each frame waits for rollout results read back during it, so they land
 *    on the same frame on every run.
 *  - `beforeFrame` hooks (schedules, camera paths) run with the clock's time before each frame.
 */
import type { Clock } from './clock';

/** What the loop drives: one frame at a time, and when the GPU and the rollouts are done with it. */
export interface FrameTarget {
  frame(delta: number): void;
  observeFrameTime(ms: number): void;
  rolloutReadsDone(): Promise<void>;
  gpuDone(): Promise<void>;
}

const MAX_IN_FLIGHT = 2;

export interface FrameTick {
  /** Index of the frame just drawn (0 is the first). */
  frame: number;
  /** Clock time of that frame, seconds. */
  time: number;
  delta: number;
}

type FrameListener = (tick: FrameTick) => void | Promise<void>;
type BeforeFrame = (time: number, delta: number) => void;

export class FrameLoop {
  private running = false;
  private inFlight = 0;
  private lastWall = 0;
  private firstFrameDone = false;
  private lastSlowTick = 0;
  private stepping: Promise<void> = Promise.resolve();
  private readonly listeners = new Set<FrameListener>();
  private readonly before = new Set<BeforeFrame>();
  private current: Clock;

  constructor(
    private readonly app: FrameTarget,
    clock: Clock,
    private readonly onFirstFrame: () => void,
    /** Called a few times a second in live mode, after each step(n) in fixed mode. */
    private readonly onSlowTick: () => void,
  ) {
    this.current = clock;
  }

  get clock(): Clock {
    return this.current;
  }

  /**
   * Swaps the clock (the recorder holds a fresh fixed-step one while it records, then gives the
   * old one back). While a fixed clock is in use on a live page, animation frames draw nothing:
   * only step(n) advances. Schedules restart when the time goes backwards (src/page/present/director.ts).
   */
  useClock(clock: Clock): void {
    this.current = clock;
  }

  get fixedStep(): boolean {
    return this.current.mode === 'fixed';
  }

  start(): void {
    this.running = true;
    document.addEventListener('visibilitychange', this.onVisibility);
    if (this.fixedStep) {
      void this.step(1);
      return;
    }
    requestAnimationFrame(this.tick);
  }

  stop(): void {
    this.running = false;
    document.removeEventListener('visibilitychange', this.onVisibility);
  }

  /**
   * A hidden tab gets no animation frames; when it comes back, the gap is not a frame time (the
   * adaptive budget would read minutes as a slow device and shed particles), so the wall clock
   * starts afresh.
   */
  private readonly onVisibility = (): void => {
    this.lastWall = 0;
    this.current.resetWall();
  };

  /** Runs `listener` right after every drawn frame; returns a function that removes it. */
  onFrame(listener: FrameListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Runs `hook` with the clock's time before every frame; returns a function that removes it. */
  beforeFrame(hook: BeforeFrame): () => void {
    this.before.add(hook);
    return () => this.before.delete(hook);
  }

  private readonly tick = (now: number): void => {
    if (!this.running) return;
    requestAnimationFrame(this.tick);
    if (this.inFlight >= MAX_IN_FLIGHT || this.fixedStep) return;
    const wallSeconds = this.lastWall === 0 ? 0 : (now - this.lastWall) / 1000;
    this.lastWall = now;
    void this.drawOne(now);
    if (wallSeconds > 0) this.app.observeFrameTime(wallSeconds * 1000);
    if (now - this.lastSlowTick > 250) {
      this.lastSlowTick = now;
      this.onSlowTick();
    }
  };

  private drawOne(wallMs?: number): Promise<void> {
    const delta = this.current.advance(wallMs);
    const tick: FrameTick = { frame: this.current.frame - 1, time: this.current.time, delta };
    for (const hook of this.before) hook(tick.time, delta);
    this.app.frame(delta);
    // Synchronously, while the canvas still holds this frame (it is cleared once the task ends).
    const heard = [...this.listeners].map((listener) => listener(tick));
    this.inFlight++;
    const settled = this.fixedStep ? this.app.rolloutReadsDone() : Promise.resolve();
    return Promise.all([this.app.gpuDone(), settled, ...heard]).then(() => {
      this.inFlight--;
      if (!this.firstFrameDone) {
        this.firstFrameDone = true;
        this.onFirstFrame();
      }
    });
  }

  /** Draws `count` frames back to back, one clock step each, keeping at most two on the GPU. */
  step(count: number): Promise<void> {
    const run = async () => {
      const started = performance.now();
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
      if (count > 0) this.app.observeFrameTime((performance.now() - started) / count);
      this.onSlowTick();
    };
    // Calls queue up: two overlapping step() calls never interleave their frames.
    this.stepping = this.stepping.then(run, run);
    return this.stepping;
  }
}
