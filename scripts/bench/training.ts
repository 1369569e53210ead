/**
 * Node training throughput on the tfjs wasm backend, the project's kernels (wasm-kernels.ts, what
 * `npm run train` uses) against the stock ones: the shipped conv autoencoder and the dynamics MLP.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { useWasmBackend } from '../../src/model/node/wasm-backend';
import { createRng } from '../../src/model/rng';
import type { Maybe, TrainingResult, TrainingThroughput } from './types';

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
  return { backend: tf.getBackend(), workloads: WORKLOADS, ours, stock };
}
