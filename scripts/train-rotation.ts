/**
 * npm run train:rotation [-- --quick] [--out DIR] [--lanes N] [--scene-only]
 * The rotation experiment's models (issue 13): trains the plain autoencoder (reconstruction only,
 * every digit outside the validation and held-out splits) and the SSL manifold without rotation
 * (the ssl recipe's grounding with maxRotationDeg 0), takes the shipped ssl manifold as it is, and
 * trains on each a rotation dynamics f(z, c) (c = +-1: +-30 degrees) on pairs from the training
 * digits, each manifold in a child process of its own, N at a time (default: one per core).
 * Writes <out>/<manifold>/{encoder,decoder} for the two new manifolds, a rotation/ folder beside
 * each, and <out>/rotation.json (settings and times); then the rotation scene's maps and the
 * record's `scene` section (`--scene-only` redoes just that on trained models).
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type * as tf from '@tensorflow/tfjs';
import { selectSplit, type DigitSet } from '../src/model/dataset';
import { round } from '../src/model/evaluate';
import { buildDecoder, buildDynamics, buildEncoder, DEFAULT_AUTOENCODER, LATENT_DIM } from '../src/model/networks';
import { loadMnistPackage } from '../src/model/node/mnist-source';
import { saveModel } from '../src/model/node/model-files';
import { writeRotationScene } from '../src/model/node/rotation-scene-files';
import { loadManifold, manifestFile, MODELS_DIR } from '../src/model/node/shipped';
import { useWasmBackend } from '../src/model/node/wasm-backend';
import { cpuLanes, inPool } from '../src/model/node/workers';
import { createRng, deriveSeed } from '../src/model/rng';
import { makeRotationPairs, MAX_ROTATION_DEG, NO_AUGMENTATION, ROTATION_MANIFOLDS, SSL_NO_ROTATION, type RotationManifold } from '../src/model/rotation';
import { trainAutoencoder, trainDynamics } from '../src/model/training';
import { exitWithHelp } from './lib/help.mjs';

exitWithHelp(`npm run train:rotation [-- --quick] [--out DIR] [--lanes N] [--scene-only]
  --quick       the quick settings: a short smoke run, not models to ship
  --out         the models folder (default assets/models)
  --lanes       manifolds trained at a time, each in a child process (default: one per core)
  --scene-only  only redo the rotation scene's maps and the record's scene section, on trained models
  -h, --help    this text; trains nothing
(--manifold ID is internal: the run starts one child process per manifold with it.)`);

const { values: flags } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    out: { type: 'string', default: MODELS_DIR },
    'scene-only': { type: 'boolean', default: false },
    lanes: { type: 'string' },
    /** Internal: train one manifold's part (the run starts one child process per manifold). */
    manifold: { type: 'string' },
  },
});
const SEED = 1;
const SETTINGS = flags.quick
  ? { autoencoderEpochs: 1, sslViews: 1, pairs: 2_000, dynamicsEpochs: 1 }
  : { autoencoderEpochs: 20, sslViews: 10, pairs: 60_000, dynamicsEpochs: 12 };
/** Longest first, so the short one fills the core that frees up first. */
const ROTATION_MANIFOLDS_BY_LENGTH: RotationManifold[] = ['ssl-no-rotation', 'plain-ae', 'ssl'];
const seconds = (t: number) => round((performance.now() - t) / 1000, 1);

await useWasmBackend();
if (flags['scene-only']) {
  await writeRotationScene(flags.out!, (line) => console.error(line));
  process.exit(0);
}
const source = loadMnistPackage();
const training = selectSplit(source, 'training');
const reference = selectSplit(source, 'reference');
const outside: DigitSet = {
  images: concat(training.images, reference.images),
  labels: Int32Array.from([...training.labels, ...reference.labels]),
  indices: Int32Array.from([...training.indices, ...reference.indices]),
  count: training.count + reference.count,
};
const record: Record<string, unknown> = { seed: SEED, max_rotation_deg: MAX_ROTATION_DEG, settings: SETTINGS, manifolds: {} };
const started = performance.now();

async function grounding(name: RotationManifold, digits: DigitSet, views: number, augmentation: typeof NO_AUGMENTATION): Promise<{ encoder: tf.LayersModel; decoder: tf.LayersModel; seconds: number; loss: number }> {
  const t = performance.now();
  const encoder = buildEncoder(DEFAULT_AUTOENCODER, SEED);
  const decoder = buildDecoder(DEFAULT_AUTOENCODER, SEED);
  const summary = await trainAutoencoder(encoder, decoder, digits, { epochs: SETTINGS.autoencoderEpochs, viewsPerDigit: views, batchSize: 128, learningRate: 1e-3, augmentation, seed: SEED }, (p) => {
    if (p.batch === 0) console.error(`${name}: autoencoder epoch ${p.epoch + 1}/${p.epochs}`);
  });
  await saveModel(encoder, join(flags.out!, name, 'encoder'));
  await saveModel(decoder, join(flags.out!, name, 'decoder'));
  return { encoder, decoder, seconds: seconds(t), loss: round(summary.epochLosses.at(-1) ?? NaN, 6) };
}

