/**
 * npx tsx scripts/experiments/start-encoding.ts [--manifold ssl-contrastive] [--seeds 1,2,3]
 * Does another way of encoding a rollout's start place real digits better? On VALIDATION digits
 * only, for each seed: latent 5-NN against the training latents and 10-step grounded counting both
 * ways from three starts: E(x) (what the product does), the mean of E over x and its four one-pixel
 * shifts (test-time augmentation), and E(D(E(x))) (the start grounded once). Prints a JSON line each.
 */
import * as tf from '@tensorflow/tfjs';
import { parseArgs } from 'node:util';
import { AUTHOR_AUGMENTATION, augmentInto } from '../../src/model/augment';
import { PIXELS, selectSplit } from '../../src/model/dataset';
import { encodeImages, judgeDigits, knnAccuracy, scoreJudged } from '../../src/model/evaluate';
import { loadMnistPackage } from '../../src/model/node/mnist-source';
import { loadJudge, loadSeed } from '../../src/model/node/shipped';
import { useWasmBackend } from '../../src/model/node/wasm-backend';
import type { ManifoldId } from '../../src/model/recipes';
import { createRng } from '../../src/model/rng';
import { decode, encode, rollout } from '../../src/model/rollout';

const { values: v } = parseArgs({ options: { manifold: { type: 'string', default: 'ssl-contrastive' }, seeds: { type: 'string', default: '1,2,3' } } });
await useWasmBackend();
const judge = await loadJudge();
const source = loadMnistPackage();
const training = selectSplit(source, 'training');
const validation = selectSplit(source, 'validation');
const n = validation.count;
// A pure shift: no rotation, gain, noise or mask (the rng is then never drawn).
const shiftOnly = { ...AUTHOR_AUGMENTATION, maxShiftPx: 0, maxRotationDeg: 0, intensity: [1, 1] as const, noiseSigma: 0, maskProbability: 0 };
const shifted = [[1, 0], [-1, 0], [0, 1], [0, -1]].map(([dx, dy]) => {
  const out = new Float32Array(validation.images.length);
  const rng = createRng(1);
  for (let i = 0; i < n; i++) augmentInto(validation.images.subarray(i * PIXELS, (i + 1) * PIXELS), out.subarray(i * PIXELS, (i + 1) * PIXELS), { dx: dx!, dy: dy!, angleRad: 0, gain: 1 }, shiftOnly, rng);
  return out;
});

for (const seed of v.seeds!.split(',').map(Number)) {
  const { models } = await loadSeed(v.manifold as ManifoldId, seed);
  const dim = models.encoder.outputs[0]!.shape.at(-1) as number;
  const refs = await encodeImages(models.encoder, training.images);
  const plain = await encodeImages(models.encoder, validation.images);
  const views = [plain, ...(await Promise.all(shifted.map((s) => encodeImages(models.encoder, s))))];
  const mean = new Float32Array(plain.length);
  for (const z of views) for (let i = 0; i < mean.length; i++) mean[i]! += z[i]! / views.length;
  const grounded = tf.tidy(() => encode(models.encoder, decode(models.decoder, tf.tensor2d(plain, [n, dim])))).dataSync() as Float32Array;
  for (const [start, z] of [['E(x)', plain], ['mean of E over x and 4 shifts', mean], ['E(D(E(x)))', grounded]] as const) {
    const row: Record<string, unknown> = { manifold: v.manifold, seed, start, knn5: knnAccuracy(refs, training.labels, z, validation.labels, dim, 5) };
    for (const u of [1, -1]) {
      const z0 = tf.tensor2d(z, [n, dim]);
      const r = await rollout(models, z0, () => u, { steps: 10, grounded: true });
      z0.dispose();
      const s = scoreJudged(await Promise.all(r.images.map((im) => judgeDigits(judge, im))), validation.labels, u);
      row[u > 0 ? 'up' : 'down'] = { step: s.step_accuracy, first: s.first_step };
    }
    console.log(JSON.stringify(row));
  }
}
