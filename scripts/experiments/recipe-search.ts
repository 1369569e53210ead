/**
 * Issue 9's recipe search, on VALIDATION digits only (items 400..499 of each class): trains (or
 * reuses from --cache) a grounding autoencoder for a recipe and seed, then the dynamics with the
 * given settings, and prints one JSON line: grounding figures, each dynamics stage, and the kept
 * dynamics' counting broken down (loop rate, first step, per-transition), with stage timings.
 *   npx tsx scripts/experiments/recipe-search.ts --recipe ssl+labels --seed 1 --ae-epochs 20 \
 *       --dyn-epochs 20 --dad-rounds 2 --cache /tmp/ae-cache
 *   (ssl+contrastive also takes --head HIDDENxOUT or --head none, --pairing neighbours, and
 *   --elastic ALPHAxSIGMA or --elastic none)
 */
import * as tf from '@tensorflow/tfjs';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { selectSplit } from '../../src/model/dataset';
import { encodeImages, knnAccuracy, reconstructionMse, round, scoreRollout } from '../../src/model/evaluate';
import { loadMnistPackage } from '../../src/model/node/mnist-source';
import { loadModel, saveModel } from '../../src/model/node/model-files';
import { loadJudge } from '../../src/model/node/shipped';
import { useWasmBackend } from '../../src/model/node/wasm-backend';
import { trainCounting, trainGrounding } from '../../src/model/pipeline';
import { parseRecipe, recipeConfig } from '../../src/model/recipes';
import { measureValidationStory } from '../../src/model/seed-story';
import { firstOfEachClass } from '../../src/model/dataset';
import type { ContrastivePairing } from '../../src/model/training';

const { values: v } = parseArgs({
  options: {
    recipe: { type: 'string', default: 'ssl+labels' },
    seed: { type: 'string', default: '1' },
    'ae-epochs': { type: 'string' },
    views: { type: 'string' },
    weight: { type: 'string' },
    temperature: { type: 'string' },
    head: { type: 'string' },
    pairing: { type: 'string' },
    elastic: { type: 'string' },
    'max-rotation': { type: 'string' },
    'max-shift': { type: 'string' },
    'dyn-epochs': { type: 'string' },
    'start-views': { type: 'string' },
    'dad-rounds': { type: 'string' },
    'dad-pairs': { type: 'string' },
    'dad-epochs': { type: 'string' },
    'dad-steps': { type: 'string' },
    'dad-starts': { type: 'string' },
    'dad-min-gain': { type: 'string' },
    init: { type: 'string' },
    eps: { type: 'string' },
    cache: { type: 'string', default: '/tmp/latentflow-ae-cache' },
    tag: { type: 'string', default: '' },
  },
});
const num = (s: string | undefined) => (s === undefined ? undefined : Number(s));
const recipe = parseRecipe(v.recipe!);
const base = recipeConfig(recipe, Number(v.seed));
const config = {
  ...base,
  autoencoderEpochs: num(v['ae-epochs']) ?? base.autoencoderEpochs,
  viewsPerDigit: num(v.views) ?? base.viewsPerDigit,
  contrastive: base.contrastive && {
    ...base.contrastive,
    pairing: (v.pairing as ContrastivePairing | undefined) ?? base.contrastive.pairing,
    weight: num(v.weight) ?? base.contrastive.weight,
    temperature: num(v.temperature) ?? base.contrastive.temperature,
    // --head 128x64 (hidden x out) or --head none: the term on the latent itself.
    head: v.head === undefined ? base.contrastive.head : v.head === 'none' ? null : { hidden: Number(v.head.split('x')[0]), out: Number(v.head.split('x')[1]) },
  },
  augmentation: { ...base.augmentation, maxRotationDeg: num(v['max-rotation']) ?? base.augmentation.maxRotationDeg, maxShiftPx: num(v['max-shift']) ?? base.augmentation.maxShiftPx,
    // --elastic ALPHAxSIGMA (pixels), or none.
    elastic: v.elastic === undefined ? base.augmentation.elastic : v.elastic === 'none' ? null : { alpha: Number(v.elastic.split('x')[0]), sigma: Number(v.elastic.split('x')[1]) } },
  dynamicsEpochs: num(v['dyn-epochs']) ?? base.dynamicsEpochs,
  startViews: num(v['start-views']) ?? base.startViews,
  dynamicsInit: (v.init as 'torch' | 'glorot' | undefined) ?? base.dynamicsInit,
  adamEpsilon: num(v.eps) ?? base.adamEpsilon,
  dad: {
    rounds: num(v['dad-rounds']) ?? base.dad.rounds,
    pairs: num(v['dad-pairs']) ?? base.dad.pairs,
    epochs: num(v['dad-epochs']) ?? base.dad.epochs,
    steps: num(v['dad-steps']) ?? base.dad.steps,
    startsPerDigit: num(v['dad-starts']) ?? base.dad.startsPerDigit,
    minGain: num(v['dad-min-gain']) ?? base.dad.minGain,
  },
};