async function rotation(name: RotationManifold, encoder: tf.LayersModel): Promise<{ seconds: number; loss: number; pairs: number }> {
  const t = performance.now();
  const pairs = await makeRotationPairs(encoder, training, SETTINGS.pairs, createRng(deriveSeed(SEED, `rotation-pairs-${name}`)));
  const dynamics = buildDynamics(SEED, LATENT_DIM, 'torch');
  const summary = await trainDynamics(dynamics, pairs, { epochs: SETTINGS.dynamicsEpochs, batchSize: 512, learningRate: 1e-3, adamEpsilon: 1e-8, seed: deriveSeed(SEED, `rotation-${name}`) }, (p) => {
    if (p.batch === 0) console.error(`${name}: rotation dynamics epoch ${p.epoch + 1}/${p.epochs}`);
  });
  await saveModel(dynamics, join(flags.out!, name, 'rotation'));
  return { seconds: seconds(t), loss: round(summary.epochLosses.at(-1) ?? NaN, 6), pairs: pairs.count };
}

/** One manifold's part of the experiment: its grounding (for the two new ones) and its rotation dynamics. */
async function trainOne(name: RotationManifold): Promise<Record<string, unknown>> {
  if (name === 'plain-ae') {
    const plain = await grounding('plain-ae', outside, 1, NO_AUGMENTATION);
    return { digits: outside.count, augmentation: 'none', autoencoder: { seconds: plain.seconds, loss: plain.loss }, rotation: await rotation('plain-ae', plain.encoder) };
  }
  if (name === 'ssl-no-rotation') {
    const noRotation = await grounding('ssl-no-rotation', training, SETTINGS.sslViews, SSL_NO_ROTATION);
    return { digits: training.count, augmentation: SSL_NO_ROTATION, autoencoder: { seconds: noRotation.seconds, loss: noRotation.loss }, rotation: await rotation('ssl-no-rotation', noRotation.encoder) };
  }
  const ssl = await loadManifold('ssl');
  return { digits: training.count, autoencoder: `shipped (seed ${ssl.manifest.seed})`, rotation: await rotation('ssl', ssl.models.encoder) };
}

if (flags.manifold !== undefined) {
  // A child of the run below: one manifold, its record as the last line of stdout.
  console.log(JSON.stringify(await trainOne(flags.manifold as RotationManifold)));
  process.exit(0);
}

/** Runs one manifold's part in a child process (its own tfjs, its own core) and returns its record. */
function trainInChild(name: RotationManifold): Promise<Record<string, unknown>> {
  const args = [...process.execArgv, fileURLToPath(import.meta.url), '--manifold', name, '--out', flags.out!, ...(flags.quick ? ['--quick'] : [])];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`train-rotation: ${name} exited with ${code}`));
      try {
        resolve(JSON.parse(out.trim().split('\n').at(-1)!) as Record<string, unknown>);
      } catch (e) {
        reject(new Error(`train-rotation: ${name} printed no record (${(e as Error).message})`));
      }
    });
  });
}

// The two new groundings are the long parts: each gets a core, and the shipped ssl's rotation
// dynamics takes whichever core is free first.
const lanes = flags.lanes ? Number(flags.lanes) : cpuLanes();
const records = await inPool(ROTATION_MANIFOLDS_BY_LENGTH, lanes, (name) => trainInChild(name));
record.manifolds = Object.fromEntries(ROTATION_MANIFOLDS.map((name) => [name, records[ROTATION_MANIFOLDS_BY_LENGTH.indexOf(name)]]));
record.lanes = lanes;
writeFileSync(join(flags.out!, 'rotation.json'), `${JSON.stringify(record, null, 2)}\n`);
const sceneStarted = performance.now();
// A trial run into another folder has no shipped ssl manifold there to take the digits from.
if (existsSync(manifestFile(flags.out!, 'ssl'))) await writeRotationScene(flags.out!, (line) => console.error(line));
else console.error(`train-rotation: ${flags.out} holds no ssl manifold; the scene's maps are not written`);
const written = JSON.parse(readFileSync(join(flags.out!, 'rotation.json'), 'utf8')) as Record<string, unknown>;
written.scene_seconds = seconds(sceneStarted);
written.seconds = seconds(started);
writeFileSync(join(flags.out!, 'rotation.json'), `${JSON.stringify(written, null, 2)}\n`);
console.log(JSON.stringify({ ...written, scene: undefined }));

function concat(a: Float32Array, b: Float32Array): Float32Array {
  const out = new Float32Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
