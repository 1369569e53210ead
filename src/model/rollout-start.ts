/**
 * Where a rollout from an image starts: digit images (n x 784, values in [0, 1]) through the
 * grounding encoder, E(x), or latents taken as they are. Every rollout from an image starts here:
 * the engine's rollouts, steered runs, census and u sweep, the rotation scene and the eval.
 */
import * as tf from '@tensorflow/tfjs';
import { digitCount, PIXELS } from './dataset';
import { encodeImages } from './evaluate';
import { encode, type LatentModels } from './rollout';

/** A rollout's starts: exactly one of n images or n latents (n x dim). */
export interface RolloutFrom {
  images?: Float32Array;
  latents?: Float32Array;
}

/** The start states E(x) of n images (n x dim), in one batch; only the result is left for the caller to dispose. */
export function encodeStarts(encoder: tf.LayersModel, images: Float32Array): tf.Tensor2D {
  return tf.tidy(() => encode(encoder, tf.tensor2d(images, [digitCount(images), PIXELS])));
}

/** The start states of `from`: its images encoded, or its latents (n x the dynamics' width) as they are. */
export function startStates(models: Pick<LatentModels, 'encoder' | 'dynamics'>, from: RolloutFrom): tf.Tensor2D {
  if ((from.images === undefined) === (from.latents === undefined)) throw new TypeError('a rollout starts from images or from latents: give exactly one');
  if (from.images !== undefined) return encodeStarts(models.encoder, from.images);
  const dim = models.dynamics.outputs[0]!.shape.at(-1) as number;
  if (from.latents!.length % dim !== 0) throw new RangeError(`expected whole ${dim}-value latents, got ${from.latents!.length} values`);
  return tf.tensor2d(from.latents!, [from.latents!.length / dim, dim]);
}

/**
 * encodeStarts for a whole data split (Node: training, eval): encoded in predict batches, so a
 * set of thousands of digits never makes one large intermediate tensor.
 */
export async function encodedStarts(encoder: tf.LayersModel, images: Float32Array): Promise<tf.Tensor2D> {
  const rows = digitCount(images);
  const latents = await encodeImages(encoder, images);
  return tf.tensor2d(latents, [rows, latents.length / Math.max(1, rows)]);
}
