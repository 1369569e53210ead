/**
 * npm run bench:gpu [-- --quick] [--sizes 16384,100000] [--manifold ID] [--models DIR]
 *                   [--require-hardware] [--budget-ms N] [--out FILE]
 * The field step on a real WebGPU adapter from Node (Dawn), no browser: the page's fused WGSL kernel
 * and the tfjs-webgpu step, checked against each other, then timed at each particle count; then a
 * lost device replaced ten times (two with --quick), timed from the new device to the first step on
 * it (scripts/gpu/recovery-bench.ts). Prints one JSON line. Without a hardware adapter it runs on
 * SwiftShader (and says which driver ran and why) unless --require-hardware. Exit code 1 when the kernel disagrees with tfjs, or a restart with the start.
 */
import * as tf from '@tensorflow/tfjs';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { encodeImages } from '../src/model/evaluate';
import { openDawn, useWebGpuBackend } from '../src/model/node/dawn';
import { loadManifold, MODELS_DIR, readManifestFile, readManifoldIndex } from '../src/model/node/shipped';
import { parseRecipe, manifoldId, type ManifoldId } from '../src/model/recipes';
import type { FieldNetworks, SizeResult } from './gpu/field-bench';
import { knownPeak } from './gpu/peaks';
import { exitWithHelp } from './lib/help.mjs';

exitWithHelp(`npm run bench:gpu [-- --quick] [--sizes 16384,100000] [--manifold ID] [--models DIR]
                  [--require-hardware] [--budget-ms N] [--out FILE]
  --quick             256 and 1,024 particles, 200 digits, two device restarts (default: the full run)
  --sizes             particle counts, comma-separated (default 16384,100000,1000000,4000000,10000000)
  --manifold          the manifold whose networks step the field (default: the shipped default)
  --models            the models folder (default assets/models)
  --require-hardware  fail rather than fall back to SwiftShader when there is no hardware adapter
  --budget-ms         milliseconds of timing for each kernel at each particle count (default 3000; 200 with --quick)
  --out               also write the result, indented, to FILE
  -h, --help          this text; installs, opens and measures nothing`);

const { values: flags } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    sizes: { type: 'string' },
    manifold: { type: 'string' },
    models: { type: 'string', default: MODELS_DIR },
    'require-hardware': { type: 'boolean', default: false },
    'budget-ms': { type: 'string' },
    out: { type: 'string' },
  },
});

function fail(message: string): never {
  console.error(`bench:gpu: ${message}`);
  process.exit(2);
}

const FULL_SIZES = [16_384, 100_000, 1_000_000, 4_000_000, 10_000_000];
const QUICK_SIZES = [256, 1024];
const sizes = flags.sizes ? flags.sizes.split(',').map(Number) : flags.quick ? QUICK_SIZES : FULL_SIZES;
if (sizes.some((n) => !Number.isInteger(n) || n < 1 || n > 100_000_000)) fail(`--sizes takes particle counts like 16384,100000; got ${flags.sizes}`);
const budgetMs = flags['budget-ms'] ? Number(flags['budget-ms']) : flags.quick ? 200 : 3000;
if (!(budgetMs > 0)) fail(`--budget-ms takes a positive number; got ${flags['budget-ms']}`);

