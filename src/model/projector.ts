/**
 * The projector: a plain dense ReLU network, latent -> normalised map position, trained to
 * reproduce UMAP's placement (projection.ts) so every particle can be placed every frame. Its
 * layers are Dense + ReLU only, which is what the particle loop's GPU paths run (dense-stack.ts,
 * fused-field.ts), whatever the width and depth.
 */
import * as tf from '@tensorflow/tfjs';
import { MAP_DIM } from './map-fidelity';
import { LATENT_DIM } from './networks';
import { createRng, deriveSeed, permutation } from './rng';
import type { ProgressListener, TrainSummary } from './training';

/** Seeded initialisers, as in networks.ts: one seed, one starting point. */
function init(seed: number, layer: number): ReturnType<typeof tf.initializers.glorotUniform> {
  return tf.initializers.glorotUniform({ seed: seed * 101 + layer });
}

export const PROJECTOR_WIDTH = 128;
/**
 * Four hidden layers: on MNIST latents (validation split) depth mattered more than width:
 * 2x128 kept 29% of 10-NN with a 2.4% median error, 4x128 47% and 1.2%, 2x256 no better than
 * 2x128. About 58k multiply-adds per latent, cheap for thousands of particles a frame.
 */
export const PROJECTOR_DEPTH = 4;

/** Hidden layers and their width; every hidden layer is Dense + ReLU, the last Dense is linear. */
export interface ProjectorShape {
  width: number;
  depth: number;
}

/** latent -> normalised map position. Takes raw latents: trainProjector folds its input scaling in. */
export function buildProjector(
  seed: number,
  latentDim = LATENT_DIM,
  { width, depth }: ProjectorShape = { width: PROJECTOR_WIDTH, depth: PROJECTOR_DEPTH },
): tf.LayersModel {
  const hidden = Array.from({ length: depth }, (_, i) =>
    tf.layers.dense({
      ...(i === 0 ? { inputShape: [latentDim] } : {}),
      units: width,
      activation: 'relu',
      kernelInitializer: init(seed, i + 1),
    }),
  );
  return tf.sequential({
    name: 'projector',
    layers: [...hidden, tf.layers.dense({ units: MAP_DIM, kernelInitializer: init(seed, depth + 1) })],
  });
}

export interface ProjectorTraining {
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** The learning rate falls linearly to learningRate * this over the run, to settle the fit. */
  finalLearningRateShare: number;
  seed: number;
  /**
   * 'mse' (the default) or 'huber': squared below `huberDelta` (in map units), linear above, so
   * the few far-off latents between clusters pull less against the fine placement of the many.
   */
  loss?: 'mse' | 'huber';
  huberDelta?: number;
  /** Absent: PROJECTOR_WIDTH x PROJECTOR_DEPTH. */
  shape?: ProjectorShape;
  /** Extra latents beside the fitted points (projector-data.ts); absent: the fitted points alone. */
  data?: ProjectorData;
}

/** What the projector learns from beyond the fitted points, placed on the map by umapTransform. */
export interface ProjectorData {
  /** Augmented views per fitted digit (the grounding's augmentation). */
  viewsPerDigit: number;
  /** Latents on segments to latent neighbours, per fitted digit. */
  interpolationsPerDigit: number;
  /** A segment's far end is among its start's this many nearest fitted latents. */
  interpolationNeighbours: number;
}

/**
 * Chosen on the validation split with scripts/experiments/projector-recipe.ts (10-NN kept against
 * transform() on validation digits, ssl / ssl-labels): the fitted points alone, MSE, 100 epochs
 * 0.455 / 0.534; with 8 augmented views and 8 neighbour interpolations per fitted digit placed by
 * transform() (136,000 latents) and a Huber loss, 30 epochs: 0.678 / 0.652. On ssl, 30 epochs:
 * 4 views + 4 interpolations 0.594 against 0.387 for none (MSE); Huber 0.665 against MSE 0.594;
 * 8 + 8 0.678 against 4 + 4 0.665; 16 + 16 (20 epochs) 0.673; 100 epochs no better than 30;
 * targets averaged over two transform() draws no better than one.
 * Width 256 gave +0.018 (ssl) and +0.005 (ssl-labels) at 3.7 times the projector's cost per
 * particle, so the width stays. transform() agrees with a second draw of itself on only
 * 0.761 / 0.681 of validation digits' 10-NN: the figure is near its ceiling on ssl-labels.
 */
export const DEFAULT_PROJECTOR_TRAINING: ProjectorTraining = {
  epochs: 30,
  batchSize: 256,
  learningRate: 3e-3,
  finalLearningRateShare: 0.05,
  seed: 1,
  loss: 'huber',
  huberDelta: 0.01,
  data: { viewsPerDigit: 8, interpolationsPerDigit: 8, interpolationNeighbours: 15 },
};

