/**
 * Where first-step errors come from, on validation digits: is the start digit's latent already in
 * the wrong cluster (latent 5-NN against the training latents disagrees with its label), or does
 * the step itself go wrong? Reads a trained seed folder.
 *   npx tsx scripts/experiments/first-step.ts --models /tmp/full/models --manifold ssl-labels --seed 1
 */
import * as tf from '@tensorflow/tfjs';
import { parseArgs } from 'node:util';
import { selectSplit } from '../../src/model/dataset';
import { encodeImages, judgeDigits, knnClassify, mod } from '../../src/model/evaluate';
import { loadMnistPackage } from '../../src/model/node/mnist-source';
import { loadJudge, loadSeed } from '../../src/model/node/shipped';
import { useWasmBackend } from '../../src/model/node/wasm-backend';
import type { ManifoldId } from '../../src/model/recipes';
import { rollout } from '../../src/model/rollout';

const { values: v } = parseArgs({ options: { models: { type: 'string' }, manifold: { type: 'string', default: 'ssl-labels' }, seed: { type: 'string', default: '1' } } });
await useWasmBackend();
const { models } = await loadSeed(v.manifold as ManifoldId, Number(v.seed), v.models);
const judge = await loadJudge(v.models);
const source = loadMnistPackage();
const training = selectSplit(source, 'training');
const validation = selectSplit(source, 'validation');
const refs = await encodeImages(models.encoder, training.images);
const z = await encodeImages(models.encoder, validation.images);
const realJudged = await judgeDigits(judge, validation.images);
for (const u of [1, -1]) {
  const r = await rollout(models, tf.tensor2d(z, [validation.count, 64]), () => u, { steps: 1, grounded: true });
  const judged = await judgeDigits(judge, r.images[0]!);
  const tally = { right: 0, wrong: 0, wrongAndMisplaced: 0, rightButMisplaced: 0, wrongJudgeMisreadsStart: 0, wrongFollowsKnn: 0 };
  for (let i = 0; i < validation.count; i++) {
    const label = validation.labels[i]!;
    const knn = knnClassify(refs, training.labels, z.subarray(i * 64, (i + 1) * 64), 64, 5);
    const ok = judged[i] === mod(label + u, 10);
    if (ok) {
      tally.right++;
      if (knn !== label) tally.rightButMisplaced++;
    } else {
      tally.wrong++;
      if (knn !== label) tally.wrongAndMisplaced++;
      if (realJudged[i] !== label) tally.wrongJudgeMisreadsStart++;
      if (judged[i] === mod(knn + u, 10)) tally.wrongFollowsKnn++;
    }
  }
  console.log(JSON.stringify({ u, ...tally }));
}
