/**
 * npm run train:rotation [-- --quick] [--out DIR]
 * The rotation experiment's models (issue 13): trains the plain autoencoder (reconstruction only,
 * every digit outside the validation and held-out splits) and the SSL manifold without rotation
 * (the ssl recipe's grounding with maxRotationDeg 0), takes the shipped ssl manifold as it is, and
 * trains on each a rotation dynamics f(z, c) (c = +-1: +-30 degrees) on pairs from the training
 * digits. Writes <out>/<manifold>/{encoder,decoder} for the two new manifolds, a rotation/ folder
 * beside each, and <out>/rotation.json (settings and times).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type * as tf from '@tensorflow/tfjs';
import { selectSplit, type DigitSet } from '../src/model/dataset';
import { round } from '../src/model/evaluate';
import { buildDecoder, buildDynamics, buildEncoder, DEFAULT_AUTOENCODER, LATENT_DIM } from '../src/model/networks';
import { loadMnistPackage } from '../src/model/node/mnist-source';
import { saveModel } from '../src/model/node/model-files';
import { loadManifold, MODELS_DIR } from '../src/model/node/shipped';
import { useWasmBackend } from '../src/model/node/wasm-backend';
import { createRng, deriveSeed } from '../src/model/rng';
import { makeRotationPairs, MAX_ROTATION_DEG, NO_AUGMENTATION, SSL_NO_ROTATION, type RotationManifold } from '../src/model/rotation';
import { trainAutoencoder, trainDynamics } from '../src/model/training';

const { values: flags } = parseArgs({ options: { quick: { type: 'boolean', default: false }, out: { type: 'string', default: MODELS_DIR } } });
const SEED = 1;
const SETTINGS = flags.quick
  ? { autoencoderEpochs: 1, sslViews: 1, pairs: 2_000, dynamicsEpochs: 1 }
  : { autoencoderEpochs: 20, sslViews: 10, pairs: 60_000, dynamicsEpochs: 12 };
const seconds = (t: number) => round((performance.now() - t) / 1000, 1);

await useWasmBackend();
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

const manifolds = record.manifolds as Record<string, unknown>;
const plain = await grounding('plain-ae', outside, 1, NO_AUGMENTATION);
manifolds['plain-ae'] = { digits: outside.count, augmentation: 'none', autoencoder: { seconds: plain.seconds, loss: plain.loss }, rotation: await rotation('plain-ae', plain.encoder) };
const noRotation = await grounding('ssl-no-rotation', training, SETTINGS.sslViews, SSL_NO_ROTATION);
manifolds['ssl-no-rotation'] = { digits: training.count, augmentation: SSL_NO_ROTATION, autoencoder: { seconds: noRotation.seconds, loss: noRotation.loss }, rotation: await rotation('ssl-no-rotation', noRotation.encoder) };
const ssl = await loadManifold('ssl');
manifolds.ssl = { digits: training.count, autoencoder: `shipped (seed ${ssl.manifest.seed})`, rotation: await rotation('ssl', ssl.models.encoder) };
record.seconds = seconds(started);
writeFileSync(join(flags.out!, 'rotation.json'), `${JSON.stringify(record, null, 2)}\n`);
console.log(JSON.stringify(record));

function concat(a: Float32Array, b: Float32Array): Float32Array {
  const out = new Float32Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
