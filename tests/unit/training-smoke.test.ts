import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { AUTHOR_AUGMENTATION } from '../../src/model/augment';
import { selectSplit, subset } from '../../src/model/dataset';
import { encodeImages } from '../../src/model/evaluate';
import { buildDecoder, buildDynamics, buildEncoder } from '../../src/model/networks';
import { loadMnistPackage } from '../../src/model/node/mnist-source';
import { useWasmBackend } from '../../src/model/node/wasm-backend';
import { makeTransitionPairs } from '../../src/model/pairs';
import { createRng } from '../../src/model/rng';
import { trainAutoencoder, trainDynamics } from '../../src/model/training';

const training = selectSplit(loadMnistPackage(), 'training');
const small = subset(training, Array.from({ length: 200 }, (_, i) => i * 5));

beforeAll(async () => {
  await useWasmBackend();
});

describe('training smoke run on the wasm backend', () => {
  it('the autoencoder loss falls and the dynamics loss falls on its latents', async () => {
    const arch = { channels: [8, 16] as const, kernel: 3, latentDim: 64 };
    const encoder = buildEncoder(arch, 3);
    const decoder = buildDecoder(arch, 3);
    const ae = await trainAutoencoder(encoder, decoder, small, {
      epochs: 4, viewsPerDigit: 2, batchSize: 64, learningRate: 3e-3, augmentation: AUTHOR_AUGMENTATION, seed: 3,
    });
    expect(ae.epochLosses.at(-1)!).toBeLessThan(ae.epochLosses[0]! * 0.8);

    const latents = await encodeImages(encoder, small.images);
    const pairs = makeTransitionPairs({ latents, labels: small.labels }, 64, 4000, createRng(3));
    const dynamics = buildDynamics(3);
    const dyn = await trainDynamics(dynamics, pairs, { epochs: 4, batchSize: 256, learningRate: 1e-3, seed: 3 });
    expect(dyn.epochLosses.at(-1)!).toBeLessThan(dyn.epochLosses[0]! * 0.8);
  });

  it('two runs with one seed give the same weights', async () => {
    const run = async () => {
      const arch = { channels: [4, 8] as const, kernel: 3, latentDim: 64 };
      const encoder = buildEncoder(arch, 5);
      const decoder = buildDecoder(arch, 5);
      await trainAutoencoder(encoder, decoder, subset(small, [0, 1, 2, 3, 4, 5, 6, 7]), {
        epochs: 1, viewsPerDigit: 2, batchSize: 8, learningRate: 1e-3, augmentation: AUTHOR_AUGMENTATION, seed: 5,
      });
      return encoder.getWeights()[0]!.dataSync().slice();
    };
    expect(await run()).toEqual(await run());
  });

  it('leaves no tensors behind after a training run', async () => {
    const dynamics = buildDynamics(1);
    const latents = new Float32Array(20 * 64).map((_, i) => Math.sin(i));
    const labels = Int32Array.from({ length: 20 }, (_, i) => i % 10);
    const pairs = makeTransitionPairs({ latents, labels }, 64, 512, createRng(1));
    await trainDynamics(dynamics, pairs, { epochs: 1, batchSize: 128, learningRate: 1e-3, seed: 1 });
    const before = tf.memory().numTensors;
    await trainDynamics(dynamics, pairs, { epochs: 2, batchSize: 128, learningRate: 1e-3, seed: 1 });
    expect(tf.memory().numTensors).toBe(before);
  });
});
