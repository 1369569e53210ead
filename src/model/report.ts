import * as tf from '@tensorflow/tfjs';
import { firstOfEachClass, PIXELS, type DigitSet } from './dataset';
import { attractorCensus, type AttractorCensus } from './attractors';
import { evaluateControl, type ControlReport } from './control-report';
import {
  crossing,
  encodeImages,
  judgeDigits,
  knnAccuracy,
  reconstructionMse,
  round,
  scoreRollout,
  type RolloutScore,
} from './evaluate';
import { offManifoldReport, type OffManifoldReport } from './off-manifold';
import type { LatentModels } from './rollout';
import { encodedStarts } from './rollout-start';

export interface EvalOptions {
  steps: number;
  /** Spacing of the u sweep from -1 to 1. */
  sweepStep: number;
  /** Held-out starts per class used in the sweep (all 100 unless a quick run asks for fewer). */
  sweepStartsPerClass: number;
  attractorSteps: number;
  /** Held-out starts per class that steer to a target (all 100 unless a quick run asks for fewer). */
  controlStartsPerClass: number;
}

/** The u sweep uses 50 held-out starts per class (500): enough for the threshold's shape, and six seeds' sweeps fit in minutes. */
export const FULL_EVAL: EvalOptions = { steps: 10, sweepStep: 0.05, sweepStartsPerClass: 50, attractorSteps: 50, controlStartsPerClass: 100 };

export interface EvalReport {
  split: { references: string; queries: string; queries_count: number };
  judge: { kind: string; trained_on: string; heldout_accuracy: number };
  knn_accuracy: number;
  pixel_knn_accuracy: number;
  recon_mse: number;
  rollouts: {
    grounded: { forward: RolloutScore; backward: RolloutScore };
    ungrounded: { forward: RolloutScore; backward: RolloutScore };
  };
  /** |z - E(D(z))| along grounded and ungrounded rollouts from the held-out digits. */
  off_manifold: OffManifoldReport;
  u_sweep: {
    starts: number;
    u: number[];
    step_accuracy: number[];
    forward_crosses: { '0.5': number | null; '0.9': number | null };
    backward_crosses: { '0.5': number | null; '0.9': number | null };
  };
  attractors_u0: AttractorCensus;
  /** Steering to a target digit (src/model/steer.ts), on the same held-out digits. */
  control: ControlReport;
  seconds: number;
}

/**
 * Every figure of `npm run eval`, measured on held-out digits only. References for the k-NN
 * figures are the training digits; the judge was trained on neither set.
 */
export async function evaluateHeldOut(
  models: LatentModels,
  judge: tf.LayersModel,
  training: DigitSet,
  heldOut: DigitSet,
  options: EvalOptions = FULL_EVAL,
  onStage?: (stage: string) => void,
): Promise<EvalReport> {
  const started = performance.now();
  onStage?.('encoding');
  const trainLatents = await encodeImages(models.encoder, training.images);
  const heldLatents = await encodeImages(models.encoder, heldOut.images);
  const dim = heldLatents.length / heldOut.count;
  const judged = await judgeDigits(judge, heldOut.images);
  const judgeAccuracy = judged.reduce((acc, d, i) => acc + (d === heldOut.labels[i] ? 1 : 0), 0) / heldOut.count;

  const starts = tf.tensor2d(heldLatents, [heldOut.count, dim]);
  const score = (u: number, grounded: boolean) =>
    scoreRollout(models, judge, starts, heldOut.labels, u, options.steps, grounded);
  onStage?.('rollouts');
  const rollouts = {
    grounded: { forward: await score(1, true), backward: await score(-1, true) },
    ungrounded: { forward: await score(1, false), backward: await score(-1, false) },
  };

  onStage?.('off-manifold distance');
  const offManifold = await offManifoldReport(models, starts, options.steps);

  onStage?.('u sweep');
  const sweepSet = firstOfEachClass(heldOut, options.sweepStartsPerClass);
  const sweepStarts = await encodedStarts(models.encoder, sweepSet.images);
  const us: number[] = [];
  const accuracy: number[] = [];
  const count = Math.round(2 / options.sweepStep);
  for (let i = 0; i <= count; i++) {
    const u = round(-1 + i * options.sweepStep, 6);
    const s = await scoreRollout(models, judge, sweepStarts, sweepSet.labels, u, options.steps, true);
    us.push(u);
    accuracy.push(s.step_accuracy);
  }
  sweepStarts.dispose();
  const positive = us.map((u, i) => [u, accuracy[i]!] as const).filter(([u]) => u > 0);
  const negative = us.map((u, i) => [-u, accuracy[i]!] as const).filter(([u]) => u > 0).reverse();
  const crosses = (side: ReadonlyArray<readonly [number, number]>) => ({
    '0.5': crossing(side.map((p) => p[0]), side.map((p) => p[1]), 0.5),
    '0.9': crossing(side.map((p) => p[0]), side.map((p) => p[1]), 0.9),
  });

  onStage?.('attractors');
  const attractors = await attractorCensus(models, judge, starts, options.attractorSteps);
  starts.dispose();
  onStage?.('control');
  const control = await evaluateControl(models, judge, firstOfEachClass(heldOut, options.controlStartsPerClass));

  return {
    split: {
      references: 'training digits: items 0..99 of each class',
      queries: 'held-out digits: items 500..599 of each class',
      queries_count: heldOut.count,
    },
    judge: {
      kind: 'CNN (conv 32/64 stride 2, dense 128) on pixels',
      trained_on: 'reference digits only (neither training, validation nor held-out)',
      heldout_accuracy: round(judgeAccuracy),
    },
    knn_accuracy: round(knnAccuracy(trainLatents, training.labels, heldLatents, heldOut.labels, dim, 5)),
    pixel_knn_accuracy: round(knnAccuracy(training.images, training.labels, heldOut.images, heldOut.labels, PIXELS, 5)),
    recon_mse: round(await reconstructionMse(models, heldOut.images), 5),
    rollouts,
    off_manifold: offManifold,
    u_sweep: {
      starts: sweepSet.count,
      u: us,
      step_accuracy: accuracy,
      forward_crosses: crosses(positive),
      backward_crosses: crosses(negative),
    },
    attractors_u0: attractors,
    control,
    seconds: round((performance.now() - started) / 1000, 1),
  };
}
