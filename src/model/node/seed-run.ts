/**
 * One training run of one recipe and seed: the pipeline (grounding, dynamics, DaD rounds), written
 * as assets/models/<manifold>/seed-<n>/ (networks, latents, seed.json). The 3D map comes later,
 * for the seed a manifold ships only (seed-map-files.ts). Runs in the main thread or in a worker
 * (seed-worker.ts); the judge is read from disk.
 */
import * as tf from '@tensorflow/tfjs';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { firstOfEachClass, selectSplit, type DigitSource } from '../dataset';
import { encodeImages } from '../evaluate';
import { fromUint8Pixels, MANIFEST_VERSION, toUint8Pixels, type SeedRecord } from '../manifest';
import { LOCAL_THREADS, trainCounting, trainGrounding } from '../pipeline';
import { MAP_FILES } from './seed-map-files';
import { HELPER_THREADS } from './shard-helper';
import { manifoldId, recipeConfig, recipeSignal, type Recipe } from '../recipes';
import type { ProgressListener } from '../training';
import { measureValidationStory } from '../seed-story';
import { loadMnistPackage, mnistPackageVersion } from './mnist-source';
import { saveModel } from './model-files';
import { JUDGE_FOLDER, loadJudge } from './shipped';

export interface SeedRunOptions {
  recipe: Recipe;
  seed: number;
  quick: boolean;
  /** assets/models (or a scratch copy): the seed's folder goes under <manifold>/. */
  modelsDir: string;
  /** Share every grounding and dynamics minibatch with a helper thread (same weights, about twice as fast). */
  helper?: boolean;
  /** Where tfjs computes: the wasm CPU kernels (default) or tfjs-backend-webgpu on a Dawn adapter. */
  backend?: TrainingBackend;
}

export type TrainingBackend = 'wasm' | 'webgpu';

export const SPLIT_NOTES = {
  training: 'items 0..99 of each class (1,000 digits): the only digits the autoencoder and dynamics see',
  validation: 'items 400..499 of each class: every choice (DaD rounds kept, seed shipped, default manifold)',
  heldOut: 'items 500..599 of each class (1,000 digits): every reported metric',
  reference: 'every other digit (about 7,000): the judge is trained on these alone; the UMAP fit (with training)',
};

/** Digits shipped once for every manifold, in assets/data, relative to a seed folder. */
export const SHARED_DIGITS = { training: '../../../data/training.u8', heldOut: '../../../data/heldout.u8' };

/** Writes the shared digits (assets/data beside assets/models): the same for every manifold and seed. */
export function writeSharedDigits(modelsDir: string, source: DigitSource): void {
  const dataDir = join(modelsDir, '..', 'data');
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(join(dataDir, 'training.u8'), toUint8Pixels(selectSplit(source, 'training').images));
  writeFileSync(join(dataDir, 'heldout.u8'), toUint8Pixels(selectSplit(source, 'heldOut').images));
}

export async function runSeed(options: SeedRunOptions, onProgress?: ProgressListener, onStage?: (s: string) => void): Promise<SeedRecord> {
  const started = performance.now();
  const config = recipeConfig(options.recipe, options.seed, options.quick);
  const source = loadMnistPackage();
  const judge = await loadJudge(options.modelsDir);
  // With a second core: every minibatch is shared with a helper thread (same weights; the
  // grounding about twice as fast, the dynamics' small steps about 20%).
  const threads = options.helper ? HELPER_THREADS : LOCAL_THREADS;
  const grounding = await trainGrounding(source, config, onProgress, threads);
  const counting = await trainCounting(source, config, grounding, judge, onProgress, threads);
  onStage?.('validation story');
  const validation = firstOfEachClass(selectSplit(source, 'validation'), config.validationPerClass);
  const story = await measureValidationStory({ ...grounding, dynamics: counting.dynamics }, judge, validation, options.quick ? 5 : 20);
  judge.dispose();
  const pipelineSeconds = (performance.now() - started) / 1000;
  const heldOut = selectSplit(source, 'heldOut');

  const folder = join(options.modelsDir, manifoldId(options.recipe), `seed-${options.seed}`);
  mkdirSync(folder, { recursive: true });
  // A map made from an earlier encoder of this seed would no longer match it.
  for (const name of Object.values(MAP_FILES)) rmSync(join(folder, name), { recursive: true, force: true });
  const networks = { encoder: grounding.encoder, decoder: grounding.decoder, dynamics: counting.dynamics };
  for (const name of ['encoder', 'decoder', 'dynamics'] as const) await saveModel(networks[name], join(folder, name));
  const writeBytes = (file: string, bytes: Uint8Array) => {
    writeFileSync(join(folder, file), bytes);
    return file;
  };
  const floats = (v: Float32Array) => new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
  const dynamicsSeconds = counting.summaries.reduce((a, d) => a + d.seconds, 0);
  const manifest: SeedRecord = {
    version: MANIFEST_VERSION,
    manifold: manifoldId(options.recipe),
    recipe: options.recipe,
    signal: recipeSignal(options.recipe),
    created: new Date().toISOString(),
    packages: { '@tensorflow/tfjs': tf.version.tfjs, mnist: mnistPackageVersion(), backend: tf.getBackend(), node: process.version },
    seed: options.seed,
    config,
    splits: SPLIT_NOTES,
    models: {
      encoder: { path: 'encoder', parameters: networks.encoder.countParams() },
      decoder: { path: 'decoder', parameters: networks.decoder.countParams() },
      dynamics: { path: 'dynamics', parameters: networks.dynamics.countParams() },
    },
    judge: { path: `../../${JUDGE_FOLDER}` },
    digits: {
      training: {
        file: SHARED_DIGITS.training,
        count: counting.training.count,
        labels: [...counting.training.labels],
        indices: [...counting.training.indices],
        // Encoded from the shipped uint8 digits: exactly what the page would compute from them.
        latents: writeBytes('latents.f32', floats(await encodeImages(networks.encoder, fromUint8Pixels(toUint8Pixels(counting.training.images))))),
      },
      heldOut: { file: SHARED_DIGITS.heldOut, count: heldOut.count, labels: [...heldOut.labels], indices: [...heldOut.indices] },
    },
    dynamics_stages: counting.stages,
    validation_story: story,
    training_seconds: {
      autoencoder: round1(grounding.summary.seconds),
      dynamics: round1(dynamicsSeconds),
      pipeline: round1(pipelineSeconds),
      // The map's seconds are added to it when this seed gets one.
      total: round1((performance.now() - started) / 1000),
    },
    samples_per_second: {
      autoencoder: Math.round(grounding.summary.samplesPerSecond),
      dynamics: Math.round(counting.summaries[0]!.samplesPerSecond),
    },
    final_losses: { autoencoder: grounding.summary.epochLosses.at(-1)!, dynamics: counting.summaries.at(-1)!.epochLosses.at(-1)! },
    epoch_losses: { autoencoder: grounding.summary.epochLosses, dynamics: counting.summaries.map((s) => s.epochLosses) },
  };
  writeFileSync(join(folder, 'seed.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  for (const model of Object.values(networks)) model.dispose();
  return manifest;
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
