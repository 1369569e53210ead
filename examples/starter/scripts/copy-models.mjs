#!/usr/bin/env node
// `npm run copy-models -- [FROM] [MANIFOLD...]`: copies the model bundle the sketch loads into
// public/latentflow/ (vite serves it at /latentflow). FROM is a latentflow checkout, or its assets/
// folder (default ../.., the checkout this starter sits in). MANIFOLD: folders under models/ (default:
// the one models/index.json names). Only the files each manifold's manifest.json names are copied:
// its networks, training latents and map, the judge, and the shared digits in data/ (about 6 MB).
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, posix, resolve } from 'node:path';

const [from = '../..', ...wanted] = process.argv.slice(2);
if (from === '-h' || from === '--help') {
  console.log(readFileSync(new URL(import.meta.url), 'utf8').split('\n').slice(1, 6).map((l) => l.slice(3)).join('\n'));
  process.exit(0);
}
const root = resolve(from);
const src = [join(root, 'assets'), root].find((dir) => existsSync(join(dir, 'models', 'index.json')));
if (src === undefined) {
  console.error(`copy-models: no models/index.json in ${root} or ${join(root, 'assets')}: pass a latentflow checkout, e.g. npm run copy-models -- ../latentflow`);
  process.exit(1);
}
const out = resolve(import.meta.dirname, '..', 'public', 'latentflow');
const readJson = (path) => JSON.parse(readFileSync(join(src, path), 'utf8'));
const files = new Set();

const index = readJson('models/index.json');
const ids = wanted.length > 0 ? wanted : [index.default];
for (const id of ids) {
  const folder = `models/${id}`;
  const at = (path) => posix.normalize(posix.join(folder, path));
  const manifest = readJson(`${folder}/manifest.json`);
  files.add(`${folder}/manifest.json`);
  // A network: its model.json and the weight files it lists.
  for (const { path } of [...Object.values(manifest.models), manifest.judge].filter(Boolean)) {
    const model = readJson(`${at(path)}/model.json`);
    files.add(`${at(path)}/model.json`);
    for (const group of model.weightsManifest) for (const weights of group.paths) files.add(at(posix.join(path, weights)));
  }
  const { training, heldOut } = manifest.digits;
  const { map } = manifest;
  for (const path of [training.file, training.latents, heldOut.file, map?.positions, map?.labels, map?.heldOutPositions]) if (path) files.add(at(path));
}

rmSync(out, { recursive: true, force: true });
let bytes = 0;
for (const file of files) {
  mkdirSync(dirname(join(out, file)), { recursive: true });
  copyFileSync(join(src, file), join(out, file));
  bytes += readFileSync(join(out, file)).length;
}
// The index lists only what was copied; the first manifold named is the default.
const manifolds = ids.map((id) => index.manifolds.find((m) => m.id === id) ?? { id });
const { grounding, ...rest } = index;
writeFileSync(join(out, 'models', 'index.json'), `${JSON.stringify({ ...rest, ...(ids.includes(grounding) ? { grounding } : {}), default: ids[0], manifolds }, null, 2)}\n`);
console.log(`copy-models: ${ids.join(', ')}: ${files.size + 1} files, ${(bytes / 1e6).toFixed(1)} MB, from ${src} to ${out}`);
