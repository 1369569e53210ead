/**
 * The GPU kit's training run (bundled into the kit as train-gpu.mjs): one ssl+labels pipeline, in
 * this process, on tfjs-backend-webgpu over Dawn. Prints one JSON line: the adapter, the time of
 * each stage, every epoch's loss and the validation counting the pipeline measured. `--smoke`
 * instead trains both networks a few steps (seconds, even on a software adapter).
 *   node train-gpu.mjs --models DIR [--quick | --smoke] [--out FILE]
 */
import * as tf from '@tensorflow/tfjs';
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { openDawn, useWebGpuBackend } from '../../src/model/node/dawn';
import { runSeed } from '../../src/model/node/seed-run';
import { JUDGE_FOLDER } from '../../src/model/node/shipped';
import { smokeTrain } from './train-smoke';

const { values: flags } = parseArgs({
  options: {
    models: { type: 'string' },
    quick: { type: 'boolean', default: false },
    smoke: { type: 'boolean', default: false },
    out: { type: 'string' },
    'require-hardware': { type: 'boolean', default: false },
  },
});
if (!flags.models && !flags.smoke) {
  console.error('train-gpu: --models DIR (holding judge/) is required');
  process.exit(2);
}

const started = performance.now();
const dawn = await openDawn({ allowSoftware: !flags['require-hardware'] }).catch((e: Error) => {
  console.error(`train-gpu: ${e.message}`);
  process.exit(2);
});
const adapter = { ...dawn.info, driver: { choice: dawn.driver.driver, reason: dawn.driver.reason, icd: dawn.driver.icd } };
await useWebGpuBackend(dawn.device);
console.error(`train-gpu: ${dawn.info.software ? 'software' : 'hardware'} adapter ${dawn.info.description || dawn.info.device}`);
if (flags.smoke) {
  const smoke = await smokeTrain();
  finish({ schema: 'latentflow-train-gpu/1', date: new Date().toISOString(), smoke: true, adapter, backend: tf.getBackend(), epoch_losses: smoke, seconds: smoke.seconds });
}
// A scratch models folder: the pipeline writes its seed folder and shared digits beside the judge.
const scratch = join(mkdtempSync(join(tmpdir(), 'latentflow-train-')), 'models');
mkdirSync(scratch, { recursive: true });
cpSync(join(flags.models!, JUDGE_FOLDER), join(scratch, JUDGE_FOLDER), { recursive: true });
let last = 0;
const manifest = await runSeed(
  { recipe: 'ssl+labels', seed: 1, quick: flags.quick, modelsDir: scratch, backend: 'webgpu' },
  (p) => {
    if (performance.now() - last < 5000) return;
    last = performance.now();
    console.error(`train-gpu: ${p.phase} epoch ${p.epoch + 1}/${p.epochs} batch ${p.batch + 1}/${p.batches} loss ${p.loss.toFixed(5)}`);
  },
  (stage) => console.error(`train-gpu: ${stage}`),
);
const result = {
  schema: 'latentflow-train-gpu/1',
  date: new Date().toISOString(),
  quick: flags.quick,
  adapter,
  backend: manifest.packages.backend,
  seconds: Math.round((performance.now() - started) / 100) / 10,
  training_seconds: manifest.training_seconds,
  samples_per_second: manifest.samples_per_second,
  final_losses: manifest.final_losses,
  epoch_losses: manifest.epoch_losses,
  dynamics_stages: manifest.dynamics_stages,
};
finish(result);

function finish(result: object): never {
  if (flags.out) {
    mkdirSync(dirname(flags.out), { recursive: true });
    writeFileSync(flags.out, `${JSON.stringify(result, null, 2)}\n`);
  }
  console.log(JSON.stringify(result));
  dawn.device.destroy();
  process.exit(0);
}
