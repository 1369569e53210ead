/**
 * Node training throughput on the tfjs wasm backend, the project's kernels (wasm-kernels.ts, what
 * `npm run train` uses) against the stock ones: the shipped conv autoencoder and the dynamics MLP.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { useWasmBackend } from '../../src/model/node/wasm-backend';
import { createRng } from '../../src/model/rng';
import type { DadCollectThroughput, Maybe, ShardedThroughput, TrainingResult, TrainingThroughput } from './types';
import { AUTHOR_AUGMENTATION } from '../../src/model/augment';
import { selectSplit, subset } from '../../src/model/dataset';
import { buildDecoder, buildDynamics, buildEncoder, DEFAULT_AUTOENCODER } from '../../src/model/networks';
import { loadMnistPackage } from '../../src/model/node/mnist-source';
import { HELPER_THREADS } from '../../src/model/node/shard-helper';
import { makeTransitionPairs } from '../../src/model/pairs';
import { collectVisitedStates } from '../../src/model/dad';
import { LOCAL_THREADS, type TrainingThreads } from '../../src/model/pipeline';

interface Workload {
  batch: number;
  build(): tf.LayersModel;
  inputShape: number[];
  targetShape: number[];
}

function uniform(shape: number[], seed: number): tf.Tensor {
  const rng = createRng(seed);
  const n = shape.reduce((p, d) => p * d, 1);
  return tf.tensor(Float32Array.from({ length: n }, () => rng.next()), shape);
}

const autoencoder: Workload = {
  batch: 128,
  inputShape: [28, 28, 1],
  targetShape: [28, 28, 1],
  build: () =>
    tf.sequential({
      layers: [
        tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 32, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' }),
        tf.layers.conv2d({ filters: 64, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 64 }),
        tf.layers.dense({ units: 7 * 7 * 64, activation: 'relu' }),
        tf.layers.reshape({ targetShape: [7, 7, 64] }),
        tf.layers.conv2dTranspose({ filters: 32, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' }),
        tf.layers.conv2dTranspose({ filters: 1, kernelSize: 3, strides: 2, padding: 'same', activation: 'sigmoid' }),
      ],
    }),
};

const dynamics: Workload = {
  batch: 512,
  inputShape: [65],
  targetShape: [64],
  build: () =>
    tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [65], units: 256, activation: 'relu' }),
        tf.layers.dense({ units: 256, activation: 'relu' }),
        tf.layers.dense({ units: 64 }),
      ],
    }),
};

export const WORKLOADS = {
  autoencoder: 'conv32s2-conv64s2-dense64-dense3136-convT32s2-convT1s2, batch 128, adam, mse',
  dynamics: '65-256-256-64, batch 512, adam, mse',
};

/** Times trainOnBatch until `budgetMs` has passed (at least 3 steps) after 2 warm-up steps. */
async function measure(w: Workload, budgetMs: number): Promise<Maybe<TrainingThroughput>> {
  const model = w.build();
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'meanSquaredError' });
  const xs = uniform([w.batch, ...w.inputShape], 1);
  const ys = w.inputShape.join() === w.targetShape.join() ? xs : uniform([w.batch, ...w.targetShape], 2);
  try {
    for (let i = 0; i < 2; i++) await model.trainOnBatch(xs, ys);
    const before = tf.memory().numTensors;
    const t0 = performance.now();
    let steps = 0;
    while (steps < 3 || performance.now() - t0 < budgetMs) {
      await model.trainOnBatch(xs, ys); // returns the loss as a number: waits for the step
      steps++;
    }
    const ms = (performance.now() - t0) / steps;
    return {
      samplesPerSec: Math.round((w.batch * 1000) / ms),
      msPerStep: Math.round(ms * 10) / 10,
      steps,
      batch: w.batch,
      tensorDelta: tf.memory().numTensors - before,
    };
  } catch (e) {
    return { skipped: `failed: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}` };
  } finally {
    tf.dispose(xs === ys ? [xs] : [xs, ys]);
    model.dispose();
  }
}

