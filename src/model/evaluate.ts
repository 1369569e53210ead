import * as tf from '@tensorflow/tfjs';
import { CLASSES } from './dataset';
import { rollout, type LatentModels } from './rollout';
import { imagesTensor } from './training';

const PREDICT_BATCH = 256;

/** Latents of flat (n x 784) images. */
export async function encodeImages(encoder: tf.LayersModel, images: Float32Array): Promise<Float32Array> {
  const x = imagesTensor(images);
  const z = encoder.predict(x, { batchSize: PREDICT_BATCH }) as tf.Tensor;
  const out = (await z.data()) as Float32Array;
  x.dispose();
  z.dispose();
  return out;
}

/** Mean squared reconstruction error of clean digits through E then D. */
export async function reconstructionMse(models: Pick<LatentModels, 'encoder' | 'decoder'>, images: Float32Array): Promise<number> {
  const x = imagesTensor(images);
  const mse = tf.tidy(() => {
    const z = models.encoder.predict(x, { batchSize: PREDICT_BATCH }) as tf.Tensor;
    const y = models.decoder.predict(z, { batchSize: PREDICT_BATCH }) as tf.Tensor;
    return tf.mean(tf.squaredDifference(x, y));
  });
  const value = (await mse.data())[0]!;
  x.dispose();
  mse.dispose();
  return value;
}

/** The judge's class probabilities for flat (n x 784) images (n x 10, softmax of its logits). */
export async function judgeProbabilities(judge: tf.LayersModel, images: Float32Array): Promise<Float32Array> {
  const x = imagesTensor(images);
  const p = tf.tidy(() => tf.softmax(judge.predict(x, { batchSize: PREDICT_BATCH }) as tf.Tensor));
  const out = (await p.data()) as Float32Array;
  x.dispose();
  p.dispose();
  return out;
}

/** The judge's reading of flat (n x 784) images: the argmax of its logits. */
export async function judgeDigits(judge: tf.LayersModel, images: Float32Array): Promise<Int32Array> {
  const x = imagesTensor(images);
  const classes = tf.tidy(() => tf.argMax(judge.predict(x, { batchSize: PREDICT_BATCH }) as tf.Tensor, 1));
  const out = Int32Array.from(await classes.data());
  x.dispose();
  classes.dispose();
  return out;
}

/**
 * k-nearest-neighbour accuracy by majority vote (ties to the nearest), Euclidean distance.
 * `dim` is the row length: the latent size d (64 shipped) for latents, 784 for pixels.
 */
export function knnAccuracy(
  refs: Float32Array,
  refLabels: Int32Array,
  queries: Float32Array,
  queryLabels: Int32Array,
  dim: number,
  k = 5,
): number {
  let right = 0;
  for (let q = 0; q < queryLabels.length; q++) {
    if (knnClassify(refs, refLabels, queries.subarray(q * dim, (q + 1) * dim), dim, k) === queryLabels[q]) right++;
  }
  return right / queryLabels.length;
}

export function knnClassify(refs: Float32Array, refLabels: Int32Array, query: Float32Array, dim: number, k: number): number {
  const best: Array<{ d: number; label: number }> = [];
  for (let r = 0; r < refLabels.length; r++) {
    let d = 0;
    const o = r * dim;
    for (let i = 0; i < dim; i++) {
      const t = refs[o + i]! - query[i]!;
      d += t * t;
    }
    if (best.length < k || d < best[best.length - 1]!.d) {
      best.push({ d, label: refLabels[r]! });
      best.sort((a, b) => a.d - b.d);
      if (best.length > k) best.pop();
    }
  }
  const votes = new Array<number>(CLASSES).fill(0);
  for (const b of best) votes[b.label]!++;
  const top = Math.max(...votes);
  return best.find((b) => votes[b.label] === top)!.label;
}

export interface RolloutScore {
  /** Share of (start, step) pairs whose decoded image is judged the expected digit. */
  step_accuracy: number;
  /** Share of starts whose every step is right. */
  loop_rate: number;
  /** Accuracy of the first step out of a real digit (= per_step[0]). */
  first_step: number;
  /** Accuracy at each step 1..steps: shows whether errors settle or compound. */
  per_step: number[];
  /** Success of each transition d -> d +- 1, over steps whose previous step was right. */
  per_transition: Record<string, number>;
  /** All transitions together: successes over tries, a try being a step whose previous step was right. */
  transition_success: number;
  /** The weakest transition and its success. */
  worst_transition: { transition: string; success: number };
}

/**
 * Rolls every start for `steps` steps at constant u and judges each decoded image against
 * (d + direction * k) mod 10, direction being the sign of u (0 expects the digit to stay).
 */
export async function scoreRollout(
  models: LatentModels,
  judge: tf.LayersModel,
  starts: tf.Tensor2D,
  labels: Int32Array,
  u: number,
  steps: number,
  grounded: boolean,
): Promise<RolloutScore> {
  const result = await rollout(models, starts, () => u, { steps, grounded });
  const judged = await Promise.all(result.images.map((img) => judgeDigits(judge, img)));
  return scoreJudged(judged, labels, Math.sign(u));
}

/** The scoring itself, on judged digits: judged[k][s] is start s's reading after step k + 1. */
export function scoreJudged(judged: readonly Int32Array[], labels: Int32Array, dir: number): RolloutScore {
  const steps = judged.length;
  const n = labels.length;
  let right = 0;
  let loops = 0;
  const perStep = new Array<number>(steps).fill(0);
  const tries = new Array<number>(CLASSES).fill(0);
  const wins = new Array<number>(CLASSES).fill(0);
  for (let s = 0; s < n; s++) {
    let allRight = true;
    let prevRight = true;
    for (let k = 0; k < steps; k++) {
      const expected = mod(labels[s]! + dir * (k + 1), CLASSES);
      const ok = judged[k]![s] === expected;
      if (prevRight) {
        const from = mod(expected - dir, CLASSES);
        tries[from]!++;
        if (ok) wins[from]!++;
      }
      prevRight = ok;
      if (ok) {
        right++;
        perStep[k]!++;
      } else allRight = false;
    }
    if (allRight) loops++;
  }
  const perTransition: Record<string, number> = {};
  let worst = { transition: '', success: Infinity };
  for (let d = 0; d < CLASSES; d++) {
    if (tries[d]! === 0) continue;
    const name = `${d}->${mod(d + dir, CLASSES)}`;
    perTransition[name] = round(wins[d]! / tries[d]!);
    if (perTransition[name]! < worst.success) worst = { transition: name, success: perTransition[name]! };
  }
  const allTries = tries.reduce((a, b) => a + b, 0);
  return {
    step_accuracy: round(right / (n * steps)),
    loop_rate: round(loops / n),
    first_step: round(perStep[0]! / n),
    per_step: perStep.map((c) => round(c / n)),
    per_transition: perTransition,
    transition_success: round(allTries > 0 ? wins.reduce((a, b) => a + b, 0) / allTries : 0),
    worst_transition: worst.success === Infinity ? { transition: '', success: 0 } : worst,
  };
}

/** Linear interpolation of where a rising curve first crosses `level` (null if it never does). */
export function crossing(us: number[], values: number[], level: number): number | null {
  for (let i = 1; i < us.length; i++) {
    const a = values[i - 1]!;
    const b = values[i]!;
    if (a < level && b >= level) return round(us[i - 1]! + ((level - a) / (b - a)) * (us[i]! - us[i - 1]!));
  }
  return values[0]! >= level ? us[0]! : null;
}

export function mod(a: number, m: number): number {
  return ((a % m) + m) % m;
}

export function round(x: number, digits = 4): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
