import * as tf from '@tensorflow/tfjs';
import { AUTHOR_AUGMENTATION, type AugmentConfig } from './augment';
import { selectSplit, type DigitSet, type DigitSource } from './dataset';
import { encodeImages } from './evaluate';
import { buildDecoder, buildDynamics, buildEncoder, buildJudge, DEFAULT_AUTOENCODER, type AutoencoderArch } from './networks';
import { makeTransitionPairs } from './pairs';
import { createRng, deriveSeed } from './rng';
import { trainAutoencoder, trainDynamics, trainJudge, type ProgressListener, type TrainSummary } from './training';

/** Everything that decides what `npm run train` produces. */
export interface PipelineConfig {
  seed: number;
  autoencoder: AutoencoderArch;
  autoencoderEpochs: number;
  viewsPerDigit: number;
  autoencoderBatch: number;
  pairs: number;
  dynamicsEpochs: number;
  dynamicsBatch: number;
  judgeEpochs: number;
  learningRate: number;
}

export const FULL_CONFIG: PipelineConfig = {
  seed: 1,
  autoencoder: DEFAULT_AUTOENCODER,
  autoencoderEpochs: 20,
  viewsPerDigit: 10,
  autoencoderBatch: 128,
  pairs: 100_000,
  dynamicsEpochs: 20,
  dynamicsBatch: 512,
  judgeEpochs: 6,
  learningRate: 1e-3,
};

/** A run of a few seconds: proves the pipeline end to end, not a usable model. */
export const QUICK_CONFIG: PipelineConfig = {
  ...FULL_CONFIG,
  autoencoderEpochs: 2,
  viewsPerDigit: 1,
  pairs: 5_000,
  dynamicsEpochs: 2,
  judgeEpochs: 1,
};

/** The judge sees mild versions of the grounding augmentations, on real digits only. */
const JUDGE_AUGMENTATION: AugmentConfig = { ...AUTHOR_AUGMENTATION, noiseSigma: 0.04, maskProbability: 0.02 };

export interface TrainedModels {
  encoder: tf.LayersModel;
  decoder: tf.LayersModel;
  dynamics: tf.LayersModel;
  judge: tf.LayersModel;
}

export interface PipelineResult {
  models: TrainedModels;
  training: DigitSet;
  /** Latents of the training digits under the trained encoder (count x 64). */
  trainingLatents: Float32Array;
  summaries: { autoencoder: TrainSummary; dynamics: TrainSummary; judge: TrainSummary };
}

/** Trains the judge, the grounding autoencoder, then the dynamics on pairs from its latents. */
export async function trainPipeline(
  source: DigitSource,
  config: PipelineConfig,
  onProgress?: ProgressListener,
): Promise<PipelineResult> {
  const training = selectSplit(source, 'training');
  const reference = selectSplit(source, 'reference');

  const judge = buildJudge(config.seed);
  const judgeSummary = await trainJudge(judge, reference, {
    epochs: config.judgeEpochs,
    batchSize: 128,
    learningRate: config.learningRate,
    augmentation: JUDGE_AUGMENTATION,
    seed: config.seed,
  }, onProgress);

  const encoder = buildEncoder(config.autoencoder, config.seed);
  const decoder = buildDecoder(config.autoencoder, config.seed);
  const aeSummary = await trainAutoencoder(encoder, decoder, training, {
    epochs: config.autoencoderEpochs,
    viewsPerDigit: config.viewsPerDigit,
    batchSize: config.autoencoderBatch,
    learningRate: config.learningRate,
    augmentation: AUTHOR_AUGMENTATION,
    seed: config.seed,
  }, onProgress);

  const trainingLatents = await encodeImages(encoder, training.images);
  const pairs = makeTransitionPairs(
    trainingLatents,
    training.labels,
    config.autoencoder.latentDim,
    config.pairs,
    createRng(deriveSeed(config.seed, 'pairs')),
  );
  const dynamics = buildDynamics(config.seed, config.autoencoder.latentDim);
  const dynSummary = await trainDynamics(dynamics, pairs, {
    epochs: config.dynamicsEpochs,
    batchSize: config.dynamicsBatch,
    learningRate: config.learningRate,
    seed: config.seed,
  }, onProgress);

  return {
    models: { encoder, decoder, dynamics, judge },
    training,
    trainingLatents,
    summaries: { autoencoder: aeSummary, dynamics: dynSummary, judge: judgeSummary },
  };
}
