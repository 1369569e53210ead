import type * as tf from '@tensorflow/tfjs';
import { AUTHOR_AUGMENTATION, type AugmentConfig } from './augment';
import { selectSplit, type DigitSource } from './dataset';
import { buildJudge } from './networks';
import { trainJudge, type ProgressListener, type TrainSummary } from './training';

/**
 * The project's judge: one CNN, trained once on the reference digits only and shipped in
 * assets/models/judge, reads every rollout of every recipe and seed. It is never retrained to
 * suit a model; `npm run train -- --train-judge` rebuilds it with exactly these settings.
 */
export const JUDGE_CONFIG = { seed: 1, epochs: 20, batchSize: 128, learningRate: 2e-3 } as const;

/**
 * The judge sees the geometric part of the grounding augmentations, on real digits only; pixel
 * noise and masks cost it accuracy on validation digits (97.6% with them, 98.2% without).
 */
export const JUDGE_AUGMENTATION: AugmentConfig = { ...AUTHOR_AUGMENTATION, noiseSigma: 0, maskProbability: 0 };

export async function trainProjectJudge(
  source: DigitSource,
  onProgress?: ProgressListener,
): Promise<{ judge: tf.LayersModel; summary: TrainSummary }> {
  const judge = buildJudge(JUDGE_CONFIG.seed);
  const summary = await trainJudge(judge, selectSplit(source, 'reference'), {
    epochs: JUDGE_CONFIG.epochs,
    batchSize: JUDGE_CONFIG.batchSize,
    learningRate: JUDGE_CONFIG.learningRate,
    augmentation: JUDGE_AUGMENTATION,
    seed: JUDGE_CONFIG.seed,
  }, onProgress);
  return { judge, summary };
}