/**
 * Fits latents (n x dim) to their normalised map positions (n x 3), seeded batch order.
 * It trains on standardised latents (per-dimension mean 0, std 1: halves the error on MNIST
 * latents) and then folds that scaling into the first layer, so the trained projector still
 * takes raw latents and the browser needs no extra step.
 */
export async function trainProjector(
  projector: tf.LayersModel,
  latents: Float32Array,
  embedding: Float32Array,
  config: ProjectorTraining,
  onProgress?: ProgressListener,
): Promise<TrainSummary> {
  const count = embedding.length / MAP_DIM;
  const dim = latents.length / count;
  if (!Number.isInteger(dim)) throw new Error(`trainProjector: ${latents.length} latent values for ${count} map points`);
  const started = performance.now();
  const rng = createRng(deriveSeed(config.seed, 'projector'));
  const scaling = standardisation(latents, dim);
  const inputs = tf.tidy(() => tf.tensor2d(latents, [count, dim]).sub(scaling.mean).div(scaling.std));
  const targets = tf.tensor2d(embedding, [count, MAP_DIM]);
  const batches = Math.ceil(count / config.batchSize);
  const optimizer = tf.train.adam(config.learningRate);
  const epochLosses: number[] = [];
  for (let epoch = 0; epoch < config.epochs; epoch++) {
    // Adam keeps its rate in a protected field with no setter; decay is what settles the fit.
    (optimizer as unknown as { learningRate: number }).learningRate =
      config.learningRate * (1 - (1 - config.finalLearningRateShare) * (epoch / Math.max(1, config.epochs - 1)));
    const order = permutation(count, rng);
    let sum = 0;
    for (let batch = 0; batch < batches; batch++) {
      const idx = tf.tensor1d(order.subarray(batch * config.batchSize, (batch + 1) * config.batchSize), 'int32');
      const loss = optimizer.minimize(() => {
        const predicted = projector.apply(tf.gather(inputs, idx)) as tf.Tensor;
        const wanted = tf.gather(targets, idx);
        return (config.loss === 'huber'
          ? tf.losses.huberLoss(wanted, predicted, undefined, config.huberDelta ?? 0.01)
          : tf.losses.meanSquaredError(wanted, predicted)) as tf.Scalar;
      }, true) as tf.Scalar;
      idx.dispose();
      const value = (await loss.data())[0]!;
      loss.dispose();
      if (!Number.isFinite(value)) throw new Error(`projector: loss became ${value} at epoch ${epoch + 1}`);
      sum += value;
      onProgress?.({ phase: 'projector', epoch, epochs: config.epochs, batch, batches, loss: sum / (batch + 1) });
    }
    epochLosses.push(sum / batches);
  }
  foldInputScaling(projector, scaling);
  tf.dispose([inputs, targets, scaling.mean, scaling.std]);
  optimizer.dispose();
  const seconds = (performance.now() - started) / 1000;
  return { epochLosses, seconds, samplesPerSecond: (config.epochs * count) / seconds };
}

interface InputScaling {
  mean: tf.Tensor2D;
  std: tf.Tensor2D;
}

function standardisation(latents: Float32Array, dim: number): InputScaling {
  return tf.tidy(() => {
    const { mean, variance } = tf.moments(tf.tensor2d(latents, [latents.length / dim, dim]), 0, true);
    // A dead latent dimension must not divide by zero; its weight then just stays as trained.
    return { mean: mean as tf.Tensor2D, std: tf.maximum(tf.sqrt(variance), 1e-6) as tf.Tensor2D };
  });
}

/** x W + b on (x - m) / s  ==  x (W / s^T) + (b - (m / s) W): the same map on raw latents. */
function foldInputScaling(projector: tf.LayersModel, { mean, std }: InputScaling): void {
  const first = projector.layers[0]!;
  const [kernel, bias] = first.getWeights() as [tf.Tensor2D, tf.Tensor1D];
  const folded = tf.tidy(() => [
    kernel.div(std.reshape([-1, 1])),
    bias.sub(tf.matMul(mean.div(std), kernel).reshape([-1])),
  ]);
  first.setWeights(folded);
  tf.dispose(folded);
}

/** Map positions of latents (n x dim) under the projector, read back to the CPU. */
export async function project(projector: tf.LayersModel, latents: Float32Array, dim: number): Promise<Float32Array> {
  const z = tf.tensor2d(latents, [latents.length / dim, dim]);
  const y = projector.predict(z, { batchSize: 1024 }) as tf.Tensor;
  const out = (await y.data()) as Float32Array;
  z.dispose();
  y.dispose();
  return out;
}
