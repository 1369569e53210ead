import { beforeAll, describe, expect, it } from 'vitest';
import { useWasmBackend } from '../../src/model/node/wasm-backend';
import { boundingBox, boxDiagonal, nearestNeighbours, nearestRows, projectorFidelity } from '../../src/model/map-fidelity';
import {
  buildMap,
  buildProjector,
  denormalise,
  fitNormalisation,
  fitUmap,
  normalise,
  project,
  trainProjector,
  umapTransform,
} from '../../src/model/projection';
import type { UmapOptions } from '../../src/model/map-summary';
import { createRng, permutation, type Rng } from '../../src/model/rng';

const DIM = 64;
const BLOBS = 3;

/** Gaussian blobs in 64-D, far apart compared with their spread; labels are blob indices. */
function blobs(perBlob: number, rng: Rng, centres: Float32Array[]): { points: Float32Array; labels: Int32Array } {
  const points = new Float32Array(BLOBS * perBlob * DIM);
  const labels = new Int32Array(BLOBS * perBlob);
  for (let i = 0; i < labels.length; i++) {
    const b = i % BLOBS;
    labels[i] = b;
    for (let d = 0; d < DIM; d++) points[i * DIM + d] = centres[b]![d]! + 0.5 * rng.normal();
  }
  return { points, labels };
}

const centreRng = createRng(11);
const CENTRES = Array.from({ length: BLOBS }, () => Float32Array.from({ length: DIM }, () => 3 * centreRng.normal()));
const SMALL_UMAP: UmapOptions = { seed: 5, nNeighbors: 10, minDist: 0.1, spread: 1, nEpochs: 60 };

function randomPoints(n: number, seed: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: n * 3 }, () => rng.uniform(-1, 1));
}

/** The blob whose mean position in `positions` (n x 3) lies nearest to each point. */
function nearestBlobMean(fitted: Float32Array, fittedLabels: Int32Array, positions: Float32Array): Int32Array {
  const means = Array.from({ length: BLOBS }, () => [0, 0, 0, 0]);
  fittedLabels.forEach((b, i) => {
    for (let d = 0; d < 3; d++) means[b]![d]! += fitted[i * 3 + d]!;
    means[b]![3]!++;
  });
  const centres = means.map((m) => m.slice(0, 3).map((s) => s / m[3]!));
  return Int32Array.from({ length: positions.length / 3 }, (_, i) => {
    const dist = centres.map((c) => Math.hypot(...c.map((v, d) => v - positions[i * 3 + d]!)));
    return dist.indexOf(Math.min(...dist));
  });
}

function squaredDistance(a: Float32Array, i: number, b: Float32Array, j: number): number {
  return [0, 1, 2].reduce((sum, c) => sum + (a[i * 3 + c]! - b[j * 3 + c]!) ** 2, 0);
}

function meanSquaredError(a: Float32Array, b: Float32Array): number {
  return a.reduce((sum, v, i) => sum + (v - b[i]!) ** 2, 0) / a.length;
}

describe('fidelity metrics', () => {
  it('identical point sets keep every neighbour and have no error', () => {
    const points = randomPoints(200, 1);
    const f = projectorFidelity(points, points.slice(), boxDiagonal(points));
    expect(f.neighbours_preserved_10).toBe(1);
    expect(f.median_error_share_of_extent).toBe(0);
    expect(f.points).toBe(200);
  });

  it('a rigid shift of every point is its length as a share of the extent, neighbours intact', () => {
    const points = randomPoints(200, 2);
    const shifted = points.map((v, i) => v + [0.3, 0.4, 0][i % 3]!);
    const extent = 4;
    const f = projectorFidelity(shifted, points, extent);
    expect(f.median_error_share_of_extent).toBeCloseTo(0.5 / extent, 5);
    expect(f.p90_error_share_of_extent).toBeCloseTo(0.5 / extent, 5);
    expect(f.neighbours_preserved_10).toBe(1);
  });

  it('shuffled correspondences keep almost no neighbours', () => {
    const points = randomPoints(300, 3);
    const order = permutation(300, createRng(4));
    const shuffled = new Float32Array(points.length);
    order.forEach((from, to) => shuffled.set(points.subarray(from * 3, from * 3 + 3), to * 3));
    // Chance level is 10 / 299 of each list.
    expect(projectorFidelity(shuffled, points, boxDiagonal(points)).neighbours_preserved_10).toBeLessThan(0.1);
  });

  it('the extent is the bounding box diagonal', () => {
    expect(boxDiagonal(Float32Array.from([0, 0, 0, 2, 3, 6, 1, 1, 1]))).toBeCloseTo(7, 6);
  });

  it('nearest rows agree with sorting every distance', () => {
    const data = randomPoints(200, 7);
    const queries = randomPoints(20, 8);
    const { indices } = nearestRows(data, queries, 3, 5);
    for (let q = 0; q < 20; q++) {
      const byDistance = Array.from({ length: 200 }, (_, j) => j).sort(
        (a, b) => squaredDistance(data, a, queries, q) - squaredDistance(data, b, queries, q),
      );
      expect([...indices.subarray(q * 5, q * 5 + 5)]).toEqual(byDistance.slice(0, 5));
    }
  });

  it('nearest neighbours are exact, nearest first, never the point itself', () => {
    // One dimension: 0, 1, 3, 7.
    const nn = nearestNeighbours(Float32Array.from([0, 1, 3, 7]), 1, 2);
    expect([...nn]).toEqual([1, 2, 0, 2, 1, 0, 2, 1]);
  });
});

