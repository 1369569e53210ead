/**
 * Stage 1 of issue 9: what the tfjs dynamics stage loses against the seed's PyTorch recipe.
 * Holds a trained encoder/decoder fixed and trains the dynamics MLP under each variant, with
 * several seeds, scoring grounded counting on VALIDATION digits only. The README's stage-1 table
 * was measured on the SSL encoder shipped before issue 9 (commit 29d2147, assets/models/encoder);
 * --manifold and --seed pick a shipped one now.
 *   npx tsx scripts/experiments/stage1-dynamics.ts --variants base,epochs20 --seeds 11,12,13 --manifold ssl --seed 1
 */
import * as tf from '@tensorflow/tfjs';
import { parseArgs } from 'node:util';
import { augmentBatch, AUTHOR_AUGMENTATION } from '../../src/model/augment';
import { selectSplit } from '../../src/model/dataset';
import { encodeImages, scoreRollout } from '../../src/model/evaluate';
import { buildDynamics, type DenseInit } from '../../src/model/networks';
import { loadMnistPackage } from '../../src/model/node/mnist-source';
import { loadJudge, loadSeed } from '../../src/model/node/shipped';
import type { ManifoldId } from '../../src/model/recipes';
import { useWasmBackend } from '../../src/model/node/wasm-backend';
import { makeTransitionPairs } from '../../src/model/pairs';
import { createRng, deriveSeed } from '../../src/model/rng';
import { trainDynamics } from '../../src/model/training';

interface Variant { epochs: number; init: DenseInit; eps: number }
const VARIANTS: Record<string, Variant> = {
  base: { epochs: 12, init: 'glorot', eps: 1e-7 },
  epochs20: { epochs: 20, init: 'glorot', eps: 1e-7 },
  torchinit: { epochs: 12, init: 'torch', eps: 1e-7 },
  eps8: { epochs: 12, init: 'glorot', eps: 1e-8 },
  torch: { epochs: 20, init: 'torch', eps: 1e-8 },
};

const { values } = parseArgs({
  options: { variants: { type: 'string', default: 'base' }, seeds: { type: 'string', default: '11' }, manifold: { type: 'string', default: 'ssl' }, seed: { type: 'string', default: '1' } },
});
await useWasmBackend();
const models = { ...(await loadSeed(values.manifold as ManifoldId, Number(values.seed))).models, judge: await loadJudge() };
const source = loadMnistPackage();
const training = selectSplit(source, 'training');
const validation = selectSplit(source, 'validation');
const clean = { latents: await encodeImages(models.encoder, training.images), labels: training.labels };
const views = 10;
const rng = createRng(deriveSeed(1, 'start-views'));
const latents = new Float32Array((views + 1) * clean.latents.length);
const labels = new Int32Array((views + 1) * training.count);
latents.set(clean.latents);
labels.set(clean.labels);
const all = Int32Array.from({ length: training.count }, (_, i) => i);
for (let v = 1; v <= views; v++) {
  const x = augmentBatch(training.images, all, AUTHOR_AUGMENTATION, rng);
  const z = models.encoder.predict(x, { batchSize: 256 }) as tf.Tensor;
  latents.set(await z.data(), v * clean.latents.length);
  labels.set(clean.labels, v * training.count);
  tf.dispose([x, z]);
}
const starts = { latents, labels };
const valStarts = tf.tensor2d(await encodeImages(models.encoder, validation.images), [validation.count, 64]);
for (const name of values.variants!.split(',')) {
  const v = VARIANTS[name]!;
  for (const seed of values.seeds!.split(',').map(Number)) {
    const t0 = performance.now();
    const pairs = makeTransitionPairs(starts, 64, 100_000, createRng(deriveSeed(seed, 'pairs')), clean);
    const dynamics = buildDynamics(seed, 64, v.init);
    const summary = await trainDynamics(dynamics, pairs, { epochs: v.epochs, batchSize: 512, learningRate: 1e-3, adamEpsilon: v.eps, seed });
    const m = { ...models, dynamics };
    const f = await scoreRollout(m, models.judge, valStarts, validation.labels, 1, 10, true);
    const b = await scoreRollout(m, models.judge, valStarts, validation.labels, -1, 10, true);
    console.log(JSON.stringify({ variant: name, seed, fwd: f.step_accuracy, bwd: b.step_accuracy, loopF: f.loop_rate, loopB: b.loop_rate, first: [f.per_step[0], b.per_step[0]], trF: f.per_transition, trB: b.per_transition, loss: summary.epochLosses.at(-1), s: Math.round((performance.now() - t0) / 1000) }));
    dynamics.dispose();
  }
}
