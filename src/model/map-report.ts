import type * as tf from '@tensorflow/tfjs';
import type { DigitSet } from './dataset';
import { encodeImages, round } from './evaluate';
import { boxDiagonal, projectorFidelity, type ProjectorFidelity } from './map-fidelity';
import { fitUmap, project, umapTransform, type UmapOptions } from './projection';

export interface MapReport {
  /** The shipped projector against umap-js transform() (exact neighbours) on held-out latents. */
  held_out: ProjectorFidelity;
  /** Largest coordinate difference between the refitted UMAP and the shipped map: 0 = reproduced. */
  refit_max_abs_diff: number | null;
  seconds: number;
}

/**
 * Measures the shipped projector afresh: refits UMAP with the shipped options on the same
 * latents (training then reference digits), places the held-out latents with transform(), and
 * compares the projector's positions with those. Nothing is read from the manifest's figures.
 */
export async function evaluateMap(
  encoder: tf.LayersModel,
  projector: tf.LayersModel,
  umap: UmapOptions,
  sets: { training: DigitSet; reference: DigitSet; heldOut: DigitSet },
  shippedEmbedding: Float32Array | null,
): Promise<MapReport> {
  const started = performance.now();
  const training = await encodeImages(encoder, sets.training.images);
  const reference = await encodeImages(encoder, sets.reference.images);
  const fitLatents = new Float32Array(training.length + reference.length);
  fitLatents.set(training);
  fitLatents.set(reference, training.length);
  const dim = training.length / sets.training.count;
  const fit = await fitUmap(fitLatents, dim, umap);
  let diff: number | null = null;
  if (shippedEmbedding) {
    diff = shippedEmbedding.length === fit.embedding.length ? 0 : Infinity;
    for (let i = 0; diff !== Infinity && i < fit.embedding.length; i++) diff = Math.max(diff, Math.abs(fit.embedding[i]! - shippedEmbedding[i]!));
  }
  const heldOut = await encodeImages(encoder, sets.heldOut.images);
  const transformed = umapTransform(fit, heldOut, dim);
  const projected = await project(projector, heldOut, dim);
  return {
    held_out: projectorFidelity(projected, transformed.embedding, boxDiagonal(fit.embedding)),
    refit_max_abs_diff: diff === null ? null : round(diff, 6),
    seconds: round((performance.now() - started) / 1000, 1),
  };
}
