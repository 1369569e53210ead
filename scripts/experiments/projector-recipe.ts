/**
 * Chooses how the projector is trained, on VALIDATION digits only: it refits a shipped seed's UMAP
 * (same options: same map), then trains projectors on the fitted points plus extra latents placed
 * by umapTransform (augmented views of the fitted digits, points between latent neighbours), and
 * measures each against umapTransform on the validation latents, beside the neighbour blend and a
 * second transform (the ceiling). Held-out digits are never read here: `npm run eval` reports them.
 *   npx tsx scripts/experiments/projector-recipe.ts [--manifold ssl] [--views 0,2] [--interp 0,2]
 *     [--epochs 100] [--batch 256] [--lr 3e-3] [--width 128] [--depth 4] [--blend-target]
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { AUTHOR_AUGMENTATION } from '../../src/model/augment';
import { selectSplit } from '../../src/model/dataset';
import { encodeImages, round } from '../../src/model/evaluate';
import { boxDiagonal, MAP_DIM, projectorFidelity } from '../../src/model/map-fidelity';
import { neighbourBlend, unitRows } from '../../src/model/neighbour-blend';
import { loadMnistPackage } from '../../src/model/node/mnist-source';
import { loadManifold, readManifestFile } from '../../src/model/node/shipped';
import { useWasmBackend } from '../../src/model/node/wasm-backend';
import { fitUmap, transformedTargets, umapTransform } from '../../src/model/projection';
import { buildProjector, DEFAULT_PROJECTOR_TRAINING, project, trainProjector, type ProjectorTraining } from '../../src/model/projector';
import { augmentedLatents, concatRows, interpolatedLatents } from '../../src/model/projector-data';
import type { ManifoldId } from '../../src/model/recipes';

const { values: v } = parseArgs({
  options: {
    manifold: { type: 'string', default: 'ssl' },
    views: { type: 'string', default: '0' },
    interp: { type: 'string', default: '0' },
    'interp-neighbours': { type: 'string', default: '15' },
    epochs: { type: 'string', default: String(DEFAULT_PROJECTOR_TRAINING.epochs) },
    batch: { type: 'string', default: String(DEFAULT_PROJECTOR_TRAINING.batchSize) },
    lr: { type: 'string', default: String(DEFAULT_PROJECTOR_TRAINING.learningRate) },
    width: { type: 'string', default: '128' },
    depth: { type: 'string', default: '4' },
    'no-fit-points': { type: 'boolean', default: false },
    /** What the fitted latents are trained towards: their fitted positions, or transform() of them. */
    'fit-targets': { type: 'string', default: 'embedding' },
    loss: { type: 'string', default: 'mse' },
    'huber-delta': { type: 'string', default: '0.01' },
    'final-share': { type: 'string', default: String(DEFAULT_PROJECTOR_TRAINING.finalLearningRateShare) },
    /** Averages this many transform() draws per extra latent: less noisy targets. */
    draws: { type: 'string', default: '1' },
    /** A folder to keep the extra latents and their targets in between runs (they take minutes). */
    cache: { type: 'string' },
    /** Also reports the mean of this many further transform() draws of the validation latents (0: not). */
    'mean-transforms': { type: 'string', default: '0' },
    /** Stops after the references (blend, second transform, mean of transforms). */
    'references-only': { type: 'boolean', default: false },
  },
});
const list = (s: string) => s.split(',').map(Number);

await useWasmBackend();
const loaded = await loadManifold(v.manifold as ManifoldId);
const { encoder } = loaded.models;
const umapOptions = loaded.manifest.map.umap;
const source = loadMnistPackage();
const training = selectSplit(source, 'training');
const reference = selectSplit(source, 'reference');
const validation = selectSplit(source, 'validation');
const fitImages = concatRows([training.images, reference.images]);
const fitLatents = await encodeImages(encoder, fitImages);
const dim = fitLatents.length / (training.count + reference.count);
const valLatents = await encodeImages(encoder, validation.images);

let t = performance.now();
const fit = await fitUmap(fitLatents, dim, umapOptions);
const shipped = new Float32Array(readManifestFile(loaded, loaded.manifest.map.positions).slice().buffer);
const refitDiff = shipped.reduce((m, x, i) => Math.max(m, Math.abs(x - fit.embedding[i]!)), 0);
console.error(`umap refit ${round((performance.now() - t) / 1000, 1)} s, max diff from shipped map ${refitDiff}`);
const extent = boxDiagonal(fit.embedding);
const reference1 = umapTransform(fit, valLatents, dim).embedding;
const reference2 = umapTransform(fit, valLatents, dim).embedding;
const kept = (positions: Float32Array) => round(projectorFidelity(positions, reference1, extent).neighbours_preserved_10);
const median = (positions: Float32Array) => round(projectorFidelity(positions, reference1, extent).median_error_share_of_extent);
const unitFit = unitRows(fitLatents, dim);
const blendAll = neighbourBlend(unitFit, fit.embedding, valLatents, dim, 12, true);
const trainingRows = training.count * dim;
const blendTraining = neighbourBlend(fitLatents.subarray(0, trainingRows), fit.embedding.subarray(0, training.count * MAP_DIM), valLatents, dim);
console.log(JSON.stringify({
  manifold: v.manifold,
  split: 'validation',
  transform_vs_transform_again: { kept: kept(reference2), median: median(reference2) },
  blend12_fit_points: { kept: kept(blendAll), median: median(blendAll) },
  blend12_training_digits_only: { kept: kept(blendTraining), median: median(blendTraining) },
}));

