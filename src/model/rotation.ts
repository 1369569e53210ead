/**
 * The rotation experiment's models (issue 13): three 64-D manifolds (a plain autoencoder, the
 * shipped SSL one, and SSL without the rotation augmentation) and on each a dynamics MLP of the
 * counting model's shape, f(z, c), trained to turn a digit by the angle c asks for.
 */
import * as tf from '@tensorflow/tfjs';
import { AUTHOR_AUGMENTATION, type AugmentConfig } from './augment';
import { digitImage, type DigitSet, PIXELS } from './dataset';
import { encodeImages } from './evaluate';
import type { TransitionPairs } from './pairs';
import type { Rng } from './rng';
import { rotateImage } from './rotation-measure';

/** c = +-1 asks for +-30 degrees: wide enough for 8 steps of 7.5 degrees to stay within one c. */
export const MAX_ROTATION_DEG = 30;

export const angleOf = (c: number): number => c * MAX_ROTATION_DEG;

/** The three manifolds of the experiment, as their folders under assets/models name them. */
export type RotationManifold = 'plain-ae' | 'ssl' | 'ssl-no-rotation';
export const ROTATION_MANIFOLDS: readonly RotationManifold[] = ['plain-ae', 'ssl', 'ssl-no-rotation'];

/** No augmentation at all: the plain autoencoder reconstructs exactly what it is given. */
export const NO_AUGMENTATION: AugmentConfig = { maxShiftPx: 0, maxRotationDeg: 0, intensity: [1, 1], noiseSigma: 0, maskProbability: 0 };

/** The SSL recipe's augmentation with rotation switched off, everything else as shipped. */
export const SSL_NO_ROTATION: AugmentConfig = { ...AUTHOR_AUGMENTATION, maxRotationDeg: 0 };

/**
 * Pairs (E(x), c) -> E(rotate(x, angle(c))) from `digits`, c uniform in [-1, 1], each digit in turn.
 * Latents are made in batches with the manifold's own encoder.
 */
export async function makeRotationPairs(encoder: tf.LayersModel, digits: DigitSet, count: number, rng: Rng): Promise<TransitionPairs> {
  const starts = new Float32Array(count * PIXELS);
  const turned = new Float32Array(count * PIXELS);
  const cs = new Float32Array(count);
  for (let k = 0; k < count; k++) {
    const i = k % digits.count;
    const image = digitImage(digits.images, i);
    cs[k] = rng.uniform(-1, 1);
    starts.set(image, k * PIXELS);
    turned.set(rotateImage(image, angleOf(cs[k]!)), k * PIXELS);
  }
  const z0 = await encodeImages(encoder, starts);
  const z1 = await encodeImages(encoder, turned);
  const dim = z0.length / count;
  const inputs = new Float32Array(count * (dim + 1));
  for (let k = 0; k < count; k++) {
    inputs.set(z0.subarray(k * dim, (k + 1) * dim), k * (dim + 1));
    inputs[k * (dim + 1) + dim] = cs[k]!;
  }
  return { inputs, targets: z1, count, dim };
}
