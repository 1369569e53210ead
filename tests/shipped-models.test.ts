/**
 * The shipped models, checked on held-out digits the networks never saw. Floors sit well below
 * the figures `npm run eval` measures (README), so noise cannot fail CI but a broken model does.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLASSES, positionsOfClass, selectSplit, subset, type DigitSet } from '../src/model/dataset';
import { attractorHistogram, encodeImages, judgeDigits, knnAccuracy, reconstructionMse, scoreRollout } from '../src/model/evaluate';
import { loadMnistPackage } from '../src/model/node/mnist-source';
import { loadShippedModels } from '../src/model/node/shipped';
import { useWasmBackend } from '../src/model/node/wasm-backend';
import type { TrainedModels } from '../src/model/pipeline';

let models: TrainedModels;
let training: DigitSet;
let held: DigitSet;
let starts: tf.Tensor2D;

beforeAll(async () => {
  await useWasmBackend();
  models = (await loadShippedModels()).models;
  const source = loadMnistPackage();
  training = selectSplit(source, 'training');
  const allHeld = selectSplit(source, 'heldOut');
  // 30 held-out digits of each class keep this test to seconds; npm run eval uses all 100.
  held = subset(allHeld, Array.from({ length: CLASSES }, (_, d) => positionsOfClass(allHeld, d).slice(0, 30)).flat());
  starts = tf.tensor2d(await encodeImages(models.encoder, held.images), [held.count, 64]);
});

describe('shipped models on held-out digits', () => {
  it('the judge reads real held-out digits correctly', async () => {
    const judged = await judgeDigits(models.judge, held.images);
    const right = judged.filter((d, i) => d === held.labels[i]).length;
    expect(right / held.count).toBeGreaterThan(0.95);
  });

  it('the latent clusters by identity (5-NN against the training latents)', async () => {
    const refs = await encodeImages(models.encoder, training.images);
    const queries = await encodeImages(models.encoder, held.images);
    expect(knnAccuracy(refs, training.labels, queries, held.labels, 64, 5)).toBeGreaterThan(0.88);
  });

  it('reconstructs held-out digits', async () => {
    expect(await reconstructionMse(models, held.images)).toBeLessThan(0.035);
  });

  it('counts forward at u = +1 and backward at u = -1 with grounding', async () => {
    const forward = await scoreRollout(models, models.judge, starts, held.labels, 1, 10, true);
    const backward = await scoreRollout(models, models.judge, starts, held.labels, -1, 10, true);
    expect(forward.step_accuracy).toBeGreaterThan(0.7);
    expect(backward.step_accuracy).toBeGreaterThan(0.6);
    expect(forward.loop_rate).toBeGreaterThan(0.55);
  });

  it('drifts without grounding: ungrounded counting is clearly worse', async () => {
    const grounded = await scoreRollout(models, models.judge, starts, held.labels, 1, 10, true);
    const ungrounded = await scoreRollout(models, models.judge, starts, held.labels, 1, 10, false);
    expect(ungrounded.step_accuracy).toBeLessThan(grounded.step_accuracy - 0.15);
    expect(ungrounded.per_step.at(-1)!).toBeLessThan(ungrounded.per_step[0]!);
  });

  it('does not count at u = 0.5: below the threshold the attractors win', async () => {
    const half = await scoreRollout(models, models.judge, starts, held.labels, 0.5, 10, true);
    expect(half.step_accuracy).toBeLessThan(0.4);
  });

  it('settles into a few basins at u = 0', async () => {
    const histogram = await attractorHistogram(models, models.judge, starts, 50);
    const top2 = [...histogram].sort((a, b) => b - a).slice(0, 2).reduce((a, b) => a + b, 0);
    expect(top2 / held.count).toBeGreaterThan(0.5);
  });
});
