/**
 * The 3D map of latent space (DESIGN section 4): UMAP fitted once, offline, and a small network
 * that reproduces it so any latent (particles, rollout states, a drawn digit) can be placed on
 * the map every frame. umap-js's own transform() is far too slow for that and is used only as
 * the reference the network's fidelity is measured against.
 */
import * as tf from '@tensorflow/tfjs';
import { UMAP } from 'umap-js';
import { boundingBox, boxDiagonal, MAP_DIM, nearestRows, projectorFidelity, type ProjectorFidelity } from './map-fidelity';
import { createRng, deriveSeed, permutation } from './rng';
import type { ProgressListener, TrainSummary } from './training';

export { MAP_DIM };

export interface UmapOptions {
  seed: number;
  nNeighbors: number;
  minDist: number;
  spread: number;
  /**
   * Layout epochs; must be a multiple of 3. umap-js's transform() runs nEpochs / 3 epochs and
   * stops only when its epoch counter equals that exactly, so any other value never returns.
   */
  nEpochs: number;
}

/**
 * Chosen on the validation split with scripts/fit-map.ts. minDist 0.05 gave the best separated
 * digit clusters (silhouette 0.59 against 0.56 at 0.1, 0.51 at 0.25) at equal projector fidelity;
 * 30 neighbours cost 50% more time for nothing; 201, 300 and 501 epochs measured alike.
 */
export const DEFAULT_UMAP: UmapOptions = { seed: 1, nNeighbors: 15, minDist: 0.05, spread: 1, nEpochs: 300 };

/**
 * normalised = (raw - centre) * scale: the fitted embedding's bounding box is centred on the
 * origin and its longest side spans [-1, 1], so the scene gets the same coordinates whatever
 * arbitrary scale UMAP's layout happened to settle at.
 */
export interface Normalisation {
  centre: [number, number, number];
  scale: number;
}

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

/** Seeded initialisers, as in networks.ts: one seed, one starting point. */
function init(seed: number, layer: number): ReturnType<typeof tf.initializers.glorotUniform> {
  return tf.initializers.glorotUniform({ seed: seed * 101 + layer });
}

export const PROJECTOR_WIDTH = 128;
/**
 * Four hidden layers: on MNIST latents (validation split) depth mattered more than width:
 * 2x128 kept 29% of 10-NN with a 2.4% median error, 4x128 47% and 1.2%, 2x256 no better than
 * 2x128. About 58k multiply-adds per latent, cheap for thousands of particles a frame.
 */
export const PROJECTOR_DEPTH = 4;

/** latent -> normalised map position. Takes raw latents: trainProjector folds its input scaling in. */
export function buildProjector(seed: number, latentDim = 64): tf.LayersModel {
  const hidden = Array.from({ length: PROJECTOR_DEPTH }, (_, i) =>
    tf.layers.dense({
      ...(i === 0 ? { inputShape: [latentDim] } : {}),
      units: PROJECTOR_WIDTH,
      activation: 'relu',
      kernelInitializer: init(seed, i + 1),
    }),
  );
  return tf.sequential({
    name: 'projector',
    layers: [...hidden, tf.layers.dense({ units: MAP_DIM, kernelInitializer: init(seed, PROJECTOR_DEPTH + 1) })],
  });
}

export interface ProjectorTraining {
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** The learning rate falls linearly to learningRate * this over the run, to settle the fit. */
  finalLearningRateShare: number;
  seed: number;
}

export const DEFAULT_PROJECTOR_TRAINING: ProjectorTraining = {
  epochs: 100,
  batchSize: 256,
  learningRate: 3e-3,
  finalLearningRateShare: 0.05,
  seed: 1,
};

/**
 * MSE from latents (n x dim) to their normalised map positions (n x 3), seeded batch order.
 * It trains on standardised latents (per-dimension mean 0, std 1: halves the error on MNIST
 * latents) and then folds that scaling into the first layer, so the trained projector still
 * takes raw latents and the browser needs no extra step.
 */
