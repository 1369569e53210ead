/**
 * npx tsx scripts/ship-latents.ts [--models DIR]
 * Adds latents.f32 (the encoder's latents of the shipped training digits) to every trained seed
 * that lacks it, for bundles trained before `npm run train` wrote them, then rewrites the
 * manifests. The choice of seeds and default is unchanged (it reads only validation figures).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { encodeImages } from '../src/model/evaluate';
import { fromUint8Pixels, resolveFrom } from '../src/model/manifest';
import { writeManifolds } from '../src/model/node/manifold-files';
import { loadSeed, manifestFile, MODELS_DIR, readSeedRecord, trainedSeeds } from '../src/model/node/shipped';
import { useWasmBackend } from '../src/model/node/wasm-backend';
import { manifoldId, RECIPES } from '../src/model/recipes';

const MANIFOLDS = RECIPES.map(manifoldId);
const { values: flags } = parseArgs({ options: { models: { type: 'string', default: MODELS_DIR } } });
const modelsDir = flags.models!;
await useWasmBackend();
for (const id of MANIFOLDS) {
  for (const seed of trainedSeeds(modelsDir, id)) {
    const file = manifestFile(modelsDir, id, seed);
    const record = readSeedRecord(file);
    if (record.digits.training.latents && existsSync(join(modelsDir, id, `seed-${seed}`, record.digits.training.latents))) continue;
    const loaded = await loadSeed(id, seed, modelsDir);
    const pixels = readFileSync(resolveFrom(loaded.folder, record.digits.training.file));
    const latents = await encodeImages(loaded.models.encoder, fromUint8Pixels(new Uint8Array(pixels)));
    writeFileSync(join(loaded.folder, 'latents.f32'), new Uint8Array(latents.buffer, latents.byteOffset, latents.byteLength));
    record.digits.training.latents = 'latents.f32';
    writeFileSync(file, `${JSON.stringify(record, null, 2)}\n`);
    console.error(`ship-latents: ${id} seed ${seed}: ${latents.length / record.digits.training.count}-D latents of ${record.digits.training.count} digits`);
  }
}
console.log(JSON.stringify(writeManifolds(modelsDir, MANIFOLDS)));