await useWasmBackend();
const source = loadMnistPackage();
const judge = await loadJudge();
const term = config.contrastive;
const headKey = `${term?.head ? `-h${term.head.hidden}x${term.head.out}` : ''}${term?.pairing === 'neighbours' ? '-nn' : ''}`;
const elastic = config.augmentation.elastic;
const augKey = `-r${config.augmentation.maxRotationDeg}-p${config.augmentation.maxShiftPx}${elastic ? `-el${elastic.alpha}x${elastic.sigma}` : ''}`;
const key = `${term ? `${recipe === 'ssl+labels' ? 'sslx' : 'sslc'}-w${term.weight}-t${term.temperature}${headKey}` : 'ssl'}-s${config.seed}-e${config.autoencoderEpochs}-v${config.viewsPerDigit}${augKey}`;
const dir = join(v.cache!, key);
let t = performance.now();
let manifold: { encoder: tf.LayersModel; decoder: tf.LayersModel };
let aeSeconds: number | null = null;
if (existsSync(join(dir, 'encoder', 'model.json'))) {
  manifold = { encoder: await loadModel(join(dir, 'encoder')), decoder: await loadModel(join(dir, 'decoder')) };
} else {
  const g = await trainGrounding(source, config);
  manifold = g;
  aeSeconds = round(g.summary.seconds, 1);
  await saveModel(g.encoder, join(dir, 'encoder'));
  await saveModel(g.decoder, join(dir, 'decoder'));
}
const training = selectSplit(source, 'training');
const validation = selectSplit(source, 'validation');
const trainZ = await encodeImages(manifold.encoder, training.images);
const valZ = await encodeImages(manifold.encoder, validation.images);
const grounding = {
  knn: round(knnAccuracy(trainZ, training.labels, valZ, validation.labels, 64, 5)),
  recon: round(await reconstructionMse(manifold, validation.images), 5),
};
t = performance.now();
const counting = await trainCounting(source, config, manifold, judge);
const countingSeconds = round((performance.now() - t) / 1000, 1);
const models = { ...manifold, dynamics: counting.dynamics };
const starts = tf.tensor2d(valZ, [validation.count, 64]);
const detail = async (u: number) => {
  const s = await scoreRollout(models, judge, starts, validation.labels, u, 10, true);
  return { step: s.step_accuracy, loop: s.loop_rate, first: s.first_step, transitions: s.transition_success, worst: s.worst_transition };
};
const forward = await detail(1);
const backward = await detail(-1);
// Reported beside the validation figures for the sweep table, never read by any choice.
const heldOut = selectSplit(source, 'heldOut');
const heldStarts = tf.tensor2d(await encodeImages(manifold.encoder, heldOut.images), [heldOut.count, 64]);
const heldDetail = async (u: number) => {
  const s = await scoreRollout(models, judge, heldStarts, heldOut.labels, u, 10, true);
  return { step: s.step_accuracy, loop: s.loop_rate };
};
const held_out = { forward: await heldDetail(1), backward: await heldDetail(-1) };
const story = await measureValidationStory(models, judge, firstOfEachClass(validation, config.validationPerClass), 20);
console.log(JSON.stringify({
  tag: v.tag, recipe, seed: config.seed, ae: `${config.autoencoderEpochs}x${config.viewsPerDigit}`, contrastive: config.contrastive,
  dyn: config.dynamicsEpochs, dad: config.dad, grounding, stages: counting.stages.map((s) => [s.stage, s.validation_forward, s.validation_backward, s.kept, s.seconds]),
  forward, backward, held_out, story, augmentation: config.augmentation, seconds: { ae: aeSeconds, counting: countingSeconds, dynamics: counting.summaries.map((s) => round(s.seconds, 1)) },
}));
