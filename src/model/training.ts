import * as tf from '@tensorflow/tfjs';
import { augmentBatch, gatherBatch, type AugmentConfig } from './augment';
import { PIXELS, type DigitSet } from './dataset';
import type { TransitionPairs } from './pairs';
import { createRng, deriveSeed, permutation } from './rng';
import { localShards, shardedStep, shardRange, type ShardExchange } from './shards';
import { buildProjectionHead } from './networks';
import { supervisedContrastiveLoss, unitRows } from './supcon';
import { neighbourContrastiveLoss } from './neighbour-contrast';

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
 * The shared minibatch loop: per epoch, a seeded order of batches; `step` runs one optimizer
 * step on batch `batch` and returns its loss.
 */
async function runEpochs(
  phase: string,
  epochs: number,
  batchesPerEpoch: number,
  batchSize: number,
  step: (epoch: number, batch: number) => number | Promise<number>,
  onProgress?: ProgressListener,
): Promise<TrainSummary> {
  const started = performance.now();
  const epochLosses: number[] = [];
  for (let epoch = 0; epoch < epochs; epoch++) {
    let sum = 0;
    for (let batch = 0; batch < batchesPerEpoch; batch++) {
      const value = await step(epoch, batch);
      if (!Number.isFinite(value)) throw new Error(`${phase}: loss became ${value} at epoch ${epoch + 1}`);
      sum += value;
      onProgress?.({ phase, epoch, epochs, batch, batches: batchesPerEpoch, loss: sum / (batch + 1) });
    }
    epochLosses.push(sum / batchesPerEpoch);
  }
  const seconds = (performance.now() - started) / 1000;
  return { epochLosses, seconds, samplesPerSecond: (epochs * batchesPerEpoch * batchSize) / seconds };
}

/** Shards of every grounding and dynamics minibatch (see shards.ts): two threads can share the work. */
export const TRAINING_SHARDS = 2;

function checkExchange(exchange: ShardExchange): void {
  if (exchange.shards !== TRAINING_SHARDS) throw new Error(`training runs in ${TRAINING_SHARDS} shards, not ${exchange.shards}`);
}

export interface AutoencoderTraining {
  epochs: number;
  /** Augmented views of every training digit per epoch, drawn anew each epoch. */
  viewsPerDigit: number;
  batchSize: number;
  learningRate: number;
  augmentation: AugmentConfig;
  /**
   * A contrastive term added to the MSE with its weight (see ContrastiveTerm). Absent: the
   * seed's denoising-only grounding.
   */
  contrastive?: ContrastiveTerm | null;
  seed: number;
}

/**
 * What counts as "the same" for a contrastive term:
 * - `labels` (the `ssl+labels` recipe): latents of one digit class, from the training labels
 *   (which the transition pairs need anyway); supervised contrastive, Khosla et al. 2020.
 * - `views` (the `ssl+contrastive` recipe): the two augmented views of one digit, every other
 *   digit of the batch a negative; NT-Xent, SimCLR (Chen et al. 2020). No label is read.
 * - `neighbours`: two views as with `views`, but a view's positive is the training digit whose
 *   embedding is nearest its twin's (NNCLR, Dwibedi et al. 2021); the first epoch, before the
 *   embeddings mean anything, pairs views. No label is read.
 */
export type ContrastivePairing = 'labels' | 'views' | 'neighbours';

export interface ContrastiveTerm {
  weight: number;
  temperature: number;
  /** Absent: `labels` (the bundles trained before `views` existed say nothing). */
  pairing?: ContrastivePairing;
  /**
   * A small MLP (latent -> hidden -> out) the term acts on, as SimCLR does; the latent is its
   * input, and the head is thrown away after training. Absent: the term acts on the latent itself.
   */
  head?: ProjectionHead | null;
}

export interface ProjectionHead {
  hidden: number;
  out: number;
}

/** Trainable numbers of a projection head on a latent of `latentDim` (a helper thread must know them). */
export function projectionHeadSize(head: ProjectionHead | null | undefined, latentDim: number): number {
  return head ? latentDim * head.hidden + head.hidden + head.hidden * head.out + head.out : 0;
}

/**
 * Augmentation-denoising autoencoder: input an augmented view, target the clean digit, MSE,
 * encoder and decoder trained jointly (plus, optionally, the contrastive term on the latents).
 */
