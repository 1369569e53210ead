/**
 * Holds a target frame rate by changing the particle count: smoothed frame time over budget ->
 * fewer particles, well under -> more. Changes are rare (each rebuilds buffers), quantised, and
 * bounded, so the count settles instead of hunting.
 */
export interface BudgetOptions {
  min: number;
  max: number;
  /** Seconds between two changes. */
  holdSeconds: number;
}

export const DEFAULT_BUDGET: BudgetOptions = { min: 256, max: 1_048_576, holdSeconds: 1.5 };

/** Rounds to a multiple of 1024 (or 64 below 4096) so sizes repeat and buffers can be reused. */
export function quantiseCount(n: number): number {
  const q = n < 4096 ? 64 : 1024;
  return Math.max(q, Math.round(n / q) * q);
}

export class AdaptiveBudget {
  private smoothedMs = 0;
  private samples = 0;
  private lastChange = -Infinity;

  constructor(private readonly options: BudgetOptions = DEFAULT_BUDGET) {}

  /** Forget history (after a manual count change or a rebuild). */
  reset(now: number): void {
    this.samples = 0;
    this.smoothedMs = 0;
    this.lastChange = now;
  }

  /**
   * Feeds the time between two drawn frames; returns the new count to use, or null to keep
   * `current`. `now` in seconds.
   */
  observe(frameMs: number, now: number, current: number, targetFps: number): number | null {
    if (!Number.isFinite(frameMs) || frameMs <= 0) return null;
    this.smoothedMs = this.samples === 0 ? frameMs : this.smoothedMs * 0.9 + frameMs * 0.1;
    this.samples++;
    if (this.samples < 8 || now - this.lastChange < this.options.holdSeconds) return null;
    const targetMs = 1000 / targetFps;
    const ratio = targetMs / this.smoothedMs;
    let next = current;
    if (ratio < 0.87) next = current * Math.max(0.5, ratio * 0.95);
    else if (ratio > 1.25) next = current * Math.min(1.5, ratio * 0.9);
    next = quantiseCount(Math.min(this.options.max, Math.max(this.options.min, next)));
    if (next === current) return null;
    this.reset(now);
    return next;
  }
}
