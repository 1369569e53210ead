/**
 * The shipped manifolds, checked on held-out digits the networks never saw. Floors sit well below
 * the figures `npm run eval` measures (docs/results.md), so noise cannot fail CI but a broken model does.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { attractorCensus } from '../../src/model/attractors';
import { CLASSES, positionsOfClass, selectSplit, subset, type DigitSet } from '../../src/model/dataset';
import { encodeImages, judgeDigits, knnAccuracy, reconstructionMse, scoreRollout } from '../../src/model/evaluate';
import { loadMnistPackage } from '../../src/model/node/mnist-source';
import { loadJudge, loadManifold, readManifoldIndex, type LoadedManifold } from '../../src/model/node/shipped';
import { useWasmBackend } from '../../src/model/node/wasm-backend';
import type { ManifoldId } from '../../src/model/recipes';

let judge: tf.LayersModel;
let training: DigitSet;
let held: DigitSet;
const index = readManifoldIndex();

beforeAll(async () => {
  await useWasmBackend();
  judge = await loadJudge();
  const source = loadMnistPackage();
  training = selectSplit(source, 'training');
  const allHeld = selectSplit(source, 'heldOut');
  // 30 held-out digits of each class keep this test to seconds; npm run eval uses all 100.
  held = subset(allHeld, Array.from({ length: CLASSES }, (_, d) => positionsOfClass(allHeld, d).slice(0, 30)).flat());
});

describe('the judge', () => {
  it('reads real held-out digits correctly', async () => {
    const judged = await judgeDigits(judge, held.images);
    expect(judged.filter((d, i) => d === held.labels[i]).length / held.count).toBeGreaterThan(0.95);
  });
});

describe('the shipped manifolds', () => {
  it('ship ssl, ssl-contrastive and ssl-labels; with none seed-faithful, the default is the one whose worst seed counted best on validation', () => {
    expect(index.manifolds.map((m) => m.id).sort()).toEqual(['ssl', 'ssl-contrastive', 'ssl-labels']);
    expect(index.manifolds.every((m) => m.story !== null && m.story!.fails.length > 0)).toBe(true);
    const best = Math.max(...index.manifolds.map((m) => m.validation_worst));
    expect(index.manifolds.find((m) => m.id === index.default)!.validation_worst).toBe(best);
  });
});

/**
 * Floors per manifold: well below what `npm run eval` measured on all held-out digits over three
 * seeds (docs/results.md; worst seed: ssl-labels 5-NN 0.966, MSE 0.031, step 0.956, loop 0.945, transitions
 * 0.994, top-two basins 0.71; ssl 0.924, 0.023, 0.905, 0.828, 0.978, 0.49).
 * ssl-contrastive (label-free NT-Xent on elastic views, ten views a digit, full-strength DaD, issue
 * 23): 0.955, 0.032, 0.949, 0.943, 0.993, top two basins 1.0 on its shipped seed 2 (930 starts end as
 * a 1, 70 as a 6). `drifts`: whether ungrounded rollouts fall away. On ssl they do (0.28-0.46
 * against 0.91); on ssl-labels and ssl-contrastive they count as well as grounded ones (0.965-0.972
 * and 0.953-0.968),
 * so that claim is not asserted there; `within` is how close ungrounded counting stays instead.
 */
const FLOORS: Record<ManifoldId, { knn: number; recon: number; step: number; loop: number; transition: number; basinsTop2: number; drifts: boolean; within?: number }> = {
  'ssl-labels': { knn: 0.94, recon: 0.04, step: 0.92, loop: 0.88, transition: 0.97, basinsTop2: 0.55, drifts: false, within: 0.05 },
  ssl: { knn: 0.88, recon: 0.035, step: 0.84, loop: 0.72, transition: 0.94, basinsTop2: 0.3, drifts: true },
  'ssl-contrastive': { knn: 0.9, recon: 0.035, step: 0.89, loop: 0.86, transition: 0.96, basinsTop2: 0.6, drifts: false, within: 0.08 },
};

describe.each(['ssl-labels', 'ssl', 'ssl-contrastive'] as const)('manifold %s on held-out digits', (id) => {
  let loaded: LoadedManifold;
  let starts: tf.Tensor2D;
  const floors = FLOORS[id];

  beforeAll(async () => {
    loaded = await loadManifold(id);
    starts = tf.tensor2d(await encodeImages(loaded.models.encoder, held.images), [held.count, 64]);
  });

  it('clusters by identity (5-NN against the training latents)', async () => {
    const refs = await encodeImages(loaded.models.encoder, training.images);
    const queries = await encodeImages(loaded.models.encoder, held.images);
    expect(knnAccuracy(refs, training.labels, queries, held.labels, 64, 5)).toBeGreaterThan(floors.knn);
  });

  it('reconstructs held-out digits', async () => {
    expect(await reconstructionMse(loaded.models, held.images)).toBeLessThan(floors.recon);
  });

  it('counts forward at u = +1 and backward at u = -1 with grounding, step after step', async () => {
    for (const u of [1, -1]) {
      const s = await scoreRollout(loaded.models, judge, starts, held.labels, u, 10, true);
      expect(s.step_accuracy).toBeGreaterThan(floors.step);
      expect(s.loop_rate).toBeGreaterThan(floors.loop);
      expect(s.transition_success).toBeGreaterThan(floors.transition);
    }
  });

  const groundingCase = floors.drifts
    ? 'drifts without grounding: ungrounded counting is clearly worse and falls with every step'
    : 'counts without grounding about as well as with it: f steps between tight clusters and stays on them';
  it(groundingCase, async () => {
    const grounded = await scoreRollout(loaded.models, judge, starts, held.labels, 1, 10, true);
    const ungrounded = await scoreRollout(loaded.models, judge, starts, held.labels, 1, 10, false);
    if (floors.drifts) {
      expect(ungrounded.step_accuracy).toBeLessThan(grounded.step_accuracy - 0.15);
      expect(ungrounded.per_step.at(-1)!).toBeLessThan(ungrounded.per_step[0]!);
    } else {
      expect(Math.abs(ungrounded.step_accuracy - grounded.step_accuracy)).toBeLessThan(floors.within!);
    }
  });

  it('does not count at u = 0.5: below the threshold the attractors win', async () => {
    const half = await scoreRollout(loaded.models, judge, starts, held.labels, 0.5, 10, true);
    expect(half.step_accuracy).toBeLessThan(0.4);
  });

  it('settles into a few basins at u = 0, each with the judge reading', async () => {
    const census = await attractorCensus(loaded.models, judge, starts, 50);
    const top2 = [...census.histogram].sort((a, b) => b - a).slice(0, 2).reduce((a, b) => a + b, 0);
    expect(top2 / held.count).toBeGreaterThan(floors.basinsTop2);
    expect(census.basins.reduce((n, b) => n + b.count, 0)).toBe(held.count);
    for (const b of census.basins) expect(b.top[0].p).toBeGreaterThanOrEqual(b.top[1].p);
  });
});
