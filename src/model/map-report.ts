import type * as tf from '@tensorflow/tfjs';
import type { DigitSet } from './dataset';
import { encodeImages, round } from './evaluate';
import { boxDiagonal, MAP_DIM, projectorFidelity, type ProjectorFidelity } from './map-fidelity';
import { BLEND_NEIGHBOURS, neighbourBlend } from './neighbour-blend';
import type { UmapOptions } from './map-summary';
import { fitUmap, umapTransform } from './projection';
import { project } from './projector';

export interface MapReport {
  /** The shipped projector against umap-js transform() (exact neighbours) on held-out latents. */
  held_out: ProjectorFidelity;
  /**
   * The seed author's placement (neighbourBlend: inverse-distance mean of the map positions of the
   * 12 nearest L2-normalised reference latents) against the same transform() positions: with the
   * fitted latents as references (training and reference digits), and with the training digits
   * alone (the latents a bundle ships).
   */
  neighbour_blend: { neighbours: number; fit_points: ProjectorFidelity; training_digits: ProjectorFidelity };
  /**
   * A second transform() of the same latents against the first: transform's own randomness (its
   * layout epochs draw negative samples), so the ceiling any placement can reach against it.
   */
  transform_again: ProjectorFidelity;
  /** Largest coordinate difference between the refitted UMAP and the shipped map: 0 = reproduced. */
  refit_max_abs_diff: number | null;
  seconds: number;
}

/**
 * Measures the shipped projector afresh: refits UMAP with the shipped options on the same
 * latents (training then reference digits), places the held-out latents with transform(), and
 * compares the projector's positions with those, beside the neighbour blend's and a second
 * transform()'s. Nothing is read from the manifest's figures.
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
  const transformed = umapTransform(fit, heldOut, dim).embedding;
  const again = umapTransform(fit, heldOut, dim).embedding;
  const projected = await project(projector, heldOut, dim);
  const extent = boxDiagonal(fit.embedding);
  const trainingRows = sets.training.count;
  const blendTraining = neighbourBlend(training, fit.embedding.subarray(0, trainingRows * MAP_DIM), heldOut, dim);
  return {
    held_out: projectorFidelity(projected, transformed, extent),
    neighbour_blend: {
      neighbours: BLEND_NEIGHBOURS,
      fit_points: projectorFidelity(neighbourBlend(fitLatents, fit.embedding, heldOut, dim), transformed, extent),
      training_digits: projectorFidelity(blendTraining, transformed, extent),
    },
    transform_again: projectorFidelity(again, transformed, extent),
    refit_max_abs_diff: diff === null ? null : round(diff, 6),
    seconds: round((performance.now() - started) / 1000, 1),
  };
}
