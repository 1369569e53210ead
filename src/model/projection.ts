/**
 * The 3D map of latent space (DESIGN section 4): UMAP fitted once, offline, and a small network
 * that reproduces it so any latent (particles, rollout states, a drawn digit) can be placed on
 * the map every frame. umap-js's own transform() is far too slow for that and is used only as
 * the reference the network's fidelity is measured against.
 */
import type * as tf from '@tensorflow/tfjs';
import { UMAP } from 'umap-js';
import { boundingBox, boxDiagonal, MAP_DIM, nearestRows, projectorFidelity } from './map-fidelity';
import { buildProjector, project, trainProjector, type ProjectorTraining } from './projector';
import { createRng, deriveSeed } from './rng';
import type { ProgressListener } from './training';
import type { MapSummary, Normalisation, UmapOptions } from './map-summary';

export { MAP_DIM };
export {
  buildProjector,
  DEFAULT_PROJECTOR_TRAINING,
  project,
  PROJECTOR_DEPTH,
  PROJECTOR_WIDTH,
  trainProjector,
  type ProjectorShape,
  type ProjectorTraining,
} from './projector';

/**
 * Chosen on the validation split with scripts/fit-map.ts. minDist 0.05 gave the best separated
 * digit clusters (silhouette 0.59 against 0.56 at 0.1, 0.51 at 0.25) at equal projector fidelity;
 * 30 neighbours cost 50% more time for nothing; 201, 300 and 501 epochs measured alike.
 */
export const DEFAULT_UMAP: UmapOptions = { seed: 1, nNeighbors: 15, minDist: 0.05, spread: 1, nEpochs: 300 };

export interface UmapFit {
  /** Normalised embedding of the fitted latents (n x 3), in their order. */
  embedding: Float32Array;
  normalisation: Normalisation;
  count: number;
  seconds: { neighbours: number; layout: number; total: number };
  /** Kept only for transform-based references: see umapTransform. */
  umap: UMAP;
}

/** Epoch-level progress of the UMAP layout; the neighbour search before it cannot report. */
export type UmapProgress = (epoch: number, epochs: number) => void;

function toRows(values: Float32Array, dim: number): number[][] {
  if (values.length % dim !== 0) throw new Error(`toRows: ${values.length} values are not rows of ${dim}`);
  const rows: number[][] = [];
  for (let o = 0; o < values.length; o += dim) rows.push(Array.from(values.subarray(o, o + dim)));
  return rows;
}

function fromRows(rows: readonly (readonly number[])[], dim: number): Float32Array {
  const out = new Float32Array(rows.length * dim);
  rows.forEach((row, i) => out.set(row.slice(0, dim), i * dim));
  return out;
}