const meanDraws = Number(v['mean-transforms']);
if (meanDraws > 0) {
  const mean = new Float32Array(reference1.length);
  for (let d = 0; d < meanDraws; d++) umapTransform(fit, valLatents, dim).embedding.forEach((x, i) => (mean[i] += x / meanDraws));
  console.log(JSON.stringify({ [`mean_of_${meanDraws}_more_transforms`]: { kept: kept(mean), median: median(mean) } }));
}
if (v['references-only']) process.exit(0);

// Extra latents are made once for the largest count asked and sliced per run.
const maxViews = Math.max(...list(v.views!));
const maxInterp = Math.max(...list(v.interp!));
t = performance.now();
const tag = `${v.manifold}-s${umapOptions.seed}`;
const views = await cached(`${tag}-views${maxViews}.f32`, async () =>
  maxViews > 0 ? await augmentedLatents(encoder, fitImages, maxViews, AUTHOR_AUGMENTATION, umapOptions.seed) : new Float32Array(0));
const interps = await cached(`${tag}-interp${maxInterp}-k${v['interp-neighbours']}.f32`, async () =>
  maxInterp > 0 ? interpolatedLatents(fitLatents, dim, maxInterp, Number(v['interp-neighbours']), umapOptions.seed) : new Float32Array(0));
console.error(`extra latents: ${views.length / dim} views, ${interps.length / dim} interpolations in ${round((performance.now() - t) / 1000, 1)} s`);
t = performance.now();
const draws = Number(v.draws);
const averaged = async (name: string, latents: Float32Array) => {
  const sum = new Float32Array((latents.length / dim) * MAP_DIM);
  for (let d = 0; d < draws; d++) {
    const one = await cached(`${name}-draw${d}.f32`, async () => transformedTargets(fit, latents, dim));
    one.forEach((x, i) => (sum[i] += x / draws));
  }
  return sum;
};
const viewTargets = await averaged(`${tag}-views${maxViews}`, views);
const interpTargets = await averaged(`${tag}-interp${maxInterp}-k${v['interp-neighbours']}`, interps);
console.error(`transform targets in ${round((performance.now() - t) / 1000, 1)} s`);

const fitCount = fitLatents.length / dim;
// Reversed: umap-js gives a fitted neighbour no weight when its index equals the query's row
// number (see umapTransform), which in fitted order would drop every latent's own point.
const reversed = (rows: Float32Array, width: number) => concatRows(Array.from({ length: rows.length / width }, (_, i) => rows.subarray(rows.length - (i + 1) * width, rows.length - i * width)));
const fitTargets = v['fit-targets'] === 'transform' ? reversed(await averaged(`${tag}-fit`, reversed(fitLatents, dim)), MAP_DIM) : fit.embedding;
for (const nViews of list(v.views!)) {
  for (const nInterp of list(v.interp!)) {
    // The views were drawn view by view over all fitted digits, so a prefix is whole views.
    const viewRows = nViews * fitCount;
    // Interpolations are point by point: take the first nInterp of each point's maxInterp.
    const pick = (src: Float32Array, width: number) => {
      const out = new Float32Array(fitCount * nInterp * width);
      for (let i = 0; i < fitCount; i++) out.set(src.subarray(i * maxInterp * width, (i * maxInterp + nInterp) * width), i * nInterp * width);
      return out;
    };
    const latents = concatRows([v['no-fit-points'] ? new Float32Array(0) : fitLatents, views.subarray(0, viewRows * dim), pick(interps, dim)]);
    const targets = concatRows([v['no-fit-points'] ? new Float32Array(0) : fitTargets, viewTargets.subarray(0, viewRows * MAP_DIM), pick(interpTargets, MAP_DIM)]);
    const projector = buildProjector(umapOptions.seed, dim, { width: Number(v.width), depth: Number(v.depth) });
    const config: ProjectorTraining = {
      ...DEFAULT_PROJECTOR_TRAINING,
      seed: umapOptions.seed,
      epochs: Number(v.epochs),
      batchSize: Number(v.batch),
      learningRate: Number(v.lr),
      finalLearningRateShare: Number(v['final-share']),
      loss: v.loss as 'mse' | 'huber',
      huberDelta: Number(v['huber-delta']),
    };
    const summary = await trainProjector(projector, latents, targets, config);
    const placed = await project(projector, valLatents, dim);
    console.log(JSON.stringify({
      views: nViews,
      interpolations: nInterp,
      fit_points: v['no-fit-points'] ? 'none' : v['fit-targets'],
      loss: v.loss === 'huber' ? `huber ${v['huber-delta']}` : v.loss,
      final_share: config.finalLearningRateShare,
      samples: latents.length / dim,
      width: Number(v.width),
      depth: Number(v.depth),
      draws,
      epochs: config.epochs,
      batch: config.batchSize,
      lr: config.learningRate,
      kept: kept(placed),
      median: median(placed),
      p90: round(projectorFidelity(placed, reference1, extent).p90_error_share_of_extent),
      kept_vs_second_transform: round(projectorFidelity(placed, reference2, extent).neighbours_preserved_10),
      final_loss: round(summary.epochLosses.at(-1)!, 7),
      seconds: round(summary.seconds, 1),
    }));
    projector.dispose();
  }
}

/** Draws made in an earlier run are read back; draw d of a file is the d-th transform() after the refit. */
async function cached(file: string, make: () => Promise<Float32Array>): Promise<Float32Array> {
  if (!v.cache) return make();
  const path = join(v.cache, file);
  if (existsSync(path)) {
    const bytes = readFileSync(path);
    return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  }
  const made = await make();
  mkdirSync(v.cache, { recursive: true });
  writeFileSync(path, new Uint8Array(made.buffer, made.byteOffset, made.byteLength));
  return made;
}
