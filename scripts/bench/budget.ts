/**
 * Time budgets: software devices here are 100x slower than a real GPU, so every measurement
 * decides how many frames it can afford from what it has already seen, and says so when it
 * takes fewer than asked or none at all.
 */
import { summarise } from './stats';
import type { FrameSamples, Maybe, Timing } from './types';

export class Budget {
  private readonly deadline: number;

  constructor(readonly seconds: number) {
    this.deadline = performance.now() + seconds * 1000;
  }

  remainingMs(): number {
    return Math.max(0, this.deadline - performance.now());
  }

  /** e.g. "41.2 s left of the 90 s budget" */
  describe(): string {
    return `${(this.remainingMs() / 1000).toFixed(1)} s left of the ${this.seconds} s budget`;
  }
}

export interface RepeatPlan {
  /** Timed repetitions wanted (>= 20 in a full run). */
  frames: number;
  /** Untimed repetitions first (shader compilation, first-use allocations). */
  warmup: number;
  /** Fewer than this and the measurement is skipped rather than reported. */
  minFrames: number;
}

/** A guess of the cost of one repetition before running any, and where it came from. */
export interface Estimate {
  msPerRep: number;
  basis: string;
}

export interface Measured {
  timing: Maybe<Timing>;
  /** Samples of the timed repetitions (absent when skipped). */
  samples?: FrameSamples;
  /** ms per repetition seen after warm-up, for estimating the next size; null when nothing ran. */
  msPerRep: number | null;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/**
 * Warm-up, then as many timed repetitions as `plan` asks and `share` of the budget allows.
 * `run(k)` performs k repetitions, each synchronised with the device, and returns their samples.
 */
export async function measureWithin(
  what: string,
  run: (k: number) => Promise<FrameSamples>,
  plan: RepeatPlan,
  budget: Budget,
  estimate: Estimate | null,
  share = 1,
): Promise<Measured> {
  const allowed = () => budget.remainingMs() * share;
  if (estimate !== null) {
    const need = estimate.msPerRep * (plan.warmup + plan.minFrames);
    if (need > allowed()) {
      return {
        timing: {
          skipped: `${what}: estimated ${seconds(need)} for ${plan.warmup} warm-up + ${plan.minFrames} frames at ~${Math.round(estimate.msPerRep)} ms each (${estimate.basis}), over the ${seconds(allowed())} allowed (${budget.describe()})`,
        },
        msPerRep: null,
      };
    }
  }
  try {
    return await warmAndTime(what, run, plan, budget, estimate, allowed);
  } catch (e) {
    // A failure on one size or path (e.g. out of device memory) is a finding, not a crash.
    return { timing: { skipped: `${what}: failed: ${(e as Error).message.split('\n')[0]}` }, msPerRep: null };
  }
}

async function warmAndTime(
  what: string,
  run: (k: number) => Promise<FrameSamples>,
  plan: RepeatPlan,
  budget: Budget,
  estimate: Estimate | null,
  allowed: () => number,
): Promise<Measured> {
  const warm = plan.warmup > 0 ? (await run(plan.warmup)).ms : [];
  // The first warm-up repetition carries compilation; later ones are representative.
  const settled = warm.length > 1 ? warm.slice(1) : warm;
  const perRep = settled.length > 0 ? Math.min(...settled) : (estimate?.msPerRep ?? 0);
  const fit = perRep > 0 ? Math.floor(allowed() / perRep) : plan.frames;
  const frames = Math.min(plan.frames, fit);
  if (frames < plan.minFrames) {
    return {
      timing: {
        skipped: `${what}: after ${plan.warmup} warm-up frames one frame takes ~${Math.round(perRep)} ms, so ${plan.minFrames} frames need ${seconds(perRep * plan.minFrames)}, over the ${seconds(allowed())} allowed (${budget.describe()})`,
      },
      msPerRep: perRep > 0 ? perRep : null,
    };
  }
  const samples = await run(frames);
  const reduced =
    frames < plan.frames
      ? `${frames} of ${plan.frames} frames: at ~${Math.round(perRep)} ms a frame the budget (${seconds(allowed())} for this measurement) allows no more`
      : undefined;
  const timing = summarise(samples.ms, plan.warmup, reduced);
  return { timing, samples, msPerRep: timing.medianMs };
}
