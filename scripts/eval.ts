/**
 * npm run eval [-- --json] [--quick] [--manifold ssl-labels] [--out FILE] [--pictures DIR] [--models DIR] [--lanes N]
 *              [--only map|rotation|drift --into FILE] [--manifold ID --into FILE] [--table FILE]
 * Measures every shipped manifold, every trained seed of each, on the held-out digits: counting
 * figures per seed, their mean and worst, and the map of the seed each manifold ships. Jobs run two
 * at a time in worker threads. The last stdout line (with --json) is the whole report.
 * `--only map --into FILE` measures only the maps (the projectors against UMAP) and replaces each
 * manifold's `projection` in the report FILE holds, leaving its counting figures as they were: for
 * a retrained projector, which no counting figure reads. `--only rotation --into FILE` likewise
 * measures only the rotation experiment and replaces the report's `rotation` section;
 * `--only drift --into FILE` only the off-manifold distances of every seed (cheap: no judge).
 * `--manifold ID --into FILE` measures those manifolds in full and puts them into FILE's report
 * beside the ones it already holds (a newly trained manifold, without re-measuring the rest).
 * `--table FILE` prints the README's results table (every manifold side by side) from a saved report.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import type { MapReport } from '../src/model/map-report';
import type { EvalJob, EvalJobResult } from '../src/model/node/eval-run';
import { MODELS_DIR, readManifest, manifestFile, readManifoldIndex, trainedSeeds } from '../src/model/node/shipped';
import { cpuLanes, inPool, runInWorker } from '../src/model/node/workers';
import type { ManifoldId } from '../src/model/recipes';
import { rotationModelsExist } from '../src/model/node/rotation-models';
import { ROTATION_MANIFOLDS } from '../src/model/rotation';
import type { RotationReport } from '../src/model/rotation-report';
import type { EvalReport } from '../src/model/report';
import { headline, summariseSeeds, type SeedSummary } from '../src/model/seed-summary';
import { stageFigures, type EvalReportView } from '../src/model/stage-figures';
import { attractorPicture } from './lib/attractor-picture';
import { printEvalTable } from './lib/eval-table';
import { resultsTable, type ResultsReport } from './lib/results-table';
import { exitWithHelp } from './lib/help.mjs';

exitWithHelp(`npm run eval [-- --json] [--quick] [--manifold ssl-labels] [--out FILE] [--pictures DIR] [--models DIR] [--lanes N]
             [--only map|rotation|drift --into FILE] [--manifold ID --into FILE] [--table FILE]
  --json      print the whole report as the last stdout line (default: a table)
  --quick     the quick settings: few starts and u values, a few seconds per seed
  --manifold  the manifolds to measure, comma-separated (default: every shipped one)
  --out       write the report to FILE (and, unless --quick or a --manifold subset, the models folder's stage-figures.json)
  --pictures  write each manifold's attractor picture (attractors-ID.png) into DIR
  --models    the models folder (default assets/models)
  --lanes     jobs at a time, in worker threads (default: one per core)
  --only      map, rotation or drift: measure only that and replace its section in --into's report
  --into      the saved report FILE to put the figures into and write back (with --only; or with --manifold: those
              manifolds measured in full, beside the ones it holds)
  --table     print the README's results table from the saved report FILE; measures nothing
  -h, --help  this text; measures nothing`);

const { values: flags } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    quick: { type: 'boolean', default: false },
    manifold: { type: 'string' },
    out: { type: 'string' },
    pictures: { type: 'string' },
    lanes: { type: 'string' },
    models: { type: 'string', default: MODELS_DIR },
    only: { type: 'string' },
    into: { type: 'string' },
    table: { type: 'string' },
  },
});
if (flags.table !== undefined) {
  // Prints the README's side-by-side results table from a saved report; measures nothing.
  console.log(resultsTable(JSON.parse(readFileSync(flags.table, 'utf8')) as ResultsReport).join('\n'));
  process.exit(0);
}
if (flags.only !== undefined && (!['map', 'rotation', 'drift'].includes(flags.only) || flags.into === undefined)) {
  console.error('eval: --only takes map, rotation or drift, with --into FILE (the report whose section to replace)');
  process.exit(2);
}
const modelsDir = flags.models!;

const started = performance.now();
const index = readManifoldIndex(modelsDir);
const manifolds = (flags.manifold ? flags.manifold.split(',') : index.manifolds.map((m) => m.id)) as ManifoldId[];
for (const m of manifolds) {
  if (!index.manifolds.some((x) => x.id === m)) {
    console.error(`eval: no manifold named ${m}; shipped: ${index.manifolds.map((x) => x.id).join(', ')}`);
    process.exit(2);
  }
}
const seedKind = flags.only === 'drift' ? 'drift' : 'seed';
const jobs: EvalJob[] = flags.only === 'rotation' ? [] : manifolds.flatMap((manifold) => [
  ...(flags.only === 'map' ? [] : trainedSeeds(modelsDir, manifold).map((seed): EvalJob => ({ kind: seedKind, manifold, seed, quick: flags.quick, modelsDir }))),
  ...(flags.only === 'drift' ? [] : [{ kind: 'map', manifold, quick: flags.quick, modelsDir } as EvalJob]),
]);
// The rotation experiment (npm run train:rotation), when its models are there.
const rotationJobs: EvalJob[] =
  flags.only !== 'map' && flags.only !== 'drift' && (flags.into === undefined || flags.only === 'rotation') && rotationModelsExist(modelsDir) ? ROTATION_MANIFOLDS.map((manifold): EvalJob => ({ kind: 'rotation', manifold, quick: flags.quick, modelsDir })) : [];
jobs.push(...rotationJobs);
const worker = new URL('../src/model/node/eval-worker.ts', import.meta.url);
const lanes = flags.lanes ? Number(flags.lanes) : cpuLanes();
console.error(`eval: ${jobs.length} jobs, ${lanes} at a time`);
const results = await inPool(jobs, lanes, async (job) => {
  const name = `${job.manifold} ${job.seed !== undefined ? `seed ${job.seed}` : job.kind}`;
  const t = performance.now();
  const result = await runInWorker<EvalJob, EvalJobResult>(worker, job, (s) => console.error(`${name}: ${s}`));
  console.error(`${name}: done in ${((performance.now() - t) / 1000).toFixed(0)} s`);
  return result;
});

if (flags.only === 'rotation') {
  if (rotationJobs.length === 0) throw new Error(`eval: no rotation models under ${modelsDir} (npm run train:rotation)`);
  const into = JSON.parse(readFileSync(flags.into!, 'utf8')) as { rotation?: Record<string, RotationReport> };
  into.rotation = Object.fromEntries(jobs.map((job, i) => [job.manifold, (results[i] as Extract<EvalJobResult, { kind: 'rotation' }>).report]));
  writeFileSync(flags.into!, `${JSON.stringify(into)}\n`);
  console.error(`eval: replaced the rotation section in ${flags.into}`);
  console.log(JSON.stringify(into.rotation));
  process.exit(0);
}
if (flags.only === 'map') {
  const into = JSON.parse(readFileSync(flags.into!, 'utf8')) as { manifolds: Record<string, { projection: MapReport }> };
  jobs.forEach((job, i) => {
    const r = results[i]!;
    const m = into.manifolds[job.manifold];
    if (r.kind !== 'map' || m === undefined) throw new Error(`eval: ${flags.into} has no manifold ${job.manifold} to put its map in`);
    m.projection = r.report;
  });
  writeFileSync(flags.into!, `${JSON.stringify(into)}\n`);
  console.error(`eval: replaced the maps in ${flags.into}`);
  for (const [id, m] of Object.entries(into.manifolds)) console.log(`${id}: ${JSON.stringify(m.projection.held_out)}`);
  process.exit(0);
}

if (flags.only === 'drift') {
  const into = JSON.parse(readFileSync(flags.into!, 'utf8')) as { manifolds: Record<string, ManifoldReport> };
  jobs.forEach((job, i) => {
    const r = results[i]!;
    const seed = into.manifolds[job.manifold]?.seeds[String(job.seed)];
    if (r.kind !== 'drift' || seed === undefined) throw new Error(`eval: ${flags.into} has no ${job.manifold} seed ${job.seed} to put its distances in`);
    seed.off_manifold = r.report;
  });
  for (const m of Object.values(into.manifolds)) m.summary = summariseSeeds(new Map(Object.entries(m.seeds).map(([s, r]) => [Number(s), headline(r)])));
  writeFileSync(flags.into!, `${JSON.stringify(into)}\n`);
  console.error(`eval: put the off-manifold distances in ${flags.into}`);
  for (const [id, m] of Object.entries(into.manifolds)) console.log(`${id}: grounded ${m.summary.worst.grounded_off_manifold}x, ungrounded ${m.summary.worst.ungrounded_off_manifold}x (worst seeds)`);
  process.exit(0);
}

interface ManifoldReport {
  recipe: string;
  signal: string;
  shipped_seed: number;
  seeds: Record<string, EvalReport>;
  summary: SeedSummary;
  projection: MapReport;
}

interface FullReport {
  judge: EvalReport['judge'] | null;
  split: EvalReport['split'] | null;
  default: string;
  default_reason: string;
  manifolds: Record<string, ManifoldReport>;
  /** Steering to a target digit, per manifold on its shipped seed (every seed's is under manifolds). */
  control: Record<string, EvalReport['control'] & { seed: number }>;
  /** The rotation experiment per manifold (plain-ae, ssl, ssl-no-rotation), when its models exist. */
  rotation?: Record<string, RotationReport>;
  seconds: number;
}
const report: FullReport = flags.into !== undefined
  ? { ...(JSON.parse(readFileSync(flags.into, 'utf8')) as FullReport), default: index.default, default_reason: index.reason }
  : {
      judge: null,
      split: null,
      default: index.default,
      default_reason: index.reason,
      manifolds: {},
      control: {},
      seconds: 0,
    };
