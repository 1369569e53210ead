import * as tf from '@tensorflow/tfjs';
import { firstOfEachClass, type DigitSet } from './dataset';
import { crossing, round, scoreRollout } from './evaluate';
import type { LatentModels } from './rollout';
import { encodedStarts } from './rollout-start';

/**
 * Whether a trained seed tells the seed's whole story, measured on VALIDATION digits (the
 * default manifold is a choice, and choices are never made on held-out digits): it counts both
 * ways with grounding, its ungrounded rollouts drift away from that, and counting sets in only
 * at a high |u| (the seed's "sharp threshold near 0.95").
 */
export interface ValidationStory {
  /** 10-step step accuracy at u = +1 / -1, grounded and not. */
  grounded: { forward: number; backward: number };
  ungrounded: { forward: number; backward: number };
  /** |u| where grounded step accuracy first reaches 0.5, counting up and down (null: never). */
  crossings: { forward: number | null; backward: number | null };
  /** Validation starts per class in the u sweep (the rollouts use all validation digits). */
  sweep_starts_per_class: number;
}

/** The thresholds of "seed-faithful" (issue 23, Build 4). */
export const FAITHFUL = { step: 0.95, gap: 0.3, crossing: 0.75 } as const;

const SWEEP_US = Array.from({ length: 20 }, (_, i) => round(0.05 * (i + 1), 2));

export async function measureValidationStory(
  models: LatentModels,
  judge: tf.LayersModel,
  validation: DigitSet,
  sweepStartsPerClass = 20,
  steps = 10,
): Promise<ValidationStory> {
  const starts = await encodedStarts(models.encoder, validation.images);
  const step = async (u: number, grounded: boolean) => (await scoreRollout(models, judge, starts, validation.labels, u, steps, grounded)).step_accuracy;
  const grounded = { forward: await step(1, true), backward: await step(-1, true) };
  const ungrounded = { forward: await step(1, false), backward: await step(-1, false) };
  starts.dispose();
  const sweepSet = firstOfEachClass(validation, sweepStartsPerClass);
  const sweepStarts = await encodedStarts(models.encoder, sweepSet.images);
  const curve = async (sign: number) => {
    const values: number[] = [];
    for (const u of SWEEP_US) values.push((await scoreRollout(models, judge, sweepStarts, sweepSet.labels, sign * u, steps, true)).step_accuracy);
    return crossing(SWEEP_US, values, 0.5);
  };
  const crossings = { forward: await curve(1), backward: await curve(-1) };
  sweepStarts.dispose();
  return { grounded, ungrounded, crossings, sweep_starts_per_class: sweepStartsPerClass };
}

/** A manifold's story over all its seeds: each figure the least favourable of seeds and directions. */
export interface ManifoldStory {
  label_free: boolean;
  /** Lowest grounded step accuracy. */
  step: number;
  /** Smallest grounded minus ungrounded step accuracy (same seed, same direction). */
  gap: number;
  /** Lowest |u| where counting crosses 0.5 (a seed that never crosses counts as 1). */
  crossing: number;
  /** The clauses that fail, each with its shortfall, in words; empty when the manifold is faithful. */
  fails: string[];
}

export function manifoldStory(labelFree: boolean, stories: readonly ValidationStory[]): ManifoldStory | null {
  if (stories.length === 0) return null;
  const step = Math.min(...stories.flatMap((s) => [s.grounded.forward, s.grounded.backward]));
  const gap = Math.min(...stories.flatMap((s) => [s.grounded.forward - s.ungrounded.forward, s.grounded.backward - s.ungrounded.backward]));
  const crossing = Math.min(...stories.flatMap((s) => [s.crossings.forward ?? 1, s.crossings.backward ?? 1]));
  const fails: string[] = [];
  const f2 = (x: number) => x.toFixed(3);
  if (!labelFree) fails.push('its encoder reads labels');
  if (step < FAITHFUL.step) fails.push(`counts ${f2(step)}, ${f2(FAITHFUL.step - step)} short of ${FAITHFUL.step}`);
  if (gap < FAITHFUL.gap) fails.push(`ungrounded only ${f2(gap)} below grounded, ${f2(FAITHFUL.gap - gap)} short of ${FAITHFUL.gap}`);
  if (crossing < FAITHFUL.crossing) fails.push(`counting crosses 0.5 at |u| = ${crossing.toFixed(2)}, below ${FAITHFUL.crossing}`);
  return { label_free: labelFree, step: round(step), gap: round(gap), crossing: round(crossing, 3), fails };
}
