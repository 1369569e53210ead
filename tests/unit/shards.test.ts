/**
 * Sharded minibatches: the shards' gradients add up to the whole batch's, and training on two
 * threads (a helper computing shard 1) gives bit-identical weights to training on one.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { AUTHOR_AUGMENTATION } from '../../src/model/augment';
import type { AutoencoderTraining } from '../../src/model/training';
import { selectSplit, subset } from '../../src/model/dataset';
import { buildDecoder, buildDynamics, buildEncoder } from '../../src/model/networks';
import { loadMnistPackage } from '../../src/model/node/mnist-source';
import { HELPER_THREADS } from '../../src/model/node/shard-helper';
import { useWasmBackend } from '../../src/model/node/wasm-backend';
import { makeTransitionPairs } from '../../src/model/pairs';
import { LOCAL_THREADS } from '../../src/model/pipeline';
import { createRng } from '../../src/model/rng';
import { localShards, shardedStep, shardRange } from '../../src/model/shards';

beforeAll(async () => {
  await useWasmBackend();
});

const weightsOf = (models: tf.LayersModel[]) => models.flatMap((m) => m.getWeights().map((w) => Array.from(w.dataSync())));

describe('sharded minibatches', () => {
  it('splits a batch into near-equal parts that cover it', () => {
    expect(shardRange(128, 2, 0)).toEqual([0, 64]);
    expect(shardRange(128, 2, 1)).toEqual([64, 128]);
    expect(shardRange(99, 2, 0)).toEqual([0, 50]);
    expect(shardRange(99, 2, 1)).toEqual([50, 99]);
    expect(shardRange(1, 2, 1)).toEqual([1, 1]);
  });

  it("sums weighted shard gradients to the whole batch's gradient", () => {
    const w = tf.variable(tf.tensor2d([[0.5, -1], [2, 0.25]]), true, 'shard_test_w');
    const x = tf.tensor2d([[1, 2], [3, -1], [0.5, 0.5], [-2, 1], [1, 1]]);
    const y = tf.tensor2d([[0, 1], [1, 0], [2, 2], [-1, 0], [0.5, 0.5]]);
    const loss = (rows: tf.Tensor2D, target: tf.Tensor2D) => tf.losses.meanSquaredError(target, tf.matMul(rows, w)) as tf.Scalar;
    const whole = tf.variableGrads(() => loss(x, y), [w]).grads['shard_test_w']!.dataSync();
    const before = w.dataSync().slice();
    const sgd = tf.train.sgd(1);
    shardedStep([w], sgd, localShards(2), (k) => {
      const [from, to] = shardRange(5, 2, k);
      return tf.mul(loss(x.slice(from, to - from), y.slice(from, to - from)), (to - from) / 5);
    });
    const after = w.dataSync();
    before.forEach((b, i) => expect(b - after[i]!).toBeCloseTo(whole[i]!, 5));
  });

  it('trains the dynamics to the same bits on one thread and on two', async () => {
    const rng = createRng(5);
    const latents = Float32Array.from({ length: 200 * 64 }, () => rng.normal());
    const labels = Int32Array.from({ length: 200 }, (_, i) => i % 10);
    const pairs = makeTransitionPairs({ latents, labels }, 64, 3000, createRng(6));
    const config = { epochs: 2, batchSize: 256, learningRate: 1e-3, adamEpsilon: 1e-8, seed: 3 };
    const alone = buildDynamics(4, 64, 'torch');
    const shared = buildDynamics(4, 64, 'torch');
    const a = await LOCAL_THREADS.dynamics(alone, pairs, config);
    const b = await HELPER_THREADS.dynamics(shared, pairs, config);
    expect(b.epochLosses).toEqual(a.epochLosses);
    expect(weightsOf([shared])).toEqual(weightsOf([alone]));
  });

  /** Trains the same small autoencoder on one thread and on two; both runs must agree to the bit. */
  async function groundingBothWays(digitCount: number, stride: number, netSeed: number, config: AutoencoderTraining) {
    // Not the whole training split: the helper must train on the digits it is given.
    const training = selectSplit(loadMnistPackage(), 'training');
    const digits = subset(training, Array.from({ length: digitCount }, (_, i) => i * stride + 1));
    const arch = { channels: [4, 8] as const, kernel: 3, latentDim: 64 };
    const alone = [buildEncoder(arch, netSeed), buildDecoder(arch, netSeed)] as const;
    const shared = [buildEncoder(arch, netSeed), buildDecoder(arch, netSeed)] as const;
    const a = await LOCAL_THREADS.autoencoder(alone[0], alone[1], digits, config);
    const b = await HELPER_THREADS.autoencoder(shared[0], shared[1], digits, config);
    expect(b.epochLosses).toEqual(a.epochLosses);
    expect(weightsOf([...shared])).toEqual(weightsOf([...alone]));
    return { a, digits, arch };
  }

  it('trains the grounding autoencoder (with the contrastive term) to the same bits on one thread and on two', async () => {
    await groundingBothWays(300, 3, 2, { epochs: 1, viewsPerDigit: 1, batchSize: 200, learningRate: 1e-3, augmentation: AUTHOR_AUGMENTATION, contrastive: { weight: 0.05, temperature: 0.2 }, seed: 9 });
  });

  it('trains the label-free contrastive grounding (two views, a projection head) to the same bits on one thread and on two', async () => {
    const contrastive = { pairing: 'views' as const, weight: 0.1, temperature: 0.2, head: { hidden: 32, out: 16 } };
    const config = { epochs: 2, viewsPerDigit: 1, batchSize: 60, learningRate: 3e-3, augmentation: AUTHOR_AUGMENTATION, contrastive, seed: 4 };
    const { a, digits, arch } = await groundingBothWays(120, 7, 5, config);
    // The contrastive term is in the loss: without it the same run's loss is the MSE alone, far lower.
    const plain = await LOCAL_THREADS.autoencoder(buildEncoder(arch, 5), buildDecoder(arch, 5), digits, { ...config, contrastive: null });
    expect(a.epochLosses[0]!).toBeGreaterThan(plain.epochLosses[0]! + 0.05);
  });

  it('trains with nearest-neighbour positives (from the second epoch) to the same bits on one thread and on two', async () => {
    const contrastive = { pairing: 'neighbours' as const, weight: 0.1, temperature: 0.5, head: { hidden: 32, out: 16 } };
    const config = { epochs: 2, viewsPerDigit: 1, batchSize: 60, learningRate: 3e-3, augmentation: AUTHOR_AUGMENTATION, contrastive, seed: 4 };
    const { a } = await groundingBothWays(120, 7, 5, config);
    // The first epoch pairs views, so it matches that run; the second, with neighbours, does not.
    const { a: paired } = await groundingBothWays(120, 7, 5, { ...config, contrastive: { ...contrastive, pairing: 'views' } });
    expect(a.epochLosses[0]).toBe(paired.epochLosses[0]);
    expect(a.epochLosses[1]).not.toBe(paired.epochLosses[1]);
  });
});
