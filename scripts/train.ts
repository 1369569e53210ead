/**
 * npm run train [-- --recipe RECIPE[,RECIPE]|all] [--seeds 1,2,3 | --seed N] [--quick] [--out DIR]
 *               [--train-judge] [--lanes N] [--backend wasm|webgpu]
 * Trains the pipelines (grounding, dynamics with Data-as-Demonstrator) for each recipe and seed
 * asked, two at a time in worker threads (one per core), into assets/models/<manifold>/seed-<n>/;
 * then re-chooses each manifold's shipped seed on validation digits, builds the 3D map for that
 * seed alone (a map is about a third of a pipeline's time and only the shipped one is shown), and
 * re-chooses the default manifold.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { selectSplit } from '../src/model/dataset';
import { judgeDigits } from '../src/model/evaluate';
import { JUDGE_CONFIG, trainProjectJudge } from '../src/model/judge';
import type { SeedRecord } from '../src/model/manifest';
import { chooseDawnDriver } from '../src/model/node/dawn';
import { loadMnistPackage } from '../src/model/node/mnist-source';
import { saveModel } from '../src/model/node/model-files';
import { writeManifolds } from '../src/model/node/manifold-files';
import { JUDGE_FOLDER, manifestFile, MODELS_DIR, readSeedRecord, trainedSeeds } from '../src/model/node/shipped';
import type { SeedMapJob } from '../src/model/node/seed-map-files';
import { chooseSeed } from '../src/model/seed-choice';
import { writeSharedDigits, type SeedRunOptions, type TrainingBackend } from '../src/model/node/seed-run';
import { useWasmBackend } from '../src/model/node/wasm-backend';
import { cpuLanes, inPool, runInWorker } from '../src/model/node/workers';
import { manifoldId, parseRecipe, RECIPES, type Recipe } from '../src/model/recipes';
import { exitWithHelp } from './lib/help.mjs';

exitWithHelp(`npm run train [-- --recipe RECIPE[,RECIPE]|all] [--seeds 1,2,3 | --seed N] [--quick] [--out DIR]
              [--train-judge] [--lanes N] [--backend wasm|webgpu]
  --recipe       the recipes to train, comma-separated, or all (${RECIPES.join(', ')}; default ssl+labels)
  --seeds        the seeds to train, comma-separated (default 1)
  --seed         one seed (the same as --seeds N)
  --quick        the quick settings: a short smoke run, not models to ship
  --out          the models folder (default assets/models)
  --train-judge  retrain the judge even when the models folder has one (without one it is trained first)
  --lanes        pipelines at a time (default: one per core; 1 with --backend webgpu)
  --backend      wasm (CPU worker threads) or webgpu (Dawn, one GPU) (default wasm)
  -h, --help     this text; trains nothing`);

const { values: flags } = parseArgs({
  options: {
    recipe: { type: 'string', default: 'ssl+labels' },
    seeds: { type: 'string' },
    seed: { type: 'string' },
    quick: { type: 'boolean', default: false },
    out: { type: 'string', default: MODELS_DIR },
    'train-judge': { type: 'boolean', default: false },
    lanes: { type: 'string' },
    backend: { type: 'string', default: 'wasm' },
  },
});

function fail(message: string): never {
  console.error(`train: ${message}`);
  process.exit(2);
}

function parseSeeds(): number[] {
  const text = flags.seeds ?? flags.seed ?? '1';
  const seeds = text.split(',').map((s) => Number(s.trim()));
  if (seeds.length === 0 || seeds.some((s) => !Number.isInteger(s) || s < 0 || s > 1e6)) fail(`--seeds takes integers like 1,2,3; got ${text}`);
  return [...new Set(seeds)];
}

let recipes: Recipe[];
try {
  recipes = flags.recipe === 'all' ? [...RECIPES] : flags.recipe!.split(',').map(parseRecipe);
} catch (e) {
  fail((e as Error).message);
}
const seeds = parseSeeds();
const modelsDir = flags.out!;
if (flags.backend !== 'wasm' && flags.backend !== 'webgpu') fail(`--backend takes wasm or webgpu; got ${flags.backend}`);
const backend: TrainingBackend = flags.backend;
if (backend === 'webgpu') {
  try {
    const driver = chooseDawnDriver(true);
    console.error(`webgpu: Vulkan driver ${driver.driver}: ${driver.reason}`);
  } catch (e) {
    fail((e as Error).message);
  }
}
// One GPU: pipelines take turns on it, and the CPU helper thread would only slow it down.
const lanes = backend === 'webgpu' ? 1 : flags.lanes ? Number(flags.lanes) : cpuLanes();
if (!Number.isInteger(lanes) || lanes < 1) fail(`--lanes takes a positive integer; got ${flags.lanes}`);
mkdirSync(modelsDir, { recursive: true });
const started = performance.now();

// The judge reads every validation rollout that decides a DaD round or a seed: it must exist first.
if (flags['train-judge'] || !existsSync(join(modelsDir, JUDGE_FOLDER, 'model.json'))) {
  await useWasmBackend();
  console.error(`judge: training on the reference digits (${JUDGE_CONFIG.epochs} epochs)`);
  const source = loadMnistPackage();
  const { judge, summary } = await trainProjectJudge(source);
  const held = selectSplit(source, 'heldOut');
  const judged = await judgeDigits(judge, held.images);
  const accuracy = judged.filter((d, i) => d === held.labels[i]).length / held.count;
  await saveModel(judge, join(modelsDir, JUDGE_FOLDER));
  writeFileSync(join(modelsDir, JUDGE_FOLDER, 'judge.json'), `${JSON.stringify({
    trained_on: 'reference digits only (neither training, validation nor held-out)',
    config: JUDGE_CONFIG,
    seconds: Math.round(summary.seconds),
    final_loss: summary.epochLosses.at(-1),
    heldout_accuracy: accuracy,
  }, null, 2)}\n`);
  console.error(`judge: ${summary.seconds.toFixed(0)} s, ${(accuracy * 100).toFixed(1)}% on real held-out digits`);
}

writeSharedDigits(modelsDir, loadMnistPackage());

// Several pipelines: one per core. A pipeline that runs alone (the only one, or the last of a
// count the lanes do not divide, started when nothing is queued behind it) shares its minibatches
// with a helper thread on the core that would otherwise idle; the weights are the same either way.
const count = recipes.length * seeds.length;
const alone = (index: number) => lanes > 1 && (count === 1 || (count % lanes === 1 && index === count - 1));
const jobs: SeedRunOptions[] = recipes
  .flatMap((recipe) => seeds.map((seed) => ({ recipe, seed })))
  .map(({ recipe, seed }, i) => ({ recipe, seed, quick: flags.quick, modelsDir, helper: alone(i), backend }));
console.error(`train: ${jobs.length} pipeline(s), ${Math.min(lanes, jobs.length)} at a time`);
const seedWorker = new URL('../src/model/node/seed-worker.ts', import.meta.url);
const results = await inPool(jobs, lanes, async (job) => {
  const name = `${job.recipe} seed ${job.seed}`;
  const t = performance.now();
  const manifest = await runInWorker<SeedRunOptions, SeedRecord>(seedWorker, job, (line) => console.error(`${name}: ${line}`));
  const kept = manifest.dynamics_stages.find((s) => s.kept)!;
  console.error(`${name}: done in ${((performance.now() - t) / 1000).toFixed(0)} s; validation u=+1 ${kept.validation_forward}, u=-1 ${kept.validation_backward} (${kept.stage})`);
  return manifest;
});

// Each manifold's shipped seed (chosen among all its trained seeds, these and earlier ones) gets
// its map, if it has none yet: one worker per manifold, as many at a time as there are lanes.
const touched = [...new Set(recipes.map(manifoldId))];
const maps: SeedMapJob[] = touched.flatMap((manifold) => {
  const records = trainedSeeds(modelsDir, manifold).map((seed) => readSeedRecord(manifestFile(modelsDir, manifold, seed)));
  const { chosen } = chooseSeed(records);
  return chosen.map ? [] : [{ modelsDir, manifold, seed: chosen.seed, quick: flags.quick }];
});
const mapWorker = new URL('../src/model/node/map-worker.ts', import.meta.url);
await inPool(maps, lanes, async (job) => {
  const t = performance.now();
  console.error(`${job.manifold} seed ${job.seed}: building its map (the seed it ships)`);
  await runInWorker<SeedMapJob, SeedRecord>(mapWorker, job);
  console.error(`${job.manifold} seed ${job.seed}: map done in ${((performance.now() - t) / 1000).toFixed(0)} s`);
});

const index = writeManifolds(modelsDir, touched);
const totalSeconds = (performance.now() - started) / 1000;
console.error(`train: ${totalSeconds.toFixed(0)} s in all; default manifold ${index.default} (${index.reason})`);
console.log(JSON.stringify({
  seconds: Math.round(totalSeconds),
  runs: results.map((m) => ({ recipe: m.recipe, seed: m.seed, training_seconds: m.training_seconds, dynamics_stages: m.dynamics_stages })),
  index,
}));
