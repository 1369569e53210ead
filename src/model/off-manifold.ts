import * as tf from '@tensorflow/tfjs';
import { round } from './evaluate';
import { rollout, type LatentModels } from './rollout';

/**
 * The seed's "drifts off the manifold" as a number: how far a latent state is from its own
 * re-grounding, |z - E(D(z))| (L2). A real digit's latent sits near the manifold, so the same
 * distance at the held-out digits is the unit: a path at ratio 1 is as on-manifold as real data.
 */
export interface PathDistance {
  /** Mean distance over starts after each step 1..steps. */
  per_step: number[];
  /** Mean over every step. */
  mean: number;
  /** `mean` over the distance at the held-out digits themselves. */
  ratio: number;
}

export interface OffManifoldReport {
  /** Mean |z - E(D(z))| at the real held-out digits' latents. */
  heldout_digits: number;
  grounded: { forward: PathDistance; backward: PathDistance };
  ungrounded: { forward: PathDistance; backward: PathDistance };
}

/** Per-row |z - E(D(z))| of a batch of latents [n, dim], as a flat array. */
export async function regroundingDistance(models: Pick<LatentModels, 'encoder' | 'decoder'>, z: tf.Tensor2D): Promise<Float32Array> {
  const d = tf.tidy(() => {
    const image = models.decoder.predict(z, { batchSize: 256 }) as tf.Tensor;
    const back = models.encoder.predict(image, { batchSize: 256 }) as tf.Tensor2D;
    return tf.norm(tf.sub(z, back), 'euclidean', 1);
  });
  const values = (await d.data()) as Float32Array;
  d.dispose();
  return values;
}

function mean(a: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]!;
  return sum / a.length;
}

/**
 * Rolls every start `steps` steps at u = +1 and u = -1, grounded and not, and measures each
 * visited state's distance from the manifold.
 */
export async function offManifoldReport(models: LatentModels, starts: tf.Tensor2D, steps: number): Promise<OffManifoldReport> {
  const dim = starts.shape[1];
  const reference = mean(await regroundingDistance(models, starts));
  const path = async (u: number, grounded: boolean): Promise<PathDistance> => {
    const result = await rollout(models, starts, () => u, { steps, grounded, keepImages: false });
    const perStep: number[] = [];
    for (const latents of result.latents) {
      const z = tf.tensor2d(latents, [latents.length / dim, dim]);
      perStep.push(mean(await regroundingDistance(models, z)));
      z.dispose();
    }
    const m = mean(perStep);
    return { per_step: perStep.map((v) => round(v)), mean: round(m), ratio: round(m / reference, 3) };
  };
  return {
    heldout_digits: round(reference),
    grounded: { forward: await path(1, true), backward: await path(-1, true) },
    ungrounded: { forward: await path(1, false), backward: await path(-1, false) },
  };
}