/** One training run of the pipeline's trainers on `threads`, samples per second. */
async function trainerSpeed(kind: 'autoencoder' | 'dynamics', threads: TrainingThreads, size: number): Promise<number> {
  if (kind === 'autoencoder') {
    const digits = subset(selectSplit(loadMnistPackage(), 'training'), Array.from({ length: size }, (_, i) => i));
    const models = [buildEncoder(DEFAULT_AUTOENCODER, 1), buildDecoder(DEFAULT_AUTOENCODER, 1)] as const;
    const s = await threads.autoencoder(models[0], models[1], digits, { epochs: 1, viewsPerDigit: 1, batchSize: 128, learningRate: 1e-3, augmentation: AUTHOR_AUGMENTATION, contrastive: { weight: 0.2, temperature: 0.2 }, seed: 1 });
    models.forEach((m) => m.dispose());
    return s.samplesPerSecond;
  }
  const rng = createRng(3);
  const latents = Float32Array.from({ length: 1000 * 64 }, () => rng.normal());
  const labels = Int32Array.from({ length: 1000 }, (_, i) => i % 10);
  const pairs = makeTransitionPairs({ latents, labels }, 64, size, createRng(4));
  const model = buildDynamics(1, 64, 'torch');
  const s = await threads.dynamics(model, pairs, { epochs: 1, batchSize: 512, learningRate: 1e-3, adamEpsilon: 1e-8, seed: 1 });
  model.dispose();
  return s.samplesPerSecond;
}

async function sharded(kind: 'autoencoder' | 'dynamics', size: number): Promise<Maybe<ShardedThroughput>> {
  try {
    const oneThread = await trainerSpeed(kind, LOCAL_THREADS, size);
    const helper = await trainerSpeed(kind, HELPER_THREADS, size);
    return { samples: size, oneThread: Math.round(oneThread), helper: Math.round(helper), speedup: Math.round((helper / oneThread) * 100) / 100 };
  } catch (e) {
    return { skipped: `failed: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}` };
  }
}

/** DaD's collection (5 grounded steps each way) over `starts` random latents, chunked and whole. */
async function dadCollect(starts: number): Promise<Maybe<DadCollectThroughput>> {
  const models = { encoder: buildEncoder(DEFAULT_AUTOENCODER, 1), decoder: buildDecoder(DEFAULT_AUTOENCODER, 1), dynamics: buildDynamics(1, 64, 'torch') };
  const rng = createRng(5);
  const latents = Float32Array.from({ length: starts * 64 }, () => rng.normal());
  const labels = Int32Array.from({ length: starts }, (_, i) => i % 10);
  const chunk = 1000;
  const perSecond = async (size: number) => {
    const t = performance.now();
    await collectVisitedStates(models, { latents, labels }, 64, 5, size);
    return starts / ((performance.now() - t) / 1000);
  };
  try {
    const chunked = await perSecond(chunk);
    const oneBatch = await perSecond(starts);
    return { starts, chunk, chunked: Math.round(chunked), oneBatch: Math.round(oneBatch), speedup: Math.round((chunked / oneBatch) * 100) / 100 };
  } catch (e) {
    return { skipped: `failed: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}` };
  } finally {
    Object.values(models).forEach((m) => m.dispose());
  }
}

/**
 * Stock kernels first (registering ours replaces them for the rest of the process). `stock: false`
 * (--quick) measures only ours, briefly.
 */
export async function trainingThroughput(options: { budgetMs: number; stock: boolean }): Promise<TrainingResult> {
  await tf.setBackend('wasm');
  await tf.ready();
  const notRun = { skipped: 'stock kernels are measured in the full run only (--quick)' };
  const stock = options.stock
    ? { autoencoder: await measure(autoencoder, options.budgetMs), dynamics: await measure(dynamics, options.budgetMs) }
    : { autoencoder: notRun, dynamics: notRun };
  await useWasmBackend();
  const ours = { autoencoder: await measure(autoencoder, options.budgetMs), dynamics: await measure(dynamics, options.budgetMs) };
  const shardedRuns = { autoencoder: await sharded('autoencoder', options.stock ? 1000 : 256), dynamics: await sharded('dynamics', options.stock ? 51_200 : 8192) };
  const collect = await dadCollect(options.stock ? 11_000 : 2000);
  return { backend: tf.getBackend(), workloads: WORKLOADS, ours, stock, sharded: shardedRuns, dadCollect: collect };
}
