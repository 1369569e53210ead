import * as tf from '@tensorflow/tfjs';
import { augmentBatch, gatherBatch, type AugmentConfig } from './augment';
import { PIXELS, type DigitSet } from './dataset';
import type { TransitionPairs } from './pairs';
import { createRng, deriveSeed, permutation } from './rng';

/** Progress of a training run, reported every few batches so a CLI can draw a bar. */
export interface TrainProgress {
  phase: string;
  epoch: number;
  epochs: number;
  batch: number;
  batches: number;
  loss: number;
}

export type ProgressListener = (p: TrainProgress) => void;

export interface TrainSummary {
  /** Mean loss of each epoch, so a test can check that training actually learns. */
  epochLosses: number[];
  seconds: number;
  samplesPerSecond: number;
}

/**
 * The shared minibatch loop: per epoch, a seeded order of batches; each batch is one Adam step
 * of `lossOf`. Losses are read back asynchronously once per batch for the summary.
 */
async function runEpochs(
  phase: string,
  epochs: number,
  batchesPerEpoch: number,
  batchSize: number,
  optimizer: tf.Optimizer,
  lossOf: (epoch: number, batch: number) => tf.Scalar,
  onProgress?: ProgressListener,
): Promise<TrainSummary> {
  const started = performance.now();
  const epochLosses: number[] = [];
  for (let epoch = 0; epoch < epochs; epoch++) {
    let sum = 0;
    for (let batch = 0; batch < batchesPerEpoch; batch++) {
      const loss = optimizer.minimize(() => lossOf(epoch, batch), true) as tf.Scalar;
      const value = (await loss.data())[0]!;
      loss.dispose();
      if (!Number.isFinite(value)) throw new Error(`${phase}: loss became ${value} at epoch ${epoch + 1}`);
      sum += value;
      onProgress?.({ phase, epoch, epochs, batch, batches: batchesPerEpoch, loss: sum / (batch + 1) });
    }
    epochLosses.push(sum / batchesPerEpoch);
  }
  const seconds = (performance.now() - started) / 1000;
  return { epochLosses, seconds, samplesPerSecond: (epochs * batchesPerEpoch * batchSize) / seconds };
}

export interface AutoencoderTraining {
  epochs: number;
  /** Augmented views of every training digit per epoch, drawn anew each epoch. */
  viewsPerDigit: number;
  batchSize: number;
  learningRate: number;
  augmentation: AugmentConfig;
  seed: number;
}

/**
 * Augmentation-denoising autoencoder: input an augmented view, target the clean digit, MSE,
 * encoder and decoder trained jointly.
 */
export async function trainAutoencoder(
  encoder: tf.LayersModel,
  decoder: tf.LayersModel,
  digits: DigitSet,
  config: AutoencoderTraining,
  onProgress?: ProgressListener,
): Promise<TrainSummary> {
  const rng = createRng(deriveSeed(config.seed, 'autoencoder'));
  const optimizer = tf.train.adam(config.learningRate);
  const perEpoch = digits.count * config.viewsPerDigit;
  const batches = Math.ceil(perEpoch / config.batchSize);
  let order: Int32Array = new Int32Array(0);
  const summary = await runEpochs('autoencoder', config.epochs, batches, config.batchSize, optimizer, (_epoch, batch) => {
    if (batch === 0) order = permutation(perEpoch, rng).map((i) => i % digits.count);
    const positions = order.subarray(batch * config.batchSize, (batch + 1) * config.batchSize);
    const noisy = augmentBatch(digits.images, positions, config.augmentation, rng);
    const clean = gatherBatch(digits.images, positions);
    const recon = decoder.apply(encoder.apply(noisy)) as tf.Tensor;
    return tf.losses.meanSquaredError(clean, recon) as tf.Scalar;
  }, onProgress);
  optimizer.dispose();
  return summary;
}

export interface DynamicsTraining {
  epochs: number;
  batchSize: number;
  learningRate: number;
  seed: number;
}

/**
 * Fits prediction = z + f([z, u]) to the interpolated targets by MSE. The residual is applied
 * inside the loss, as the seed writes it, so f learns a velocity, not a position.
 */
export async function trainDynamics(
  dynamics: tf.LayersModel,
  pairs: TransitionPairs,
  config: DynamicsTraining,
  onProgress?: ProgressListener,
): Promise<TrainSummary> {
  const rng = createRng(deriveSeed(config.seed, 'dynamics'));
  const optimizer = tf.train.adam(config.learningRate);
  const inputs = tf.tensor2d(pairs.inputs, [pairs.count, pairs.dim + 1]);
  const targets = tf.tensor2d(pairs.targets, [pairs.count, pairs.dim]);
  const batches = Math.ceil(pairs.count / config.batchSize);
  let order = tf.tensor1d(new Int32Array(0), 'int32');
  const summary = await runEpochs('dynamics', config.epochs, batches, config.batchSize, optimizer, (_epoch, batch) => {
    if (batch === 0) {
      order.dispose();
      order = tf.keep(tf.tensor1d(permutation(pairs.count, rng), 'int32'));
    }
    const idx = order.slice(batch * config.batchSize, Math.min(config.batchSize, pairs.count - batch * config.batchSize));
    const x = tf.gather(inputs, idx);
    const z = x.slice([0, 0], [-1, pairs.dim]);
    const predicted = tf.add(z, dynamics.apply(x) as tf.Tensor);
    return tf.losses.meanSquaredError(tf.gather(targets, idx), predicted) as tf.Scalar;
  }, onProgress);
  order.dispose();
  inputs.dispose();
  targets.dispose();
  optimizer.dispose();
  return summary;
}

export interface JudgeTraining {
  epochs: number;
  batchSize: number;
  learningRate: number;
  augmentation: AugmentConfig;
  seed: number;
}

/** Trains the digit classifier on real reference digits (lightly augmented real digits only). */
export async function trainJudge(
  judge: tf.LayersModel,
  digits: DigitSet,
  config: JudgeTraining,
  onProgress?: ProgressListener,
): Promise<TrainSummary> {
  const rng = createRng(deriveSeed(config.seed, 'judge'));
  const optimizer = tf.train.adam(config.learningRate);
  const batches = Math.ceil(digits.count / config.batchSize);
  let order: Int32Array = new Int32Array(0);
  const summary = await runEpochs('judge', config.epochs, batches, config.batchSize, optimizer, (_epoch, batch) => {
    if (batch === 0) order = permutation(digits.count, rng);
    const positions = order.subarray(batch * config.batchSize, (batch + 1) * config.batchSize);
    const x = augmentBatch(digits.images, positions, config.augmentation, rng);
    const labels = tf.oneHot(tf.tensor1d(Int32Array.from(positions, (p) => digits.labels[p]!), 'int32'), 10);
    const logits = judge.apply(x, { training: true }) as tf.Tensor;
    return tf.losses.softmaxCrossEntropy(labels, logits) as tf.Scalar;
  }, onProgress);
  optimizer.dispose();
  return summary;
}

/** Flat (n x 784) images to the [n, 28, 28, 1] layout the conv networks take. */
export function imagesTensor(images: Float32Array): tf.Tensor4D {
  return tf.tensor4d(images, [images.length / PIXELS, 28, 28, 1]);
}
