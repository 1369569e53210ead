/**
 * The `control` section of `npm run eval`: how well the steering controller (steer.ts) reaches a
 * target digit and holds it, measured on a digit set (held-out in eval, validation when choosing
 * the policy). Each start steers to one target, (label + 1 + i mod 9) mod 10 for start i, so every
 * cyclic distance is tried about equally often.
 */
import * as tf from '@tensorflow/tfjs';
import { CLASSES, type DigitSet } from './dataset';
import { judgeDigits, round } from './evaluate';
import { rollout, type LatentModels } from './rollout';
import { encodedStarts } from './rollout-start';
import { cyclicDistance, steerRollout, STEER_POLICY, type SteerPolicy } from './steer';

/** Steps allowed to reach the target, and steps the hold is then watched for (the 10 and 20). */
export const REACH_STEPS = 10;
export const HOLD_STEPS = 20;

export interface ControlReport {
  starts: number;
  targets: string;
  policy: SteerPolicy;
  /** Share of starts judged as their target within REACH_STEPS steps. */
  reach_rate: number;
  /** Per cyclic distance (1..5): starts, share reached, mean steps to reach (over those reached). */
  by_distance: Record<string, { starts: number; reach_rate: number; mean_steps: number | null }>;
  /** From each arrival state: share of the next HOLD_STEPS steps judged as the target. */
  hold: { starts: number; steered: number; plain_u0: number; steered_by_target: number[]; plain_u0_by_target: number[] };
}

/** The target of start i whose digit is `label`. */
export function controlTarget(label: number, i: number): number {
  return (label + 1 + (i % (CLASSES - 1))) % CLASSES;
}

/** First step k (0..limit) whose reading is the target, or -1. */
export function reachStep(labels: readonly Int32Array[], start: number, target: number, limit: number): number {
  for (let k = 0; k <= Math.min(limit, labels.length - 1); k++) if (labels[k]![start] === target) return k;
  return -1;
}

/** Share of readings from step `fromStep` on that are the target: over all starts, and per target digit. */
function shareOnTarget(labels: readonly Int32Array[], targets: Int32Array, fromStep: number): { all: number; byTarget: number[] } {
  const hits = new Array<number>(CLASSES).fill(0);
  const tries = new Array<number>(CLASSES).fill(0);
  for (let k = fromStep; k < labels.length; k++) {
    for (let i = 0; i < targets.length; i++) {
      tries[targets[i]!]!++;
      if (labels[k]![i] === targets[i]) hits[targets[i]!]!++;
    }
  }
  const sum = (v: number[]) => v.reduce((a, b) => a + b, 0);
  return { all: sum(hits) / Math.max(1, sum(tries)), byTarget: hits.map((h, t) => round(h / Math.max(1, tries[t]!), 3)) };
}

export async function evaluateControl(
  models: LatentModels,
  judge: tf.LayersModel,
  digits: DigitSet,
  policy: SteerPolicy = STEER_POLICY,
): Promise<ControlReport> {
  const z0 = await encodedStarts(models.encoder, digits.images);
  const dim = z0.shape[1];
  const targets = Int32Array.from(digits.labels, (label, i) => controlTarget(label, i));
  const reach = await steerRollout(models, judge, z0, targets, REACH_STEPS, policy);
  z0.dispose();

  const reached: number[] = [];
  const arrivals: number[] = [];
  const byDistance = new Map<number, { starts: number; reached: number; steps: number }>();
  for (let i = 0; i < digits.count; i++) {
    const d = cyclicDistance(digits.labels[i]!, targets[i]!);
    const row = byDistance.get(d) ?? { starts: 0, reached: 0, steps: 0 };
    row.starts++;
    const k = reachStep(reach.labels, i, targets[i]!, REACH_STEPS);
    if (k >= 0) {
      row.reached++;
      row.steps += k;
      reached.push(i);
      arrivals.push(k);
    }
    byDistance.set(d, row);
  }

  // Both holds start from the same arrival states: the steered one, and u = 0 left to drift.
  const arrival = new Float32Array(reached.length * dim);
  reached.forEach((i, r) => arrival.set(reach.latents[arrivals[r]!]!.subarray(i * dim, (i + 1) * dim), r * dim));
  const held = Int32Array.from(reached, (i) => targets[i]!);
  let steered = { all: 0, byTarget: [] as number[] };
  let plain = { all: 0, byTarget: [] as number[] };
  if (reached.length > 0) {
    const za = tf.tensor2d(arrival, [reached.length, dim]);
    const hold = await steerRollout(models, judge, za, held, HOLD_STEPS, policy);
    steered = shareOnTarget(hold.labels, held, 1);
    const drift = await rollout(models, za, () => 0, { steps: HOLD_STEPS, grounded: true });
    plain = shareOnTarget(await Promise.all(drift.images.map((img) => judgeDigits(judge, img))), held, 0);
    za.dispose();
  }

  const distances = [...byDistance.keys()].sort((a, b) => a - b);
  return {
    starts: digits.count,
    targets: 'start i (digit d) steers to (d + 1 + i mod 9) mod 10',
    policy,
    reach_rate: round(reached.length / digits.count),
    by_distance: Object.fromEntries(
      distances.map((d) => {
        const r = byDistance.get(d)!;
        return [String(d), { starts: r.starts, reach_rate: round(r.reached / r.starts), mean_steps: r.reached > 0 ? round(r.steps / r.reached, 2) : null }];
      }),
    ),
    hold: {
      starts: reached.length,
      steered: round(steered.all),
      plain_u0: round(plain.all),
      steered_by_target: steered.byTarget,
      plain_u0_by_target: plain.byTarget,
    },
  };
}