export async function trainAutoencoder(
  encoder: tf.LayersModel,
  decoder: tf.LayersModel,
  digits: DigitSet,
  config: AutoencoderTraining,
  onProgress?: ProgressListener,
  exchange: ShardExchange = localShards(TRAINING_SHARDS),
): Promise<TrainSummary> {
  checkExchange(exchange);
  const orderRng = createRng(deriveSeed(config.seed, 'autoencoder'));
  // Each shard augments its part of every batch from a stream of its own, so a shard's views do
  // not depend on which thread computes it.
  const viewRngs = Array.from({ length: exchange.shards }, (_, k) => createRng(deriveSeed(config.seed, `autoencoder-views-${k}`)));
  const optimizer = tf.train.adam(config.learningRate);
  const term = config.contrastive ?? null;
  const neighbours = term?.pairing === 'neighbours';
  const views = term?.pairing === 'views' || neighbours;
  const latentDim = encoder.outputs[0]!.shape[1]!;
  // Both threads build the head from the same seed, so its weights start, and stay, identical.
  const head = term?.head ? buildProjectionHead(latentDim, term.head.hidden, term.head.out, config.seed) : null;
  const variables = [...encoder.trainableWeights, ...decoder.trainableWeights, ...(head?.trainableWeights ?? [])].map((w) => w.read() as tf.Variable);
  const perEpoch = digits.count * config.viewsPerDigit;
  const batches = Math.ceil(perEpoch / config.batchSize);
  let order: Int32Array = new Int32Array(0);
  let support: tf.Tensor2D | null = null;
  const summary = await runEpochs('autoencoder', config.epochs, batches, config.batchSize, (epoch, batch) => {
    if (batch === 0) order = permutation(perEpoch, orderRng).map((i) => i % digits.count);
    if (neighbours && batch === 0 && epoch > 0) {
      support?.dispose();
      // Every thread computes it from identical weights, so the shards still agree bit for bit.
      support = tf.tidy(() => {
        const z = encoder.apply(imagesTensor(digits.images)) as tf.Tensor2D;
        return unitRows(head ? (head.apply(z) as tf.Tensor2D) : z);
      });
    }
    const positions = order.subarray(batch * config.batchSize, (batch + 1) * config.batchSize);
    return shardedStep(variables, optimizer, exchange, (k) => {
      const [from, to] = shardRange(positions.length, exchange.shards, k);
      const part = positions.subarray(from, to);
      const clean = gatherBatch(digits.images, part);
      // With `views`, every digit is seen twice, as two augmented views, and the MSE is their mean.
      const noisy = augmentBatch(digits.images, part, config.augmentation, viewRngs[k]!);
      const inputs = views ? tf.concat([noisy, augmentBatch(digits.images, part, config.augmentation, viewRngs[k]!)]) : noisy;
      const z = encoder.apply(inputs) as tf.Tensor2D;
      const recon = decoder.apply(z) as tf.Tensor;
      let loss = tf.losses.meanSquaredError(views ? tf.concat([clean, clean]) : clean, recon) as tf.Scalar;
      if (term) {
        const projected = head ? (head.apply(z) as tf.Tensor2D) : z;
        // NT-Xent is the supervised loss with one "class" per training image (its index, not its
        // label): a view's positives are its twin and any other view of the same image.
        const identity = () => views
          ? Int32Array.from({ length: 2 * part.length }, (_, i) => part[i % part.length]!)
          : Int32Array.from(part, (p) => digits.labels[p]!);
        const contrast = support
          ? neighbourContrastiveLoss(projected, support, Int32Array.from(part), term.temperature)
          : supervisedContrastiveLoss(projected, tf.tensor1d(identity(), 'int32'), term.temperature);
        loss = tf.add(loss, tf.mul(term.weight, contrast));
      }
      return tf.mul(loss, part.length / positions.length);
    });
  }, onProgress);
  head?.dispose();
  // TypeScript narrows `support` to null here, not seeing the callback assign it.
  (support as tf.Tensor2D | null)?.dispose();
  optimizer.dispose();
  return summary;
}

export interface DynamicsTraining {
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** Adam's epsilon: tfjs defaults to 1e-7, PyTorch (the seed's framework) to 1e-8. */
  adamEpsilon?: number;
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
  exchange: ShardExchange = localShards(TRAINING_SHARDS),
): Promise<TrainSummary> {
  checkExchange(exchange);
  const rng = createRng(deriveSeed(config.seed, 'dynamics'));
  const optimizer = tf.train.adam(config.learningRate, 0.9, 0.999, config.adamEpsilon ?? 1e-7);
  const variables = dynamics.trainableWeights.map((w) => w.read() as tf.Variable);
  const inputs = tf.tensor2d(pairs.inputs, [pairs.count, pairs.dim + 1]);
  const targets = tf.tensor2d(pairs.targets, [pairs.count, pairs.dim]);
  const batches = Math.ceil(pairs.count / config.batchSize);
  let order: Int32Array = new Int32Array(0);
  const summary = await runEpochs('dynamics', config.epochs, batches, config.batchSize, (_epoch, batch) => {
    if (batch === 0) order = permutation(pairs.count, rng);
    const rows = order.subarray(batch * config.batchSize, (batch + 1) * config.batchSize);
    return shardedStep(variables, optimizer, exchange, (k) => {
      const [from, to] = shardRange(rows.length, exchange.shards, k);
      const idx = tf.tensor1d(rows.subarray(from, to), 'int32');
      const x = tf.gather(inputs, idx);
      const z = x.slice([0, 0], [-1, pairs.dim]);
      const predicted = tf.add(z, dynamics.apply(x) as tf.Tensor);
      return tf.mul(tf.losses.meanSquaredError(tf.gather(targets, idx), predicted), (to - from) / rows.length);
    });
  }, onProgress);
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
  // The judge trains in one thread, unsharded: the shipped judge was trained exactly so.
  const summary = await runEpochs('judge', config.epochs, batches, config.batchSize, (_epoch, batch) => {
    if (batch === 0) order = permutation(digits.count, rng);
    const positions = order.subarray(batch * config.batchSize, (batch + 1) * config.batchSize);
    const loss = optimizer.minimize(() => {
      const x = augmentBatch(digits.images, positions, config.augmentation, rng);
      const labels = tf.oneHot(tf.tensor1d(Int32Array.from(positions, (p) => digits.labels[p]!), 'int32'), 10);
      const logits = judge.apply(x, { training: true }) as tf.Tensor;
      return tf.losses.softmaxCrossEntropy(labels, logits) as tf.Scalar;
    }, true)!;
    const value = loss.dataSync()[0]!;
    loss.dispose();
    return value;
  }, onProgress);
  optimizer.dispose();
  return summary;
}

/** Flat (n x 784) images to the [n, 28, 28, 1] layout the conv networks take. */
export function imagesTensor(images: Float32Array): tf.Tensor4D {
  return tf.tensor4d(images, [images.length / PIXELS, 28, 28, 1]);
}