const started = performance.now();
const phase = (name: string) => console.error(`bench:gpu: ${name} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
const dawn = await openDawn({ allowSoftware: !flags['require-hardware'] }).catch((e: Error) => fail(e.message));
console.error(`bench:gpu: ${dawn.info.software ? 'software' : 'hardware'} adapter ${JSON.stringify(dawn.info)}; Vulkan driver ${dawn.driver.driver}: ${dawn.driver.reason}`);
await useWebGpuBackend(dawn.device);
// The kernel's module reads GPUBufferUsage when it loads: only after Dawn's globals are installed.
const { FusedField } = await import('../src/engine/backends/webgpu/fused-field');
const { checkEquivalence, timeFused, timeTfjs } = await import('./gpu/field-bench');

const modelsDir = flags.models!;
let manifold: ManifoldId;
try {
  manifold = flags.manifold ? manifoldId(parseRecipe(flags.manifold)) : readManifoldIndex(modelsDir).default;
} catch (e) {
  fail((e as Error).message);
}
const loaded = await loadManifold(manifold, modelsDir);
const training = loaded.manifest.digits.training;
const pixels = readManifestFile(loaded, training.file);
// Particle states are made from real latents; --quick encodes 200 digits (software adapters are slow).
const digits = flags.quick ? Math.min(200, training.count) : training.count;
const images = Float32Array.from(pixels.subarray(0, digits * 784), (v) => v / 255);
const latents = await encodeImages(loaded.models.encoder, images);
const net: FieldNetworks = { dynamics: loaded.models.dynamics, projector: loaded.models.projector, latents, dim: latents.length / digits };

phase('models loaded, training digits encoded');
const probe = FusedField.create(dawn.device, net.dynamics, net.projector, { referenceSpeed: 1 });
const flopsPerParticle = probe.flopsPerParticle;
const tile = probe.tile;
probe.dispose();

// fp32 in a different order (tiles, fused multiply-adds) against tfjs's kernels: 1e-4 is what the
// browser test holds on SwiftShader; a real GPU's FMA may differ a little more.
const equivalence = await checkEquivalence(dawn.device, net, flags.quick ? 256 : 4096, 1e-3);
console.error(`bench:gpu: equivalence at ${equivalence.n} rows: max |dz| ${equivalence.maxZ.toExponential(2)}, max |dxyz| ${equivalence.maxPosition.toExponential(2)}`);

const peak = knownPeak(`${dawn.info.description} ${dawn.info.device} ${dawn.info.vendor}`);
const timeOptions = { budgetMs, minSteps: flags.quick ? 1 : 5, maxSteps: 200, peakGflops: peak?.gflops ?? null };
const results: SizeResult[] = [];
for (const n of sizes) {
  const fused = await timeFused(dawn.device, net, n, timeOptions);
  const tfjsStep = await timeTfjs(dawn.device.limits.maxStorageBufferBindingSize, net, n, flopsPerParticle, timeOptions);
  results.push({ n, fused, tfjs: tfjsStep });
  console.error(`bench:gpu: N=${n} fused ${'msPerStep' in fused ? `${fused.msPerStep} ms` : fused.skipped}, tfjs ${'msPerStep' in tfjsStep ? `${tfjsStep.msPerStep} ms` : tfjsStep.skipped}`);
}

const limits = dawn.device.limits;
const tensorsLeft = tf.memory().numTensors;
phase('a lost device, replaced');
const { timeRecoveries } = await import('./gpu/recovery-bench');
const recovery = await timeRecoveries(dawn.device, {
  open: async () => (await openDawn({ allowSoftware: !flags['require-hardware'] })).device,
  useDevice: useWebGpuBackend,
  load: async () => {
    const { models } = await loadManifold(manifold, modelsDir);
    return { models: { encoder: models.encoder, decoder: models.decoder, dynamics: models.dynamics }, projector: models.projector };
  },
  latents,
  labels: Int32Array.from(training.labels.slice(0, digits)),
  particles: flags.quick ? 256 : 16_384,
  rounds: flags.quick ? 2 : 10,
});
console.error(`bench:gpu: recovery: new device to first step median ${recovery.firstStepMs.median} ms (max ${recovery.firstStepMs.max} ms), positions within ${recovery.maxPositionDiff.toExponential(2)} of the first device's`);
const result = {
  schema: 'latentflow-bench-gpu/1',
  command: `npm run bench:gpu -- ${process.argv.slice(2).join(' ')}`.trim(),
  date: new Date().toISOString(),
  quick: flags.quick,
  adapter: {
    ...dawn.info,
    icd: dawn.icd,
    driver: { choice: dawn.driver.driver, reason: dawn.driver.reason, systemIcds: dawn.driver.systemIcds },
    timestampQuery: dawn.device.features.has('timestamp-query'),
    limits: { maxBufferSize: limits.maxBufferSize, maxStorageBufferBindingSize: limits.maxStorageBufferBindingSize, maxComputeWorkgroupStorageSize: limits.maxComputeWorkgroupStorageSize },
  },
  peak,
  models: { manifold, seed: loaded.manifest.seed },
  kernel: { flopsPerParticle, tile, timedBy: 'steps submitted back to back, then onSubmittedWorkDone (fused); a one-value read of the last output (tfjs)' },
  equivalence,
  sizes: results,
  recovery,
  tensorsLeft,
  elapsedS: Math.round((performance.now() - started) / 100) / 10,
};
const line = JSON.stringify(result);
if (flags.out) {
  mkdirSync(dirname(flags.out), { recursive: true });
  writeFileSync(flags.out, `${JSON.stringify(result, null, 2)}\n`);
}
console.log(line);
// The recovery rounds destroyed the bench's device and their own.
process.exit(equivalence.ok && recovery.maxPositionDiff < 1e-4 ? 0 : 1);
