/**
 * What the engine makes of the caller's FlowParams, frame by frame, without writing to them: the
 * applied u (ramping to the one asked for), the particle count the simulation should hold (the
 * one asked for when it changes, else the adaptive budget's) and the particle lifetime in frames.
 * No GPU here, so the bookkeeping is tested on its own (tests/unit/frame-params.test.ts).
 */
import { flowParams, type FlowParams } from '../spec/flow-params';
import { approachU } from '../spec/u';
import { AdaptiveBudget, DEFAULT_BUDGET } from './adaptive-budget';

export class FrameParams {
  private current: FlowParams;
  private appliedU: number;
  private jump = false;
  /** The `particles` last asked for: a change to it is a request, the same value again is not. */
  private asked: number;
  private target: number;
  private readonly budget = new AdaptiveBudget(DEFAULT_BUDGET);

  /** `count`: the particles to start with (the path's own count when the caller named none). */
  constructor(params: FlowParams, count: number) {
    this.current = params;
    this.appliedU = params.u;
    this.asked = params.particles;
    this.target = flowParams({ particles: count }).particles;
  }

  /** This frame's params (checked), the last ones when none are given. */
  get params(): FlowParams {
    return this.current;
  }

  /** The u the particles move under. */
  get u(): number {
    return this.appliedU;
  }

  /** The particle count the simulation should hold now. */
  get count(): number {
    return this.target;
  }

  /** The next frame's u arrives at the one asked for at once instead of ramping. */
  jumpU(): void {
    this.jump = true;
  }

  /** Takes this frame's params (never changing them) and ramps u over `delta` seconds. */
  next(input: Readonly<Partial<FlowParams>> | undefined, delta: number): FlowParams {
    const params = input === undefined ? this.current : flowParams(input);
    this.current = params;
    if (params.particles !== this.asked) {
      this.asked = params.particles;
      this.target = params.particles;
    }
    this.appliedU = approachU(this.appliedU, params.u, this.jump ? Infinity : delta);
    this.jump = false;
    return params;
  }

  /** Model steps a particle lives, in frames. */
  maxAgeFrames(): number {
    return Math.max(2, Math.round(this.current.lifetime / this.current.dt));
  }

  /**
   * Feeds the time between drawn frames to the budget; returns the new count when it changes
   * one. A fixed-step clock never lets wall time change the view (same preset, same frames).
   */
  observe(frameMs: number, now: number, fixedStep: boolean): number | null {
    const { adaptive, paused, targetFps } = this.current;
    if (!adaptive || paused || fixedStep) return null;
    const next = this.budget.observe(frameMs, now, this.target, targetFps);
    if (next !== null) this.target = next;
    return next;
  }

  /** After the simulation was rebuilt: the budget measures the new count afresh. */
  rebuilt(now: number): void {
    this.budget.reset(now);
  }
}
