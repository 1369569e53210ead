/**
 * The frame clock: live (requestAnimationFrame, real time, at most two frames queued on the GPU
 * so a slow device never builds a backlog) or fixed-step (frames advance only through `step(n)`,
 * each 1/60 s of simulated time: deterministic tests and recordings).
 */
import type { App } from './app';

const MAX_IN_FLIGHT = 2;
const FIXED_DELTA = 1 / 60;

export class FrameLoop {
  private running = false;
  private inFlight = 0;
  private last = 0;
  private firstFrameDone = false;
  private lastSlowTick = 0;
  private stepping: Promise<void> = Promise.resolve();

  constructor(
    private readonly app: App,
    private readonly fixedStep: boolean,
    private readonly onFirstFrame: () => void,
    /** Called a few times a second in live mode, after each step(n) in fixed mode. */
    private readonly onSlowTick: () => void,
  ) {}

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

  private readonly tick = (now: number): void => {
    if (!this.running) return;
    requestAnimationFrame(this.tick);
    if (this.inFlight >= MAX_IN_FLIGHT) return;
    const delta = this.last === 0 ? FIXED_DELTA : (now - this.last) / 1000;
    this.last = now;
    this.drawOne(Math.min(delta, 0.1));
    if (delta !== FIXED_DELTA) this.app.observeFrameTime(delta * 1000);
    if (now - this.lastSlowTick > 250) {
      this.lastSlowTick = now;
      this.onSlowTick();
    }
  };

  private drawOne(delta: number): Promise<void> {
    this.app.frame(delta);
    this.inFlight++;
    return this.app.gpuDone().then(() => {
      this.inFlight--;
      if (!this.firstFrameDone) {
        this.firstFrameDone = true;
        this.onFirstFrame();
      }
    });
  }

  /** Draws `count` frames back to back, 1/60 s each, keeping at most two on the GPU. */
  step(count: number): Promise<void> {
    const run = async () => {
      const started = performance.now();
      let pending: Promise<void>[] = [];
      for (let i = 0; i < count && this.running; i++) {
        pending.push(this.drawOne(FIXED_DELTA));
        if (pending.length >= MAX_IN_FLIGHT) {
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
