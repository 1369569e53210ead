/**
 * npm run stories [-- --manifold ssl,ssl-labels] [--force] [--out DIR]
 * Measures the validation story (grounded and ungrounded counting both ways, the u where counting
 * crosses 0.5; VALIDATION digits only) of every trained seed that has none yet, or of every seed
 * with --force, writes it into the seed's seed.json, and re-chooses the shipped seeds and the
 * default manifold (index.json) by the seed-faithful rule. `npm run train` records the story as it
 * trains; this brings seeds trained before it was recorded up to date without retraining them.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { firstOfEachClass, selectSplit } from '../src/model/dataset';
import { loadMnistPackage } from '../src/model/node/mnist-source';
import { writeManifolds } from '../src/model/node/manifold-files';
import { loadJudge, loadSeed, manifestFile, MODELS_DIR, trainedSeeds } from '../src/model/node/shipped';
import { useWasmBackend } from '../src/model/node/wasm-backend';
import { manifoldId, RECIPES, recipeConfig, type ManifoldId } from '../src/model/recipes';
import { measureValidationStory } from '../src/model/seed-story';
import { exitWithHelp } from './lib/help.mjs';

const MANIFOLD_IDS = RECIPES.map(manifoldId);
const HELP = `npm run stories [-- --manifold ID[,ID]] [--force] [--out DIR]
  --manifold  the manifolds to measure (default: every trained one: ${MANIFOLD_IDS.join(', ')})
  --force     re-measure seeds that already record a story
  --out       the models folder (default assets/models)
  -h, --help  this text`;

exitWithHelp(HELP);
const { values: flags } = parseArgs({
  options: {
    manifold: { type: 'string' },
    force: { type: 'boolean', default: false },
    out: { type: 'string', default: MODELS_DIR },
  },
});
const known = new Set<string>(MANIFOLD_IDS);
const ids = (flags.manifold?.split(',') ?? [...MANIFOLD_IDS]) as ManifoldId[];
for (const id of ids) {
  if (!known.has(id)) {
    console.error(`stories: unknown manifold ${id}; known: ${MANIFOLD_IDS.join(', ')}`);
    process.exit(2);
  }
}
const modelsDir = flags.out!;

await useWasmBackend();
const source = loadMnistPackage();
const judge = await loadJudge(modelsDir);
const touched: ManifoldId[] = [];
for (const id of ids) {
  const seeds = trainedSeeds(modelsDir, id);
  if (seeds.length > 0) touched.push(id);
  for (const seed of seeds) {
    const { record: manifest, models } = await loadSeed(id, seed, modelsDir);
    if (manifest.validation_story && !flags.force) continue;
    const t = performance.now();
    const validation = firstOfEachClass(selectSplit(source, 'validation'), recipeConfig(manifest.recipe, seed).validationPerClass);
    const story = await measureValidationStory(models, judge, validation, 20);
    for (const m of Object.values(models)) m.dispose();
    writeFileSync(manifestFile(modelsDir, id, seed), `${JSON.stringify({ ...manifest, validation_story: story }, null, 2)}\n`);
    console.error(`stories: ${id} seed ${seed} in ${((performance.now() - t) / 1000).toFixed(0)} s: ${JSON.stringify(story)}`);
  }
}
const index = writeManifolds(modelsDir, touched);
console.error(`stories: default ${index.default}${index.grounding ? `, grounding ${index.grounding}` : ''}: ${index.reason}`);