describe('map normalisation', () => {
  it('centres the bounding box and spans [-1, 1] on its longest side', () => {
    const raw = Float32Array.from([2, 10, -4, 6, 11, -3, 4, 12, -5]);
    const { min, max } = boundingBox(normalise(raw, fitNormalisation(raw)));
    expect(min[0]).toBeCloseTo(-1, 6);
    expect(max[0]).toBeCloseTo(1, 6);
    for (let d = 0; d < 3; d++) expect(min[d]! + max[d]!).toBeCloseTo(0, 6);
  });

  it('denormalise undoes normalise', () => {
    const raw = randomPoints(50, 6).map((v) => 7 * v + 3);
    const n = fitNormalisation(raw);
    const back = denormalise(normalise(raw, n), n);
    back.forEach((v, i) => expect(v).toBeCloseTo(raw[i]!, 4));
  });
});

describe('UMAP map and projector on synthetic blobs', () => {
  const train = blobs(100, createRng(21), CENTRES);
  const fresh = blobs(20, createRng(22), CENTRES);

  beforeAll(async () => {
    await useWasmBackend();
  });

  it('one seed gives the same embedding twice; another seed a different one', async () => {
    const a = await fitUmap(train.points, DIM, SMALL_UMAP);
    const b = await fitUmap(train.points, DIM, SMALL_UMAP);
    const c = await fitUmap(train.points, DIM, { ...SMALL_UMAP, seed: 6 });
    expect(a.embedding).toEqual(b.embedding);
    expect(a.normalisation).toEqual(b.normalisation);
    expect(c.embedding).not.toEqual(a.embedding);
  });

  it('refuses an epoch count that would hang umap-js transform()', async () => {
    await expect(fitUmap(train.points, DIM, { ...SMALL_UMAP, nEpochs: 50 })).rejects.toThrow(/multiple of 3/);
  });

  it('the projector trained on the map puts unseen blob points in their own blob, as transform() does', async () => {
    const fit = await fitUmap(train.points, DIM, SMALL_UMAP);
    const projector = buildProjector(3, DIM);
    const summary = await trainProjector(projector, train.points, fit.embedding, {
      epochs: 40, batchSize: 32, learningRate: 3e-3, finalLearningRateShare: 0.1, seed: 3,
    });
    expect(summary.epochLosses.at(-1)!).toBeLessThan(summary.epochLosses[0]! * 0.5);
    // It trained on standardised latents; after folding that in, raw latents must fit as well.
    const rawError = meanSquaredError(await project(projector, train.points, DIM), fit.embedding);
    expect(rawError).toBeLessThan(summary.epochLosses.at(-1)! * 2);

    const projected = await project(projector, fresh.points, DIM);
    expect([...nearestBlobMean(fit.embedding, train.labels, projected)]).toEqual([...fresh.labels]);
    const transformed = umapTransform(fit, fresh.points, DIM).embedding;
    expect([...nearestBlobMean(fit.embedding, train.labels, transformed)]).toEqual([...fresh.labels]);
    projector.dispose();
  });

  it('two projector trainings with one seed give the same weights', async () => {
    const fit = await fitUmap(train.points, DIM, SMALL_UMAP);
    const weights = async () => {
      const projector = buildProjector(4, DIM);
      await trainProjector(projector, train.points, fit.embedding, { epochs: 3, batchSize: 64, learningRate: 3e-3, finalLearningRateShare: 1, seed: 4 });
      const values = await Promise.all(projector.getWeights().map((w) => w.data()));
      projector.dispose();
      return values.map((v) => Array.from(v));
    };
    expect(await weights()).toEqual(await weights());
  });

  it('buildMap measures the projector on the latents it was not fitted on', async () => {
    const map = await buildMap(train.points, fresh.points, DIM, SMALL_UMAP, {
      epochs: 20, batchSize: 32, learningRate: 3e-3, finalLearningRateShare: 0.1, seed: 3,
    });
    expect(map.embedding.length).toBe(train.labels.length * 3);
    expect(map.summary.fidelity.held_out.points).toBe(fresh.labels.length);
    expect(map.summary.fidelity.fit_points.points).toBe(train.labels.length);
    expect(map.heldOut.projected.length).toBe(fresh.labels.length * 3);
    expect([...nearestBlobMean(map.embedding, train.labels, map.heldOut.projected)]).toEqual([...fresh.labels]);
    map.projector.dispose();
  });

  it('transform() of exactly as many points as were fitted leaves the fitted map where it was', async () => {
    const fit = await fitUmap(train.points, DIM, SMALL_UMAP);
    // umap-js moves the fitted points too when both sides have one count; umapTransform must not let it.
    const fitted = () => fit.umap.getEmbedding().flat();
    const before = fitted();
    const placed = umapTransform(fit, train.points, DIM).embedding;
    expect(fitted()).toEqual(before);
    expect(placed.length).toBe(fit.embedding.length);
    expect(placed.every(Number.isFinite)).toBe(true);
  });
});
