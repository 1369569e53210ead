/**
 * The `rotation` section of `npm run eval` (issue 13): on held-out digits, how a manifold's rotation
 * dynamics turn a digit, for single steps at several asked angles and for grounded rollouts of
 * repeated small turns. The start is the manifold's own rendering of the digit, D(E(x)), so a
 * manifold is not charged for how it reconstructs, only for how it turns.
 */
import * as tf from '@tensorflow/tfjs';
import { CLASSES, digitImage, digitImages, type DigitSet, firstOfEachClass } from './dataset';
import { judgeDigits, round } from './evaluate';
import { decode, dynamicsStep, encode, type LatentModels } from './rollout';
import { encodedStarts } from './rollout-start';
import { estimateAngle, keptInstance, nearestExemplar, rotatedStarts, slopeThroughOrigin } from './rotation-measure';
import { MAX_ROTATION_DEG } from './rotation';

/** Single steps ask for these angles (degrees); rollouts take ROLLOUT_STEPS turns of ROLLOUT_DEG. */
export const SINGLE_ANGLES = [-30, -15, -7.5, 7.5, 15, 30] as const;
export const ROLLOUT_STEPS = 8;
export const ROLLOUT_DEG = 7.5;

export interface RotationScore {
  /** Mean |achieved - asked| in degrees. */
  mean_abs_error_deg: number;
  /** Least-squares slope of achieved against asked (1: turns as asked, 0: does not turn). */
  slope: number;
  /** Share of steps the judge reads as the start's digit. */
  identity_kept: number;
  /** Share of steps whose image, turned back by the asked angle, is nearest the start's own exemplar. */
  instance_kept: number;
  /** Share of steps read as the start's digit but nearest another exemplar: snapped to another instance. */
  snapped: number;
}

/**
 * Each start's own rollout, in the order the starts were measured: which held-out digit it is (its
 * class and its index within the class in the mnist package, as shipped digit files name them) and
 * its slope and mean error alone. The pooled slope is the mean of these (every start is asked the
 * same angles), so the page can show a start whose own figures sit where most starts' do.
 */
export interface RotationStarts {
  label: number[];
  index: number[];
  slope: number[];
  mean_abs_error_deg: number[];
}

export interface RotationReport {
  starts: number;
  single: RotationScore & { by_angle: Record<string, number> };
  rollout: RotationScore & { achieved_by_step: number[]; by_start: RotationStarts };
}

interface Tally {
  asked: number[];
  achieved: number[];
  identity: number;
  instance: number;
  snapped: number;
}

const tally = (): Tally => ({ asked: [], achieved: [], identity: 0, instance: 0, snapped: 0 });

function score(t: Tally): RotationScore {
  const n = t.asked.length;
  return {
    mean_abs_error_deg: round(t.asked.reduce((s, a, i) => s + Math.abs(t.achieved[i]! - a), 0) / n, 2),
    slope: round(slopeThroughOrigin(t.asked, t.achieved), 3),
    identity_kept: round(t.identity / n),
    instance_kept: round(t.instance / n),
    snapped: round(t.snapped / n),
  };
}

/** Images (n x 784) of one step from latents z at control c each, and their judged digits. */
async function stepImages(models: LatentModels, z: tf.Tensor2D, c: number): Promise<{ images: Float32Array; next: tf.Tensor2D }> {
  const { image, next } = tf.tidy(() => {
    const image = decode(models.decoder, dynamicsStep(models.dynamics, z, c));
    return { image, next: encode(models.encoder, image) };
  });
  const images = (await image.data()) as Float32Array;
  image.dispose();
  return { images, next };
}

/**
 * `models.dynamics` is the manifold's ROTATION dynamics. `exemplars` are the training digits (their
 * nearest one per class tells an instance); `perClass` held-out starts of each class are used.
 */
export async function evaluateRotation(models: LatentModels, judge: tf.LayersModel, heldOut: DigitSet, exemplars: DigitSet, perClass = 20): Promise<RotationReport> {
  const set = firstOfEachClass(heldOut, perClass);
  const n = set.count;
  const { labels, images } = set;
  const z0 = await encodedStarts(models.encoder, images);
  const startImages = (await tf.tidy(() => decode(models.decoder, z0)).data()) as Float32Array;
  const starts = Array.from({ length: n }, (_, r) => digitImage(startImages, r).slice());
  const turned = starts.map((s) => rotatedStarts(s));
  const classExemplars = Array.from({ length: CLASSES }, (_, d) => {
    return digitImages(exemplars.images, [...exemplars.labels.keys()].filter((i) => exemplars.labels[i] === d));
  });
  const startExemplar = starts.map((s, r) => nearestExemplar(s, classExemplars[labels[r]!]!));

  const record = async (t: Tally, stepped: Float32Array, asked: number, perStep?: number[], perStart?: number[][]): Promise<void> => {
    const judged = await judgeDigits(judge, stepped);
    let sum = 0;
    for (let r = 0; r < n; r++) {
      const image = digitImage(stepped, r);
      const achieved = estimateAngle(image, turned[r]!).angle;
      sum += achieved;
      perStart?.[r]!.push(achieved);
      t.asked.push(asked);
      t.achieved.push(achieved);
      const identity = judged[r] === labels[r];
      const instance = keptInstance(image, asked, startExemplar[r]!, classExemplars[labels[r]!]!);
      if (identity) t.identity++;
      if (instance) t.instance++;
      if (identity && !instance) t.snapped++;
    }
    perStep?.push(round(sum / n, 2));
  };

  const single = tally();
  const byAngle: Record<string, number> = {};
  for (const a of SINGLE_ANGLES) {
    const { images: stepped, next } = await stepImages(models, z0, a / MAX_ROTATION_DEG);
    next.dispose();
    const before = single.achieved.length;
    await record(single, stepped, a);
    byAngle[String(a)] = round(single.achieved.slice(before).reduce((s, x) => s + x, 0) / n, 2);
  }

  const rolled = tally();
  const achievedByStep: number[] = [];
  const achievedByStart: number[][] = Array.from({ length: n }, () => []);
  let z = tf.clone(z0);
  for (let k = 1; k <= ROLLOUT_STEPS; k++) {
    const { images: stepped, next } = await stepImages(models, z, ROLLOUT_DEG / MAX_ROTATION_DEG);
    z.dispose();
    z = next;
    await record(rolled, stepped, k * ROLLOUT_DEG, achievedByStep, achievedByStart);
  }
  tf.dispose([z, z0]);
  const asked = Array.from({ length: ROLLOUT_STEPS }, (_, k) => (k + 1) * ROLLOUT_DEG);
  const byStart: RotationStarts = {
    label: Array.from(labels),
    index: Array.from(set.indices),
    slope: achievedByStart.map((a) => round(slopeThroughOrigin(asked, a), 3)),
    mean_abs_error_deg: achievedByStart.map((a) => round(a.reduce((s, x, k) => s + Math.abs(x - asked[k]!), 0) / a.length, 2)),
  };
  return { starts: n, single: { ...score(single), by_angle: byAngle }, rollout: { ...score(rolled), achieved_by_step: achievedByStep, by_start: byStart } };
}
