/**
 * The threshold as a curve, measured in the page as `npm run eval` measures it (src/model/report.ts
 * u_sweep): grounded rollouts of `steps` steps at each u from the first `startsPerClass` held-out
 * digits of each class, every step judged, scored by the same scoreJudged. Each step's tfjs work is
 * one synchronous block on the path (the WebGL path shares its context with three), and only the
 * judged digits are read back.
 */
import * as tf from '@tensorflow/tfjs';
import { IMAGE_SIZE, firstOfEachClass } from '../model/dataset';
import { crossing, scoreJudged } from '../model/evaluate';
import { groundedStep } from '../model/rollout';
import { encodeStarts } from '../model/rollout-start';
import type { RenderPath } from './backends/render-path';
import type { World } from './world/world';

export interface SweepOptions {
  /** The u values, in order (eval: -1 to 1 by 0.05). */
  us: readonly number[];
  /** Held-out starts per class (eval: 50). */
  startsPerClass: number;
  /** Steps per rollout (eval: 10). */
  steps: number;
  /** Told after each u (for a chart that fills in as it goes). */
  onPoint?: (u: number, accuracy: number) => void;
}

export interface SweepResult {
  us: number[];
  stepAccuracy: number[];
  starts: number;
  /** Where step accuracy first reaches 0.5 going out from u = 0 (forward: u > 0; backward: |u| for u < 0), or null. */
  forwardCross: number | null;
  backwardCross: number | null;
}

export async function uSweep(world: World, path: Pick<RenderPath, 'runTf'>, options: SweepOptions): Promise<SweepResult | null> {
  const judge = world.input.models.judge;
  if (judge === null) return null;
  const { models } = world.input;
  // Eval picks its sweep digits with firstOfEachClass from the same held-out set, in the same order.
  const heldOut = world.input.heldOut;
  const set = firstOfEachClass({ ...heldOut, indices: Int32Array.from({ length: heldOut.count }, (_, i) => i) }, options.startsPerClass);
  const starts = path.runTf(() => encodeStarts(models.encoder, set.images));
  const accuracy: number[] = [];
  try {
    for (const u of options.us) {
      const judged: Int32Array[] = [];
      let z = path.runTf(() => tf.clone(starts));
      for (let k = 0; k < options.steps; k++) {
        const next = path.runTf(() =>
          tf.tidy(() => {
            const step = groundedStep(models, z, u);
            return { z: step.z, digits: (judge.predict(step.image.reshape([-1, IMAGE_SIZE, IMAGE_SIZE, 1])) as tf.Tensor).argMax(1) };
          }),
        );
        z.dispose();
        z = next.z;
        judged.push(Int32Array.from((await path.runTf(() => next.digits.data())) as Int32Array));
        next.digits.dispose();
      }
      z.dispose();
      const score = scoreJudged(judged, set.labels, Math.sign(u));
      accuracy.push(score.step_accuracy);
      options.onPoint?.(u, score.step_accuracy);
    }
  } finally {
    starts.dispose();
  }
  const us = [...options.us];
  const positive = us.flatMap((u, i) => (u > 0 ? [[u, accuracy[i]!] as const] : []));
  const negative = us.flatMap((u, i) => (u < 0 ? [[-u, accuracy[i]!] as const] : [])).reverse();
  const cross = (side: ReadonlyArray<readonly [number, number]>) => (side.length === 0 ? null : crossing(side.map((p) => p[0]), side.map((p) => p[1]), 0.5));
  return { us, stepAccuracy: accuracy, starts: set.count, forwardCross: cross(positive), backwardCross: cross(negative) };
}
