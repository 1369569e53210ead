/**
 * npx tsx scripts/refit-projectors.ts [--manifold ssl,ssl-labels] [--seeds 1,2,3] [--models DIR]
 * Retrains the projector of trained seeds that have a map (the shipped ones) with the current recipe (DEFAULT_PROJECTOR_TRAINING)
 * and nothing else: the seed's UMAP is refitted with its recorded options on the same latents,
 * which reproduces its shipped map exactly (checked: the run stops if any position differs, so
 * the scene stays as it was); then projector/, map-heldout.f32 and the map record of seed.json
 * are rewritten and the manifests rebuilt (the choice of seeds and default reads only validation
 * figures, so it does not change).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { writeManifolds } from '../src/model/node/manifold-files';
import { saveModel } from '../src/model/node/model-files';
import { buildSeedMap } from '../src/model/node/seed-map';
import { loadSeed, manifestFile, MODELS_DIR, readSeedRecord, trainedSeeds } from '../src/model/node/shipped';
import { useWasmBackend } from '../src/model/node/wasm-backend';
import { manifoldId, RECIPES, type ManifoldId } from '../src/model/recipes';

const { values: flags } = parseArgs({
  options: {
    manifold: { type: 'string' },
    seeds: { type: 'string' },
    models: { type: 'string', default: MODELS_DIR },
  },
});
const modelsDir = flags.models!;
const manifolds = (flags.manifold ? flags.manifold.split(',') : RECIPES.map(manifoldId)) as ManifoldId[];
await useWasmBackend();
for (const id of manifolds) {
  const seeds = flags.seeds ? flags.seeds.split(',').map(Number) : trainedSeeds(modelsDir, id);
  for (const seed of seeds) {
    const file = manifestFile(modelsDir, id, seed);
    const record = readSeedRecord(file);
    if (!record.map || !record.models.projector) {
      console.error(`${id} seed ${seed}: no map (only shipped seeds have one); skipped`);
      continue;
    }
    const loaded = await loadSeed(id, seed, modelsDir);
    const umap = record.map.umap;
    const started = performance.now();
    const map = await buildSeedMap(loaded.models.encoder, seed, false);
    if (JSON.stringify(map.summary.umap) !== JSON.stringify(umap)) {
      throw new Error(`${id} seed ${seed}: the map was fitted with ${JSON.stringify(umap)}, the current defaults are ${JSON.stringify(map.summary.umap)}`);
    }
    const shipped = readFileSync(join(loaded.folder, record.map.positions));
    const positions = new Float32Array(shipped.buffer.slice(shipped.byteOffset, shipped.byteOffset + shipped.byteLength));
    const moved = positions.length === map.embedding.length ? positions.reduce((m, v, i) => Math.max(m, Math.abs(v - map.embedding[i]!)), 0) : Infinity;
    if (moved !== 0) throw new Error(`${id} seed ${seed}: the refitted map differs from the shipped one (by up to ${moved}); nothing written`);
    await saveModel(map.projector, join(loaded.folder, record.models.projector.path));
    const projected = map.heldOutProjected;
    writeFileSync(join(loaded.folder, record.map.heldOutPositions), new Uint8Array(projected.buffer, projected.byteOffset, projected.byteLength));
    record.models.projector.parameters = map.projector.countParams();
    record.map = { ...record.map, ...map.summary };
    record.training_seconds = { ...record.training_seconds, map_refit: Math.round((performance.now() - started) / 100) / 10 };
    writeFileSync(file, `${JSON.stringify(record, null, 2)}\n`);
    const f = map.summary.fidelity.held_out;
    console.error(`${id} seed ${seed}: projector keeps ${f.neighbours_preserved_10} of held-out 10-NN (median error ${f.median_error_share_of_extent.toFixed(4)} of the map) in ${record.training_seconds.map_refit} s`);
    map.projector.dispose();
    for (const model of Object.values(loaded.models)) model.dispose();
  }
}
console.log(JSON.stringify(writeManifolds(modelsDir, manifolds)));
