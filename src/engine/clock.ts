/**
 * The frame clock's arithmetic, apart from the loop that drives it (src/engine/frame-loop.ts):
 * live mode follows wall time (capped, so a stalled or hidden tab does not leap); fixed-step mode
 * advances exactly 1/frameRate per frame and computes time from the frame count, so frame N is at
 * N / frameRate on every run, however slow the machine (canvas-sketch's recording clock).
 * Schedules read `time`.
 */
/** live: frames follow wall time; fixed: each frame is exactly 1/frameRate s, however long it took. */
export type ClockMode = 'live' | 'fixed';

/** Longest step live mode takes after a stall (seconds). */
export const MAX_LIVE_DELTA = 0.1;

/** A frame clock: its frame count and time, advanced one frame at a time by a FrameLoop. */
export class Clock {
  private frames = 0;
  private liveTime = 0;
  private lastWall: number | null = null;

  constructor(
    readonly mode: ClockMode,
    /** Fixed-step frames per second; live mode uses it only for its first frame. */
    readonly frameRate: number,
  ) {
    if (!(frameRate > 0) || !Number.isFinite(frameRate)) throw new Error(`frame rate must be positive, got ${frameRate}`);
  }

  /** Frames advanced so far. */
  get frame(): number {
    return this.frames;
  }

  /** Seconds of clock time at the current frame. */
  get time(): number {
    return this.mode === 'fixed' ? this.frames / this.frameRate : this.liveTime;
  }

  /** The step a fixed-step frame takes (seconds). */
  get fixedDelta(): number {
    return 1 / this.frameRate;
  }

  /**
   * Advances one frame and returns its delta in seconds. `wallMs` (live mode) is the wall time
   * of this frame, e.g. requestAnimationFrame's timestamp; fixed mode ignores it.
   */
  advance(wallMs?: number): number {
    let delta = this.fixedDelta;
    if (this.mode === 'live' && wallMs !== undefined) {
      if (this.lastWall !== null) delta = Math.min(MAX_LIVE_DELTA, Math.max(0, (wallMs - this.lastWall) / 1000));
      this.lastWall = wallMs;
    }
    this.frames++;
    if (this.mode === 'live') this.liveTime += delta;
    return delta;
  }
}