for (const manifold of manifolds) {
  const manifest = readManifest(manifestFile(modelsDir, manifold));
  const seeds: Record<string, EvalReport> = {};
  let projection: MapReport | null = null;
  jobs.forEach((job, i) => {
    if (job.manifold !== manifold) return;
    const r = results[i]!;
    if (r.kind === 'seed') seeds[String(job.seed)] = r.report;
    else if (r.kind === 'map') projection = r.report;
  });
  const first = Object.values(seeds)[0]!;
  report.judge ??= first.judge;
  report.split ??= first.split;
  report.manifolds[manifold] = {
    recipe: manifest.recipe,
    signal: manifest.signal,
    shipped_seed: manifest.seed,
    seeds,
    summary: summariseSeeds(new Map(Object.entries(seeds).map(([s, r]) => [Number(s), headline(r)]))),
    projection: projection!,
  };
  const shipped = seeds[String(manifest.seed)];
  if (shipped) report.control[manifold] = { seed: manifest.seed, ...shipped.control };
}
if (rotationJobs.length > 0) {
  report.rotation = {};
  jobs.forEach((job, i) => {
    const r = results[i]!;
    if (r.kind === 'rotation') report.rotation![job.manifold] = r.report;
  });
}
report.seconds = flags.into !== undefined ? report.seconds : Math.round((performance.now() - started) / 1000);

if (flags.pictures) {
  mkdirSync(flags.pictures, { recursive: true });
  for (const [manifold, m] of Object.entries(report.manifolds)) {
    const file = join(flags.pictures, `attractors-${manifold}.png`);
    writeFileSync(file, attractorPicture(m.seeds[String(m.shipped_seed)]!.attractors_u0));
    console.error(`eval: wrote ${file}`);
  }
}
const text = JSON.stringify(report);
const outFile = flags.out ?? flags.into;
if (outFile) {
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, `${text}\n`);
  console.error(`eval: wrote ${outFile}`);
  // The figures the stage quotes follow the full report (a --manifold subset alone leaves them be;
  // one merged into the full report does not).
  if ((flags.manifold === undefined || flags.into !== undefined) && !flags.quick) {
    const figures = join(modelsDir, 'stage-figures.json');
    writeFileSync(figures, `${JSON.stringify(stageFigures(report as unknown as EvalReportView, outFile), null, 1)}\n`);
    console.error(`eval: wrote ${figures}`);
  }
}
if (flags.json) console.log(text);
else printEvalTable(report);
