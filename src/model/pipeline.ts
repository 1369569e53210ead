import * as tf from '@tensorflow/tfjs';
import { augmentBatch } from './augment';
import { concatPairs, collectVisitedStates, dadPairs } from './dad';
import { firstOfEachClass, selectSplit, type DigitSet, type DigitSource } from './dataset';
import { encodeImages, round, scoreRollout } from './evaluate';
import { buildDecoder, buildDynamics, buildEncoder } from './networks';
import { makeTransitionPairs, type LabelledLatents, type TransitionPairs } from './pairs';
import type { PipelineConfig } from './recipes';
import { createRng, deriveSeed, type Rng } from './rng';
import { encodedStarts } from './rollout-start';
import { trainAutoencoder, trainDynamics, type AutoencoderTraining, type DynamicsTraining, type ProgressListener, type TrainSummary } from './training';

/**
 * Where the grounding and dynamics minibatches run: this thread alone (LOCAL_THREADS), or, in
 * Node, this thread and a helper (node/shard-helper.ts). Both give the same weights.
 */
export interface TrainingThreads {
  autoencoder(encoder: tf.LayersModel, decoder: tf.LayersModel, digits: DigitSet, config: AutoencoderTraining, onProgress?: ProgressListener): Promise<TrainSummary>;
  dynamics(dynamics: tf.LayersModel, pairs: TransitionPairs, config: DynamicsTraining, onProgress?: ProgressListener): Promise<TrainSummary>;
}

export const LOCAL_THREADS: TrainingThreads = {
  autoencoder: (encoder, decoder, digits, config, onProgress) => trainAutoencoder(encoder, decoder, digits, config, onProgress),
  dynamics: (dynamics, pairs, config, onProgress) => trainDynamics(dynamics, pairs, config, onProgress),
};

/** One fit of the dynamics and its grounded 10-step counting on validation digits. */
export interface DynamicsStage {
  stage: string;
  validation_forward: number;
  validation_backward: number;
  kept: boolean;
  /** Where the stage's time went: collecting visited states (DaD), fitting, scoring on validation. */
  seconds: { collect: number; fit: number; score: number };
}

/** The grounding autoencoder, trained on the training digits as the recipe says. */
export async function trainGrounding(
  source: DigitSource,
  config: PipelineConfig,
  onProgress?: ProgressListener,
  threads: TrainingThreads = LOCAL_THREADS,
): Promise<{ encoder: tf.LayersModel; decoder: tf.LayersModel; summary: TrainSummary }> {
  const encoder = buildEncoder(config.autoencoder, config.seed);
  const decoder = buildDecoder(config.autoencoder, config.seed);
  const summary = await threads.autoencoder(encoder, decoder, selectSplit(source, 'training'), {
    epochs: config.autoencoderEpochs,
    viewsPerDigit: config.viewsPerDigit,
    batchSize: config.autoencoderBatch,
    learningRate: config.learningRate,
    augmentation: config.augmentation,
    contrastive: config.contrastive,
    seed: config.seed,
  }, onProgress);
  return { encoder, decoder, summary };
}

/**
 * The dynamics on a trained manifold: the first fit on transition pairs, then the
 * Data-as-Demonstrator rounds, each kept only if validation counting improves in the weaker
 * direction. `judge` reads the validation rollouts; held-out digits play no part.
 */
