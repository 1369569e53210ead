import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { PIXELS } from '../../src/model/dataset';
import { MAP_DIM, nearestNeighbours } from '../../src/model/map-fidelity';
import { useWasmBackend } from '../../src/model/node/wasm-backend';
import type { UmapOptions } from '../../src/model/map-summary';
import { buildMap, fitUmap, transformedTargets } from '../../src/model/projection';
import { buildProjector, trainProjector } from '../../src/model/projector';
import { augmentedLatents, concatRows, interpolatedLatents, projectorExtraLatents } from '../../src/model/projector-data';
import { AUTHOR_AUGMENTATION } from '../../src/model/augment';
import { createRng } from '../../src/model/rng';

const DIM = 8;
const SMALL_UMAP: UmapOptions = { seed: 5, nNeighbors: 10, minDist: 0.1, spread: 1, nEpochs: 60 };

/** Two well separated Gaussian blobs in 8-D, alternating. */
function twoBlobs(n: number, seed: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: n * DIM }, (_, i) => (Math.floor(i / DIM) % 2 === 0 ? 4 : -4) * (i % DIM === 0 ? 1 : 0) + 0.5 * rng.normal());
}

beforeAll(async () => {
  await useWasmBackend();
});

describe('interpolatedLatents', () => {
  const latents = twoBlobs(40, 1);

  it('puts each new latent on a segment from its own latent to one of that latent nearest neighbours', () => {
    const out = interpolatedLatents(latents, DIM, 3, 4, 7);
    expect(out.length).toBe(40 * 3 * DIM);
    const near = nearestNeighbours(latents, DIM, 4);
    for (let row = 0; row < 40 * 3; row++) {
      const i = Math.floor(row / 3);
      const z = out.subarray(row * DIM, (row + 1) * DIM);
      // Some neighbour j gives z = (1 - t) z_i + t z_j with one t in [0, 1) for every coordinate.
      const fits = Array.from(near.subarray(i * 4, (i + 1) * 4)).some((j) => {
        const a = latents.subarray(i * DIM, (i + 1) * DIM);
        const b = latents.subarray(j * DIM, (j + 1) * DIM);
        const t = (z[0]! - a[0]!) / (b[0]! - a[0]!);
        return t >= -1e-4 && t < 1 + 1e-4 && a.every((v, c) => Math.abs(v + t * (b[c]! - v) - z[c]!) < 1e-4);
      });
      expect(fits).toBe(true);
    }
  });

  it('is seeded: one seed, one set; another seed, another', () => {
    expect(interpolatedLatents(latents, DIM, 2, 4, 3)).toEqual(interpolatedLatents(latents, DIM, 2, 4, 3));
    expect(interpolatedLatents(latents, DIM, 2, 4, 4)).not.toEqual(interpolatedLatents(latents, DIM, 2, 4, 3));
  });
});

describe('augmentedLatents and projectorExtraLatents', () => {
  let encoder: tf.LayersModel;
  beforeAll(() => {
    encoder = tf.sequential({ layers: [tf.layers.flatten({ inputShape: [28, 28, 1] }), tf.layers.dense({ units: DIM, kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) })] });
  });
  const rng = createRng(9);
  const images = Float32Array.from({ length: 5 * PIXELS }, () => (rng.next() < 0.2 ? rng.next() : 0));

  it('encodes the asked number of augmented views of every image, seeded', async () => {
    const views = await augmentedLatents(encoder, images, 3, AUTHOR_AUGMENTATION, 1);
    expect(views.length).toBe(3 * 5 * DIM);
    expect(await augmentedLatents(encoder, images, 3, AUTHOR_AUGMENTATION, 1)).toEqual(views);
  });

  it('gives views first, then interpolations, as the recipe asks', async () => {
    const latents = twoBlobs(5, 2);
    const data = { viewsPerDigit: 2, interpolationsPerDigit: 3, interpolationNeighbours: 2 };
    const extra = await projectorExtraLatents(encoder, images, latents, DIM, data, 4);
    const expected = concatRows([await augmentedLatents(encoder, images, 2, AUTHOR_AUGMENTATION, 4), interpolatedLatents(latents, DIM, 3, 2, 4)]);
    expect(extra).toEqual(expected);
  });
});

describe('the projector trained with extra latents placed by transform()', () => {
  const fitted = twoBlobs(120, 3);
  const fresh = twoBlobs(40, 4);

  it('transformedTargets places every latent, in batches that never equal the fitted count', async () => {
    const fit = await fitUmap(fitted, DIM, SMALL_UMAP);
    const before = fit.umap.getEmbedding().flat();
    const placed = transformedTargets(fit, concatRows([fitted, fresh]), DIM, 120);
    expect(placed.length).toBe(160 * MAP_DIM);
    expect(placed.every(Number.isFinite)).toBe(true);
    expect(fit.umap.getEmbedding().flat()).toEqual(before);
  });

  it('buildMap counts the extra latents in the projector training set and records the recipe', async () => {
    const extra = interpolatedLatents(fitted, DIM, 2, 5, 1);
    const training = { epochs: 5, batchSize: 64, learningRate: 3e-3, finalLearningRateShare: 1, seed: 2, loss: 'huber' as const, huberDelta: 0.01 };
    const map = await buildMap(fitted, fresh, DIM, SMALL_UMAP, training, {}, extra);
    expect(map.summary.projector.samples).toBe(120 * 3);
    expect(map.summary.projector.loss).toBe('huber');
    expect(map.summary.seconds.targets).toBeGreaterThanOrEqual(0);
    expect(map.embedding.length).toBe(120 * MAP_DIM);
    map.projector.dispose();
  });

  it('the projector takes any width and depth and stays Dense ReLU layers with a linear output', async () => {
    const projector = buildProjector(1, DIM, { width: 16, depth: 2 });
    expect(projector.layers.map((l) => [l.getClassName(), (l.getConfig() as { activation: string }).activation])).toEqual([
      ['Dense', 'relu'],
      ['Dense', 'relu'],
      ['Dense', 'linear'],
    ]);
    expect(projector.countParams()).toBe(DIM * 16 + 16 + 16 * 16 + 16 + 16 * MAP_DIM + MAP_DIM);
    const targets = Float32Array.from({ length: 120 * MAP_DIM }, (_, i) => fitted[Math.floor(i / MAP_DIM) * DIM]! / 4);
    const summary = await trainProjector(projector, fitted, targets, { epochs: 20, batchSize: 32, learningRate: 1e-2, finalLearningRateShare: 0.1, seed: 1, loss: 'huber', huberDelta: 0.05 });
    expect(summary.epochLosses.at(-1)!).toBeLessThan(summary.epochLosses[0]! * 0.5);
    projector.dispose();
  });
});
