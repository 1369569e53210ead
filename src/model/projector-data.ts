/**
 * What the projector learns from. The fitted points alone (about 8,000) teach it the map only
 * where digits sit; particles, rollout states and drawn digits land between and around them. So
 * the training set adds latents near the data, placed on the map by umap-js's own transform():
 * augmented views of the fitted digits, and points on the segments between latent neighbours.
 */
import type * as tf from '@tensorflow/tfjs';
import { augmentBatch, AUTHOR_AUGMENTATION, type AugmentConfig } from './augment';
import { PIXELS } from './dataset';
import { nearestNeighbours } from './map-fidelity';
import type { ProjectorData } from './projector';
import { createRng, deriveSeed } from './rng';

/**
 * The extra latents `data` asks for, around the fitted digits (`images`, n x 784) and their
 * latents (n x dim): augmented views first, then interpolations. Seeded: one seed, one set.
 */
export async function projectorExtraLatents(
  encoder: tf.LayersModel,
  images: Float32Array,
  latents: Float32Array,
  dim: number,
  data: ProjectorData,
  seed: number,
): Promise<Float32Array> {
  const views = data.viewsPerDigit > 0 ? await augmentedLatents(encoder, images, data.viewsPerDigit, AUTHOR_AUGMENTATION, seed) : new Float32Array(0);
  const between = data.interpolationsPerDigit > 0
    ? interpolatedLatents(latents, dim, data.interpolationsPerDigit, data.interpolationNeighbours, seed)
    : new Float32Array(0);
  return concatRows([views, between]);
}

/** Encodes `views` augmented views of each image, in chunks, seeded. */
export async function augmentedLatents(
  encoder: tf.LayersModel,
  images: Float32Array,
  views: number,
  config: AugmentConfig,
  seed: number,
): Promise<Float32Array> {
  const count = images.length / PIXELS;
  const rng = createRng(deriveSeed(seed, 'projector-views'));
  const chunk = 1000;
  const parts: Float32Array[] = [];
  for (let view = 0; view < views; view++) {
    for (let from = 0; from < count; from += chunk) {
      const positions = Array.from({ length: Math.min(chunk, count - from) }, (_, i) => from + i);
      const batch = augmentBatch(images, positions, config, rng);
      const z = encoder.predict(batch, { batchSize: 256 }) as tf.Tensor;
      parts.push((await z.data()) as Float32Array);
      batch.dispose();
      z.dispose();
    }
  }
  return concatRows(parts);
}

/**
 * `perPoint` latents per row of `latents`: (1 - t) z_i + t z_j with j drawn among the row's
 * `neighbours` nearest rows and t uniform in [0, 1), seeded.
 */
export function interpolatedLatents(latents: Float32Array, dim: number, perPoint: number, neighbours: number, seed: number): Float32Array {
  const count = latents.length / dim;
  const near = nearestNeighbours(latents, dim, neighbours);
  const rng = createRng(deriveSeed(seed, 'projector-interpolations'));
  const out = new Float32Array(count * perPoint * dim);
  let o = 0;
  for (let i = 0; i < count; i++) {
    for (let p = 0; p < perPoint; p++) {
      const j = near[i * neighbours + rng.int(neighbours)]!;
      const t = rng.next();
      for (let c = 0; c < dim; c++) out[o++] = (1 - t) * latents[i * dim + c]! + t * latents[j * dim + c]!;
    }
  }
  return out;
}

export function concatRows(parts: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