export async function trainCounting(
  source: DigitSource,
  config: PipelineConfig,
  manifold: { encoder: tf.LayersModel; decoder: tf.LayersModel },
  judge: tf.LayersModel,
  onProgress?: ProgressListener,
  threads: TrainingThreads = LOCAL_THREADS,
): Promise<{ dynamics: tf.LayersModel; training: DigitSet; summaries: TrainSummary[]; stages: DynamicsStage[] }> {
  const { encoder, decoder } = manifold;
  const training = selectSplit(source, 'training');
  const dim = config.autoencoder.latentDim;
  const trainingLatents = await encodeImages(encoder, training.images);
  const clean = { latents: trainingLatents, labels: training.labels };
  const starts = await withAugmentedViews(encoder, training, clean, config, createRng(deriveSeed(config.seed, 'start-views')));
  const validation = firstOfEachClass(selectSplit(source, 'validation'), config.validationPerClass);
  const valStarts = await encodedStarts(encoder, validation.images);

  const dynamicsSeed = deriveSeed(config.seed, 'dynamics-candidate-0');
  const dynamics = buildDynamics(dynamicsSeed % 100_000, dim, config.dynamicsInit);
  const models = { encoder, decoder, dynamics };
  const fit = (pairs: TransitionPairs, epochs: number, label: string) =>
    threads.dynamics(dynamics, pairs, {
      epochs,
      batchSize: config.dynamicsBatch,
      learningRate: config.learningRate,
      adamEpsilon: config.adamEpsilon,
      seed: deriveSeed(dynamicsSeed, label),
    }, onProgress);
  const score = async (stage: string, collect: number, fit: number): Promise<DynamicsStage> => {
    const t = performance.now();
    const forward = (await scoreRollout(models, judge, valStarts, validation.labels, 1, 10, true)).step_accuracy;
    const backward = (await scoreRollout(models, judge, valStarts, validation.labels, -1, 10, true)).step_accuracy;
    const seconds = { collect: round(collect, 1), fit: round(fit, 1), score: round((performance.now() - t) / 1000, 1) };
    return { stage, validation_forward: forward, validation_backward: backward, kept: false, seconds };
  };
  const worse = (s: DynamicsStage) => Math.min(s.validation_forward, s.validation_backward);

  const firstPairs = makeTransitionPairs(starts, dim, config.pairs, createRng(deriveSeed(dynamicsSeed, 'pairs')), clean);
  const summaries = [await fit(firstPairs, config.dynamicsEpochs, 'first-fit')];
  const stages = [await score('first fit', 0, summaries[0]!.seconds)];
  let best = { index: 0, weights: snapshot(dynamics) };
  for (let round = 1; round <= config.dad.rounds; round++) {
    const t = performance.now();
    const from = Math.min(config.dad.startsPerDigit, config.startViews + 1) * training.count;
    const visited = await collectVisitedStates(models, { latents: starts.latents.subarray(0, from * dim), labels: starts.labels.subarray(0, from) }, dim, config.dad.steps);
    const rng = createRng(deriveSeed(dynamicsSeed, `dad-${round}`));
    const pairs = concatPairs(firstPairs, dadPairs(visited, clean, dim, config.dad.pairs, rng));
    const collect = (performance.now() - t) / 1000;
    summaries.push(await fit(pairs, config.dad.epochs, `dad-${round}`));
    stages.push(await score(`DaD round ${round}`, collect, summaries.at(-1)!.seconds));
    if (worse(stages.at(-1)!) >= worse(stages[best.index]!) + config.dad.minGain) {
      tf.dispose(best.weights);
      best = { index: stages.length - 1, weights: snapshot(dynamics) };
    } else break;
  }
  // A round that did not improve validation counting is undone.
  dynamics.setWeights(best.weights);
  tf.dispose(best.weights);
  stages[best.index]!.kept = true;
  valStarts.dispose();
  return { dynamics, training, summaries, stages };
}

function snapshot(model: tf.LayersModel): tf.Tensor[] {
  return model.getWeights().map((w) => tf.clone(w));
}

/**
 * The clean latents followed by the latents of `startViews` augmented views of every digit:
 * more distinct starts make f's reading of "which digit am I at" hold on digits it never saw.
 */
async function withAugmentedViews(
  encoder: tf.LayersModel,
  digits: DigitSet,
  clean: LabelledLatents,
  config: PipelineConfig,
  rng: Rng,
): Promise<LabelledLatents> {
  const views = config.startViews;
  const dim = clean.latents.length / digits.count;
  const latents = new Float32Array((views + 1) * clean.latents.length);
  const labels = new Int32Array((views + 1) * digits.count);
  latents.set(clean.latents);
  labels.set(clean.labels);
  const all = Int32Array.from({ length: digits.count }, (_, i) => i);
  for (let v = 1; v <= views; v++) {
    const x = augmentBatch(digits.images, all, config.augmentation, rng);
    const z = encoder.predict(x, { batchSize: 256 }) as tf.Tensor;
    latents.set(await z.data(), v * digits.count * dim);
    labels.set(clean.labels, v * digits.count);
    x.dispose();
    z.dispose();
  }
  return { latents, labels };
}