export async function trainProjector(
  projector: tf.LayersModel,
  latents: Float32Array,
  embedding: Float32Array,
  config: ProjectorTraining,
  onProgress?: ProgressListener,
): Promise<TrainSummary> {
  const count = embedding.length / MAP_DIM;
  const dim = latents.length / count;
  if (!Number.isInteger(dim)) throw new Error(`trainProjector: ${latents.length} latent values for ${count} map points`);
  const started = performance.now();
  const rng = createRng(deriveSeed(config.seed, 'projector'));
  const scaling = standardisation(latents, dim);
  const inputs = tf.tidy(() => tf.tensor2d(latents, [count, dim]).sub(scaling.mean).div(scaling.std));
  const targets = tf.tensor2d(embedding, [count, MAP_DIM]);
  const batches = Math.ceil(count / config.batchSize);
  const optimizer = tf.train.adam(config.learningRate);
  const epochLosses: number[] = [];
  for (let epoch = 0; epoch < config.epochs; epoch++) {
    // Adam keeps its rate in a protected field with no setter; decay is what settles the fit.
    (optimizer as unknown as { learningRate: number }).learningRate =
      config.learningRate * (1 - (1 - config.finalLearningRateShare) * (epoch / Math.max(1, config.epochs - 1)));
    const order = permutation(count, rng);
    let sum = 0;
    for (let batch = 0; batch < batches; batch++) {
      const idx = tf.tensor1d(order.subarray(batch * config.batchSize, (batch + 1) * config.batchSize), 'int32');
      const loss = optimizer.minimize(() => {
        const predicted = projector.apply(tf.gather(inputs, idx)) as tf.Tensor;
        return tf.losses.meanSquaredError(tf.gather(targets, idx), predicted) as tf.Scalar;
      }, true) as tf.Scalar;
      idx.dispose();
      const value = (await loss.data())[0]!;
      loss.dispose();
      if (!Number.isFinite(value)) throw new Error(`projector: loss became ${value} at epoch ${epoch + 1}`);
      sum += value;
      onProgress?.({ phase: 'projector', epoch, epochs: config.epochs, batch, batches, loss: sum / (batch + 1) });
    }
    epochLosses.push(sum / batches);
  }
  foldInputScaling(projector, scaling);
  tf.dispose([inputs, targets, scaling.mean, scaling.std]);
  optimizer.dispose();
  const seconds = (performance.now() - started) / 1000;
  return { epochLosses, seconds, samplesPerSecond: (config.epochs * count) / seconds };
}

interface InputScaling {
  mean: tf.Tensor2D;
  std: tf.Tensor2D;
}

function standardisation(latents: Float32Array, dim: number): InputScaling {
  return tf.tidy(() => {
    const { mean, variance } = tf.moments(tf.tensor2d(latents, [latents.length / dim, dim]), 0, true);
    // A dead latent dimension must not divide by zero; its weight then just stays as trained.
    return { mean: mean as tf.Tensor2D, std: tf.maximum(tf.sqrt(variance), 1e-6) as tf.Tensor2D };
  });
}

/** x W + b on (x - m) / s  ==  x (W / s^T) + (b - (m / s) W): the same map on raw latents. */
function foldInputScaling(projector: tf.LayersModel, { mean, std }: InputScaling): void {
  const first = projector.layers[0]!;
  const [kernel, bias] = first.getWeights() as [tf.Tensor2D, tf.Tensor1D];
  const folded = tf.tidy(() => [
    kernel.div(std.reshape([-1, 1])),
    bias.sub(tf.matMul(mean.div(std), kernel).reshape([-1])),
  ]);
  first.setWeights(folded);
  tf.dispose(folded);
}

/** Map positions of latents (n x dim) under the projector, read back to the CPU. */
export async function project(projector: tf.LayersModel, latents: Float32Array, dim: number): Promise<Float32Array> {
  const z = tf.tensor2d(latents, [latents.length / dim, dim]);
  const y = projector.predict(z, { batchSize: 1024 }) as tf.Tensor;
  const out = (await y.data()) as Float32Array;
  z.dispose();
  y.dispose();
  return out;
}

/** What the manifest records about the map, beside the files that hold it. */
export interface MapSummary {
  count: number;
  normalisation: Normalisation;
  umap: UmapOptions;
  projector: ProjectorTraining & { parameters: number; final_loss: number };
  fidelity: {
    /** Projector against umapTransform (exact search) on latents the map never saw. */
    held_out: ProjectorFidelity;
    /** Projector against the embedding it was trained on: a training figure. */
    fit_points: ProjectorFidelity;
  };
  seconds: { umap: number; projector: number; transform: number };
}

/** manifest.map: the summary, and where the browser finds the fitted positions. */
export interface ShippedMap extends MapSummary {
  /** Path relative to assets/: little-endian float32, count x 3, normalised map coordinates. */
  positions: string;
  /** Path relative to assets/: one uint8 digit label per row of positions. */
  labels: string;
  /** Row order: the training digits as manifest.digits.training lists them, then the reference digits. */
  rows: { training: number; reference: number };
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
 * says nothing about new latents.
 */
export async function buildMap(
  fitLatents: Float32Array,
  heldOutLatents: Float32Array,
  dim: number,
  umapOptions: UmapOptions,
  training: ProjectorTraining,
  progress: { umap?: UmapProgress; projector?: ProgressListener } = {},
): Promise<MapBuild> {
  const fit = await fitUmap(fitLatents, dim, umapOptions, progress.umap);
  const projector = buildProjector(training.seed, dim);
  const trained = await trainProjector(projector, fitLatents, fit.embedding, training, progress.projector);
  const extent = boxDiagonal(fit.embedding);
  const reference = umapTransform(fit, heldOutLatents, dim);
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
      projector: { ...training, parameters: projector.countParams(), final_loss: trained.epochLosses.at(-1)! },
      fidelity,
      seconds: { umap: fit.seconds.total, projector: trained.seconds, transform: reference.seconds },
    },
  };
}