/** Seeded UMAP to 3 dimensions; blocks its thread for the neighbour search, yields per 10 epochs. */
export async function fitUmap(
  latents: Float32Array,
  dim: number,
  options: UmapOptions,
  onProgress?: UmapProgress,
): Promise<UmapFit> {
  if (options.nEpochs % 3 !== 0) throw new Error(`fitUmap: nEpochs must be a multiple of 3, got ${options.nEpochs}`);
  const started = performance.now();
  const rows = toRows(latents, dim);
  const umap = new UMAP({
    nComponents: MAP_DIM,
    nNeighbors: options.nNeighbors,
    minDist: options.minDist,
    spread: options.spread,
    nEpochs: options.nEpochs,
    random: createRng(deriveSeed(options.seed, 'umap')).next,
  });
  const epochs = umap.initializeFit(rows);
  const laidOut = performance.now();
  for (let epoch = 0; epoch < epochs; epoch++) {
    umap.step();
    if (epoch % 10 === 9 || epoch === epochs - 1) {
      onProgress?.(epoch + 1, epochs);
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  }
  // Copied out now: the instance's arrays are its working state, and a transform() of exactly
  // as many points as were fitted would move them (umap-js then treats both sides as movable).
  const raw = fromRows(umap.getEmbedding(), MAP_DIM);
  const normalisation = fitNormalisation(raw);
  const finished = performance.now();
  return {
    embedding: normalise(raw, normalisation),
    normalisation,
    count: rows.length,
    seconds: {
      neighbours: (laidOut - started) / 1000,
      layout: (finished - laidOut) / 1000,
      total: (finished - started) / 1000,
    },
    umap,
  };
}

/** How umapTransform finds each new latent's neighbours among the fitted ones. */
export type TransformSearch = 'exact' | 'umap-js';

/**
 * umap-js's placement of new latents on a fitted map, normalised like the map. Slow (about 2 s
 * for 1,000 latents on an 8,000-point map) and it replaces the instance's optimisation state, so
 * fitting cannot resume afterwards: a reference for measuring the projector, never per frame.
 *
 * 'exact' (the default) hands transform() the true nearest fitted latents and leaves the rest
 * (memberships, initial placement, layout epochs) to umap-js. Its own search is broken in 1.4.0:
 * heap.smallestFlagged loops `i > ind.length`, so the graph walk never runs, and initFromTree
 * returns (not continues) at the first padded leaf, so most queries keep random candidates.
 * On MNIST latents that put only half the held-out digits in their own cluster (0.50 against
 * 0.95 with exact search, 10-NN vote). One quirk stays: a fitted neighbour whose index equals the
 * query's row number gets weight 0 (umap-js takes it for the query itself), about 1% of queries.
 */
export function umapTransform(
  fit: UmapFit,
  latents: Float32Array,
  dim: number,
  search: TransformSearch = 'exact',
): { embedding: Float32Array; seconds: number } {
  const started = performance.now();
  const rows = toRows(latents, dim);
  const internals = fit.umap as unknown as UmapSearchInternals;
  const stockSearch = internals.search;
  if (typeof stockSearch !== 'function') throw new Error('umapTransform: umap-js internals changed (no search); pinned to 1.4.0');
  if (search === 'exact') internals.search = exactSearch;
  try {
    // Same count as the fit: umap-js would move the fitted points too, so split the batch.
    const batches = rows.length === fit.count ? [rows.slice(0, rows.length >> 1), rows.slice(rows.length >> 1)] : [rows];
    const placed = batches.flatMap((batch) => fit.umap.transform(batch));
    return { embedding: normalise(fromRows(placed, MAP_DIM), fit.normalisation), seconds: (performance.now() - started) / 1000 };
  } finally {
    internals.search = stockSearch;
  }
}

/**
 * umapTransform's positions of many latents, in batches that never equal the fit's count (see
 * umapTransform). Each latent is placed against the fitted points alone, so batching changes no
 * placement's distribution, only which random draws it gets.
 */
export function transformedTargets(fit: UmapFit, latents: Float32Array, dim: number, batch = 5000): Float32Array {
  const count = latents.length / dim;
  const out = new Float32Array(count * MAP_DIM);
  const size = batch === fit.count ? batch - 1 : batch;
  for (let from = 0; from < count; from += size) {
    const to = Math.min(count, from + size);
    out.set(umapTransform(fit, latents.subarray(from * dim, to * dim), dim).embedding, from * MAP_DIM);
  }
  return out;
}

/** umap-js's candidate heaps: per query, indices, distances and flags, as max-heaps by distance. */
type CandidateHeap = [number[][], number[][], number[][]];

/** The private field transform() calls to refine its candidates (umap-js 1.4.0). */
interface UmapSearchInternals {
  search: (data: number[][], graph: unknown, heap: CandidateHeap, queries: number[][]) => CandidateHeap;
}

/** Fills each query's heap with its true nearest data rows, farthest first (a valid max-heap). */
function exactSearch(data: number[][], _graph: unknown, heap: CandidateHeap, queries: number[][]): CandidateHeap {
  const size = heap[0][0]!.length;
  const dim = queries[0]!.length;
  const { indices, distances } = nearestRows(fromRows(data, dim), fromRows(queries, dim), dim, size);
  heap[0].forEach((row, i) => {
    for (let slot = 0; slot < size; slot++) {
      const from = i * size + size - 1 - slot;
      row[slot] = indices[from]!;
      // umap-js measures euclidean distance, not its square.
      heap[1][i]![slot] = Math.sqrt(distances[from]!);
      heap[2][i]![slot] = 0;
    }
  });
  return heap;
}

export function fitNormalisation(points: Float32Array): Normalisation {
  const { min, max } = boundingBox(points);
  const side = Math.max(...max.map((hi, d) => hi - min[d]!));
  const centre = max.map((hi, d) => (hi + min[d]!) / 2) as Normalisation['centre'];
  return { centre, scale: side > 0 ? 2 / side : 1 };
}

export function normalise(points: Float32Array, n: Normalisation): Float32Array {
  return points.map((v, i) => (v - n.centre[i % MAP_DIM]!) * n.scale);
}

export function denormalise(points: Float32Array, n: Normalisation): Float32Array {
  return points.map((v, i) => v / n.scale + n.centre[i % MAP_DIM]!);
}

export interface MapBuild {
  /** Normalised positions of the fitted latents (n x 3), in their order: what the scene draws. */
  embedding: Float32Array;
  projector: tf.LayersModel;
  summary: MapSummary;
  /** The held-out latents' positions: the projector's, and umapTransform's reference. */
  heldOut: { projected: Float32Array; transformed: Float32Array };
  /** The fitted UMAP, for further transform-based references only. */
  fit: UmapFit;
}

/**
 * The whole map step of training: UMAP on `fitLatents`, the projector trained to reproduce it,
 * and its fidelity on `heldOutLatents`, which must not be among the fitted ones or the figure
 * says nothing about new latents. `extraLatents` (see projector-data.ts) are placed by
 * umapTransform and join the fitted points in the projector's training set.
 */
export async function buildMap(
  fitLatents: Float32Array,
  heldOutLatents: Float32Array,
  dim: number,
  umapOptions: UmapOptions,
  training: ProjectorTraining,
  progress: { umap?: UmapProgress; projector?: ProgressListener } = {},
  extraLatents: Float32Array = new Float32Array(0),
): Promise<MapBuild> {
  const fit = await fitUmap(fitLatents, dim, umapOptions, progress.umap);
  const reference = umapTransform(fit, heldOutLatents, dim);
  const targetsStarted = performance.now();
  const extraTargets = transformedTargets(fit, extraLatents, dim);
  const targetSeconds = (performance.now() - targetsStarted) / 1000;
  const projector = buildProjector(training.seed, dim, training.shape);
  const trained = await trainProjector(
    projector,
    joinRows(fitLatents, extraLatents),
    joinRows(fit.embedding, extraTargets),
    training,
    progress.projector,
  );
  const extent = boxDiagonal(fit.embedding);
  const projected = await project(projector, heldOutLatents, dim);
  const fidelity = {
    held_out: projectorFidelity(projected, reference.embedding, extent),
    fit_points: projectorFidelity(await project(projector, fitLatents, dim), fit.embedding, extent),
  };
  return {
    embedding: fit.embedding,
    projector,
    heldOut: { projected, transformed: reference.embedding },
    fit,
    summary: {
      count: fit.count,
      normalisation: fit.normalisation,
      umap: umapOptions,
      projector: {
        ...training,
        parameters: projector.countParams(),
        final_loss: trained.epochLosses.at(-1)!,
        samples: (fitLatents.length + extraLatents.length) / dim,
      },
      fidelity,
      seconds: { umap: fit.seconds.total, projector: trained.seconds, transform: reference.seconds, targets: targetSeconds },
    },
  };
}

function joinRows(a: Float32Array, b: Float32Array): Float32Array {
  if (b.length === 0) return a;
  const out = new Float32Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
