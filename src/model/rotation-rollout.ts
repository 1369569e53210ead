/**
 * A rotation rollout, as the rotation scene and its figure run it: start from the manifold's own
 * rendering of a digit, D(E(x)) (as the eval's rotation section does), then repeat the rotation
 * dynamics' step at a fixed control c = degrees / MAX_ROTATION_DEG, re-grounding through the
 * decoder and encoder after each step unless asked not to. One digit at a time: this is for
 * showing, `evaluateRotation` is for measuring.
 */
import * as tf from '@tensorflow/tfjs';
import { digitImage, PIXELS } from './dataset';
import { decode, rollout, type LatentModels } from './rollout';
import { encodeStarts } from './rollout-start';
import { MAX_ROTATION_DEG } from './rotation';
import { estimateAngle, keptInstance, nearestExemplar, rotatedStarts } from './rotation-measure';

export const ROTATION_STEP_LIMITS = { degrees: [-MAX_ROTATION_DEG, MAX_ROTATION_DEG], steps: [1, 24] } as const;

export interface RotationPath {
  /** (steps + 1) x 784: the start D(E(x)), then the image of each step. */
  images: Float32Array;
  /** (steps + 1) x dim: E(x), then the state after each step. */
  latents: Float32Array;
  /** The angle asked of each image so far, degrees (0 for the start). */
  asked: number[];
  dim: number;
}

/** Rotates `image` (784 values in [0, 1]) by `degrees` per step for `steps` steps on `models`. */
export async function rotationRollout(models: LatentModels, image: Float32Array, degrees: number, steps: number, grounded = true): Promise<RotationPath> {
  if (image.length !== PIXELS || !image.every(Number.isFinite)) throw new RangeError(`rotationRollout: expected ${PIXELS} finite pixel values`);
  const [lo, hi] = ROTATION_STEP_LIMITS.degrees;
  if (!(degrees >= lo && degrees <= hi)) throw new RangeError(`rotationRollout: ${degrees} degrees per step is outside [${lo}, ${hi}]`);
  if (!Number.isInteger(steps) || steps < ROTATION_STEP_LIMITS.steps[0] || steps > ROTATION_STEP_LIMITS.steps[1]) {
    throw new RangeError(`rotationRollout: ${steps} steps is not a whole number in [${ROTATION_STEP_LIMITS.steps.join(', ')}]`);
  }
  const z0 = encodeStarts(models.encoder, image);
  const start = tf.tidy(() => decode(models.decoder, z0).reshape([-1]));
  try {
    const c = degrees / MAX_ROTATION_DEG;
    const result = await rollout(models, z0, () => c, { steps, grounded });
    const dim = z0.shape[1];
    const images = new Float32Array((steps + 1) * PIXELS);
    const latents = new Float32Array((steps + 1) * dim);
    images.set((await start.data()) as Float32Array);
    latents.set((await z0.data()) as Float32Array);
    result.images.forEach((im, k) => images.set(im, (k + 1) * PIXELS));
    result.latents.forEach((z, k) => latents.set(z, (k + 1) * dim));
    return { images, latents, asked: Array.from({ length: steps + 1 }, (_, k) => k * degrees), dim };
  } finally {
    tf.dispose([z0, start]);
  }
}

/**
 * How each image of a path turned, as the eval's rotation section measures it: the angle it shows
 * (best correlation with the start turned over the 1 degree grid) and, after the start, whether
 * it is still the start's own instance among `classExemplars` (the training digits of its class,
 * n x 784) or snapped to another.
 */
export function measureTurns(path: Pick<RotationPath, 'images' | 'asked'>, classExemplars: Float32Array): { achieved: number[]; kept: boolean[] } {
  const start = path.images.subarray(0, PIXELS);
  const turned = rotatedStarts(start);
  const own = nearestExemplar(start, classExemplars);
  const achieved: number[] = [];
  const kept: boolean[] = [];
  path.asked.forEach((asked, k) => {
    const image = digitImage(path.images, k);
    achieved.push(k === 0 ? 0 : estimateAngle(image, turned).angle);
    if (k > 0) kept.push(keptInstance(image, asked, own, classExemplars));
  });
  return { achieved, kept };
}
