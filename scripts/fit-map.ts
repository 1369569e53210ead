/**
 * npx tsx scripts/fit-map.ts --models DIR [--eval heldOut|validation] [--reference N] [--seed N]
 *   [--neighbours N] [--min-dist X] [--umap-epochs N] [--projector-epochs N]
 * Fits the 3D map on training + reference latents, trains the projector on it, and prints how
 * faithfully the projector reproduces umap-js transform() (given exact neighbours, see
 * umapTransform) on latents the map never saw, beside the same on the fitted points.
 * Choose settings with --eval validation; report held-out (the default) once.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { selectSplit, subset } from '../src/model/dataset';
import { encodeImages, knnAccuracy, round } from '../src/model/evaluate';
import { loadModel } from '../src/model/node/model-files';
import { loadMnistPackage } from '../src/model/node/mnist-source';
import { useWasmBackend } from '../src/model/node/wasm-backend';
import {
  boxDiagonal,
  FIDELITY_NEIGHBOURS,
  MAP_DIM,
  neighbourShare,
  projectorFidelity,
  type ProjectorFidelity,
} from '../src/model/map-fidelity';
import { neighbourBlend } from '../src/model/neighbour-blend';
import { buildMap, DEFAULT_UMAP, umapTransform } from '../src/model/projection';
import { DEFAULT_PROJECTOR_TRAINING, project } from '../src/model/projector';
import { projectorExtraLatents } from '../src/model/projector-data';
import { createRng, deriveSeed, permutation } from '../src/model/rng';
import { progressBar } from './progress';

const { values: flags } = parseArgs({
  options: {
    models: { type: 'string' },
    eval: { type: 'string', default: 'heldOut' },
    reference: { type: 'string' },
    seed: { type: 'string' },
    neighbours: { type: 'string' },
    'min-dist': { type: 'string' },
    'umap-epochs': { type: 'string' },
    'projector-epochs': { type: 'string' },
  },
});
if (flags.models === undefined) throw new Error('--models DIR (the folder holding encoder/) is required');
if (flags.eval !== 'heldOut' && flags.eval !== 'validation') throw new Error(`--eval must be heldOut or validation, got ${flags.eval}`);
const num = (v: string | undefined, fallback: number): number => (v === undefined ? fallback : Number(v));
const seed = num(flags.seed, DEFAULT_UMAP.seed);
const umapOptions = {
  ...DEFAULT_UMAP,
  seed,
  nNeighbors: num(flags.neighbours, DEFAULT_UMAP.nNeighbors),
  minDist: num(flags['min-dist'], DEFAULT_UMAP.minDist),
  nEpochs: num(flags['umap-epochs'], DEFAULT_UMAP.nEpochs),
};
const projectorConfig = { ...DEFAULT_PROJECTOR_TRAINING, seed, epochs: num(flags['projector-epochs'], DEFAULT_PROJECTOR_TRAINING.epochs) };

await useWasmBackend();
const encoder = await loadModel(join(flags.models, 'encoder'));
const dim = (encoder.outputs[0]!.shape[1] as number | null) ?? 64;
const source = loadMnistPackage();
const training = selectSplit(source, 'training');
const allReference = selectSplit(source, 'reference');
const evalSet = selectSplit(source, flags.eval);

// A seeded subsample of the reference digits, when asked for, to trade map quality for time.
const referencePositions = Array.from(permutation(allReference.count, createRng(deriveSeed(seed, 'map-reference'))))
  .slice(0, num(flags.reference, allReference.count))
  .sort((a, b) => a - b);

const reference = subset(allReference, referencePositions);
const fitLatents = concat(await encodeImages(encoder, training.images), await encodeImages(encoder, reference.images));
const fitLabels = Int32Array.from([...training.labels, ...reference.labels]);
const evalLatents = await encodeImages(encoder, evalSet.images);
const fitCount = fitLabels.length;

console.error(`umap: fitting ${fitCount} latents (${training.count} training + ${reference.count} reference)`);
const extra = projectorConfig.data
  ? await projectorExtraLatents(encoder, concat(training.images, reference.images), fitLatents, dim, projectorConfig.data, seed)
  : undefined;
console.error(`projector: ${fitCount} fitted latents and ${(extra?.length ?? 0) / dim} extra ones placed by transform()`);
const map = await buildMap(fitLatents, evalLatents, dim, umapOptions, projectorConfig, {
  umap: (e, n) => process.stderr.write(`\rumap layout epoch ${e}/${n}${e === n ? '\n' : ''}`),
  projector: progressBar(),
}, extra);
const { fit, projector, summary } = map;
const extent = boxDiagonal(fit.embedding);
// After buildMap's own transform: each replaces the UMAP instance's optimisation state. Again,
// because transform's placement is itself stochastic, so two of them show the ceiling to read
// against; then with umap-js's own (broken, see umapTransform) neighbour search, to show the gap.
const transformed = map.heldOut.transformed;
const transformedAgain = umapTransform(fit, evalLatents, dim);
const stockTransformed = umapTransform(fit, evalLatents, dim, 'umap-js');

const frameStarted = performance.now();
const frames = 20;
for (let f = 0; f < frames; f++) await project(projector, evalLatents, dim);
const projectMsPer1000 = ((performance.now() - frameStarted) / frames) * (1000 / evalSet.count);

const projectedEval = map.heldOut.projected;
const r = (f: ProjectorFidelity) => ({
  ...f,
  neighbours_preserved_10: round(f.neighbours_preserved_10),
  median_error_share_of_extent: round(f.median_error_share_of_extent),
  p90_error_share_of_extent: round(f.p90_error_share_of_extent),
  extent: round(f.extent),
});
const mapKnn = (positions: Float32Array) => round(knnAccuracy(fit.embedding, fitLabels, positions, evalSet.labels, MAP_DIM, FIDELITY_NEIGHBOURS));
const latentKept = (positions: Float32Array) => round(neighbourShare(evalLatents, dim, positions, MAP_DIM, FIDELITY_NEIGHBOURS));

console.log(JSON.stringify({
  fit_points: fitCount,
  eval_split: flags.eval,
  umap: umapOptions,
  projector: { ...summary.projector, final_loss: round(summary.projector.final_loss, 6) },
  seconds: {
    umap_neighbours: round(fit.seconds.neighbours, 2),
    umap_layout: round(fit.seconds.layout, 2),
    umap_total: round(fit.seconds.total, 2),
    projector_training: round(summary.seconds.projector, 2),
    transform_exact_search: round(summary.seconds.transform, 2),
    transform_projector_targets: round(summary.seconds.targets ?? 0, 2),
    transform_umap_js_search: round(stockTransformed.seconds, 2),
    projector_ms_per_1000_latents: round(projectMsPer1000, 3),
  },
  [`fidelity_${flags.eval}_vs_transform`]: r(summary.fidelity.held_out),
  fidelity_fit_points_vs_embedding_training_figure: r(summary.fidelity.fit_points),
  context: {
    transform_vs_transform_again: r(projectorFidelity(transformedAgain.embedding, transformed, extent)),
    neighbour_blend_12_vs_transform: r(projectorFidelity(neighbourBlend(fitLatents, fit.embedding, evalLatents, dim), transformed, extent)),
    projector_vs_umap_js_search_transform: r(projectorFidelity(projectedEval, stockTransformed.embedding, extent)),
    map_silhouette_by_digit: round(silhouette(fit.embedding, fitLabels, createRng(deriveSeed(seed, 'silhouette')))),
    latent_10nn_label_accuracy: round(knnAccuracy(fitLatents, fitLabels, evalLatents, evalSet.labels, dim, FIDELITY_NEIGHBOURS)),
    map_10nn_label_accuracy: {
      projector: mapKnn(projectedEval),
      transform: mapKnn(transformed),
      transform_umap_js_search: mapKnn(stockTransformed.embedding),
    },
    latent_10nn_kept_in_map: { projector: latentKept(projectedEval), transform: latentKept(transformed) },
  },
}, null, 2));

function concat(a: Float32Array, b: Float32Array): Float32Array {
  const out = new Float32Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/**
 * Mean silhouette of a seeded 2,000-point sample of the map, clusters being digit labels:
 * near 1 when digits form tight, well separated clusters, 0 when they overlap.
 */
function silhouette(points: Float32Array, labels: Int32Array, rng: ReturnType<typeof createRng>): number {
  const sample = Array.from(permutation(labels.length, rng)).slice(0, 2000);
  let total = 0;
  for (const i of sample) {
    const sums = new Float64Array(10);
    const counts = new Float64Array(10);
    for (const j of sample) {
      if (j === i) continue;
      const d = Math.hypot(...[0, 1, 2].map((c) => points[i * 3 + c]! - points[j * 3 + c]!));
      sums[labels[j]!]! += d;
      counts[labels[j]!]!++;
    }
    const own = sums[labels[i]!]! / counts[labels[i]!]!;
    const nearestOther = Math.min(...[...sums].map((s, d) => (d === labels[i] || counts[d] === 0 ? Infinity : s / counts[d]!)));
    total += (nearestOther - own) / Math.max(own, nearestOther);
  }
  return total / sample.length;
}
