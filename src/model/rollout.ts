import * as tf from '@tensorflow/tfjs';
import { IMAGE_SIZE, PIXELS } from './dataset';

/** The three networks a rollout needs. */
export interface LatentModels {
  encoder: tf.LayersModel;
  decoder: tf.LayersModel;
  dynamics: tf.LayersModel;
}

/** u for every start at a given step: one number for all, or one per start. */
export type ControlSchedule = (step: number) => number | Float32Array;

/** One step of the learned field: z + f([z, u]). */
export function dynamicsStep(dynamics: tf.LayersModel, z: tf.Tensor2D, u: number | Float32Array): tf.Tensor2D {
  return tf.tidy(() => {
    const n = z.shape[0];
    const uCol = typeof u === 'number' ? tf.fill([n, 1], u) : tf.tensor2d(u, [n, 1]);
    const delta = dynamics.predict(tf.concat([z, uCol], 1)) as tf.Tensor2D;
    return tf.add(z, delta);
  });
}

export function decode(decoder: tf.LayersModel, z: tf.Tensor2D): tf.Tensor4D {
  return decoder.predict(z) as tf.Tensor4D;
}

export function encode(encoder: tf.LayersModel, images: tf.Tensor): tf.Tensor2D {
  return tf.tidy(() => encoder.predict(images.reshape([-1, IMAGE_SIZE, IMAGE_SIZE, 1])) as tf.Tensor2D);
}

export interface RolloutOptions {
  steps: number;
  /** Re-ground through the decoder and encoder after every step (the seed's E(D(z + f))). */
  grounded: boolean;
  /** Keep each step's decoded image (n x 784 per step); off when only latents are needed. */
  keepImages?: boolean;
}

export interface RolloutResult {
  /** latents[k] is the state after step k+1 (n x dim). */
  latents: Float32Array[];
  /** images[k] is the decoded image of step k+1 (n x 784), when kept. */
  images: Float32Array[];
}

/**
 * Batched rollout from start latents z0 (n x dim), on whatever tfjs backend is active.
 * Grounded: z <- E(D(z + f(z, u))); the step's image is D(z + f(z, u)).
 * Ungrounded: z <- z + f(z, u); the step's image is D(z), which never feeds back.
 */
/** One grounded step, z <- E(D(z + f(z, u))): the new state and the image D(z + f) it came from. Call inside tf.tidy. */
export function groundedStep(models: LatentModels, z: tf.Tensor2D, u: number | Float32Array): { z: tf.Tensor2D; image: tf.Tensor4D } {
  const image = decode(models.decoder, dynamicsStep(models.dynamics, z, u));
  return { z: encode(models.encoder, image), image };
}

export async function rollout(
  models: LatentModels,
  z0: tf.Tensor2D,
  control: ControlSchedule,
  options: RolloutOptions,
): Promise<RolloutResult> {
  const result: RolloutResult = { latents: [], images: [] };
  let z = tf.clone(z0);
  for (let step = 0; step < options.steps; step++) {
    const next = tf.tidy(() => {
      if (options.grounded) {
        const next = groundedStep(models, z, control(step));
        return { state: next.z, image: next.image.reshape([-1, PIXELS]) };
      }
      const moved = dynamicsStep(models.dynamics, z, control(step));
      return { state: moved, image: decode(models.decoder, moved).reshape([-1, PIXELS]) };
    });
    z.dispose();
    z = next.state as tf.Tensor2D;
    result.latents.push((await z.data()) as Float32Array);
    if (options.keepImages !== false) result.images.push((await next.image.data()) as Float32Array);
    next.image.dispose();
  }
  z.dispose();
  return result;
}
