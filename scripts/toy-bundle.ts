/**
 * npm run toy-bundle -- --out DIR [--dim 32] [--manifold NAME] [--seed N] [--bare] [--no-judge]
 * (or npx tsx scripts/toy-bundle.ts ...)
 *
 * A complete, small model bundle on a latent of any size, written as assets/ is laid out (DIR holds
 * models/ and data/), so the page (`?assets=/DIR`) and createLatentFlow({ assets }) load it: the
 * "Bring your own model" contract of docs/models.md, exercised. Seconds of training on the real
 * MNIST digits with the project's own builders and training loops: a 784 -> d encoder and its
 * decoder, a (d + 1) -> d dynamics MLP on transition pairs, and a d -> 3 projector fitted to a
 * short UMAP of the training latents. Not a model to study: a bundle of another shape to load.
 */
import { cpSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { AUTHOR_AUGMENTATION } from '../src/model/augment';
import { selectSplit, type DigitSet } from '../src/model/dataset';
import { encodeImages } from '../src/model/evaluate';
import { MANIFEST_VERSION, type BundleManifest } from '../src/model/manifest';
import { buildDecoder, buildDynamics, buildEncoder } from '../src/model/networks';
import { loadMnistPackage, mnistPackageVersion } from '../src/model/node/mnist-source';
import { saveModel } from '../src/model/node/model-files';
import { writeSharedDigits } from '../src/model/node/seed-run';
import { ASSETS_DIR, JUDGE_FOLDER } from '../src/model/node/shipped';
import { useWasmBackend } from '../src/model/node/wasm-backend';
import { makeTransitionPairs } from '../src/model/pairs';
import { fitUmap } from '../src/model/projection';
import { buildProjector, project, trainProjector } from '../src/model/projector';
import { createRng } from '../src/model/rng';
import { trainAutoencoder, trainDynamics } from '../src/model/training';
import { exitWithHelp } from './lib/help.mjs';

exitWithHelp(`npx tsx scripts/toy-bundle.ts --out DIR [--dim 32] [--manifold NAME] [--seed N] [--bare] [--no-judge]
  --out       the bundle folder to write: DIR/models/index.json, DIR/models/NAME/, DIR/data/ (required)
  --dim       the latent size d (default 32; 2 to 256)
  --manifold  the manifold's name, its folder under DIR/models (default toy-<dim>)
  --seed      the seed of every initialiser and batch order (default 1)
  --bare      ship no projector and no map: the loader then makes a linear map of its own
  --no-judge  do not copy the shipped judge (assets/models/judge) into DIR/models/judge
  -h, --help  this text; writes nothing
Then: npm run dev and open /?assets=/out/toy-32 (with --out out/toy-32: the dev server serves the
repository's folders), or createLatentFlow({ canvas, assets: '/out/toy-32' }) in a sketch.`);

const { values: flags } = parseArgs({
  options: {
    out: { type: 'string' },
    dim: { type: 'string', default: '32' },
    manifold: { type: 'string' },
    seed: { type: 'string', default: '1' },
    bare: { type: 'boolean', default: false },
    'no-judge': { type: 'boolean', default: false },
  },
});

function fail(message: string): never {
  console.error(`toy-bundle: ${message}`);
  process.exit(2);
}

const dim = Number(flags.dim);
if (!Number.isInteger(dim) || dim < 2 || dim > 256) fail(`--dim takes an integer from 2 to 256, got ${flags.dim}`);
const seed = Number(flags.seed);
if (!Number.isInteger(seed) || seed < 0) fail(`--seed takes a non-negative integer, got ${flags.seed}`);
if (!flags.out) fail('--out DIR is required (the folder to write the bundle into)');
const manifold = flags.manifold ?? `toy-${dim}`;
if (!/^[A-Za-z0-9_-]{1,64}$/.test(manifold)) fail(`--manifold takes letters, digits, - and _, got ${manifold}`);

const started = performance.now();
const seconds = (since: number) => Math.round((performance.now() - since) / 100) / 10;
await useWasmBackend();

const out = resolve(flags.out);
const modelsDir = join(out, 'models');
const folder = join(modelsDir, manifold);
mkdirSync(folder, { recursive: true });

const source = loadMnistPackage();
const training = selectSplit(source, 'training');
const heldOut = selectSplit(source, 'heldOut');
writeSharedDigits(modelsDir, source);

// The grounding: small convs (8 and 16 channels), the latent as asked.
let t = performance.now();
const arch = { channels: [8, 16] as const, kernel: 3, latentDim: dim };
const encoder = buildEncoder(arch, seed);
const decoder = buildDecoder(arch, seed);
const ae = await trainAutoencoder(encoder, decoder, training, { epochs: 4, viewsPerDigit: 2, batchSize: 64, learningRate: 3e-3, augmentation: AUTHOR_AUGMENTATION, seed });
const aeSeconds = seconds(t);

// The dynamics: the project's MLP at this width, fitted to transition pairs between the latents.
t = performance.now();
const trainingLatents = await encodeImages(encoder, training.images);
const heldOutLatents = await encodeImages(encoder, heldOut.images);
const pairs = makeTransitionPairs({ latents: trainingLatents, labels: training.labels }, dim, 20_000, createRng(seed));
const dynamics = buildDynamics(seed, dim, 'torch');
const dyn = await trainDynamics(dynamics, pairs, { epochs: 3, batchSize: 256, learningRate: 1e-3, adamEpsilon: 1e-8, seed });
const dynSeconds = seconds(t);

const models: Partial<Record<'encoder' | 'decoder' | 'dynamics' | 'projector', { path: string; parameters: number }>> = {};
const save = async (name: 'encoder' | 'decoder' | 'dynamics' | 'projector', model: tf.LayersModel) => {
  await saveModel(model, join(folder, name));
  models[name] = { path: name, parameters: model.countParams() };
};
await save('encoder', encoder);
await save('decoder', decoder);
await save('dynamics', dynamics);
const f32 = (values: Float32Array) => new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
writeFileSync(join(folder, 'latents.f32'), f32(trainingLatents));

// The map: a short UMAP of the training latents, and a small projector fitted to it.
t = performance.now();
let map: (NonNullable<BundleManifest['map']> & Record<string, unknown>) | undefined;
if (!flags.bare) {
  const umap = { seed, nNeighbors: 15, minDist: 0.05, spread: 1, nEpochs: 60 };
  const fit = await fitUmap(trainingLatents, dim, umap);
  const projector = buildProjector(seed, dim, { width: 64, depth: 2 });
  const fitting = { epochs: 40, batchSize: 128, learningRate: 3e-3, finalLearningRateShare: 0.1, seed };
  await trainProjector(projector, trainingLatents, fit.embedding, fitting);
  await save('projector', projector);
  writeFileSync(join(folder, 'map.f32'), f32(fit.embedding));
  writeFileSync(join(folder, 'map-labels.u8'), Uint8Array.from(training.labels));
  writeFileSync(join(folder, 'map-heldout.f32'), f32(await project(projector, heldOutLatents, dim)));
  map = { count: training.count, positions: 'map.f32', labels: 'map-labels.u8', heldOutPositions: 'map-heldout.f32', normalisation: fit.normalisation, umap, projector: fitting };
}
const mapSeconds = seconds(t);

const judge = !flags['no-judge'] && existsSync(join(ASSETS_DIR, 'models', JUDGE_FOLDER, 'model.json'));
if (judge) cpSync(join(ASSETS_DIR, 'models', JUDGE_FOLDER), join(modelsDir, JUDGE_FOLDER), { recursive: true });

const digits = (set: DigitSet, file: string, latents?: string) => ({
  file: `../../data/${file}`,
  count: set.count,
  labels: Array.from(set.labels),
  indices: Array.from(set.indices),
  ...(latents ? { latents } : {}),
});
const signal = `a toy ${dim}-D grounding, seconds of training (scripts/toy-bundle.ts)`;
const manifest: BundleManifest & Record<string, unknown> = {
  version: MANIFEST_VERSION,
  manifold,
  recipe: 'toy',
  signal,
  seed,
  latent_dim: dim,
  created: new Date().toISOString(),
  packages: { '@tensorflow/tfjs': tf.version.tfjs, mnist: mnistPackageVersion(), backend: tf.getBackend() },
  models: models as BundleManifest['models'],
  ...(judge ? { judge: { path: `../${JUDGE_FOLDER}` } } : {}),
  digits: { training: digits(training, 'training.u8', 'latents.f32'), heldOut: digits(heldOut, 'heldout.u8') },
  ...(map ? { map } : {}),
  training_seconds: { autoencoder: aeSeconds, dynamics: dynSeconds, map: mapSeconds, total: seconds(started) },
  final_losses: { autoencoder: ae.epochLosses.at(-1), dynamics: dyn.epochLosses.at(-1) },
};
writeFileSync(join(folder, 'manifest.json'), `${JSON.stringify(manifest, null, 1)}\n`);
const index = {
  version: 1,
  default: manifold,
  reason: `the only manifold of this bundle (scripts/toy-bundle.ts --dim ${dim})`,
  manifolds: [{ id: manifold, recipe: 'toy', signal, seed, validation_worst: 0 }],
};
writeFileSync(join(modelsDir, 'index.json'), `${JSON.stringify(index, null, 1)}\n`);
console.log(`toy-bundle: ${dim}-D bundle "${manifold}" in ${out} (${seconds(started)} s: grounding ${aeSeconds} s, dynamics ${dynSeconds} s, map ${mapSeconds} s)`);
