import type * as tf from '@tensorflow/tfjs';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseManifest, parseManifoldIndex, parseSeedRecord, resolveFrom, type Manifest, type ManifoldIndex, type SeedRecord } from '../manifest';
import type { ManifoldId } from '../recipes';
import type { LatentModels } from '../rollout';
import { loadModel } from './model-files';

/** The repository's shipped assets folder, resolved from this file so any cwd works. */
export const ASSETS_DIR = join(import.meta.dirname, '..', '..', '..', 'assets');
export const MODELS_DIR = join(ASSETS_DIR, 'models');
/** The project's judge, shared by every manifold and seed. */
export const JUDGE_FOLDER = 'judge';

export function readManifoldIndex(modelsDir = MODELS_DIR): ManifoldIndex {
  return parseManifoldIndex(readFileSync(join(modelsDir, 'index.json'), 'utf8'));
}

/** A manifold's manifest (its chosen seed), or one trained seed's own record. */
export function manifestFile(modelsDir: string, manifold: ManifoldId, seed?: number): string {
  return seed === undefined ? join(modelsDir, manifold, 'manifest.json') : join(modelsDir, manifold, `seed-${seed}`, 'seed.json');
}

export function readManifest(file: string): Manifest {
  return parseManifest(readFileSync(file, 'utf8'), file);
}

export function readSeedRecord(file: string): SeedRecord {
  return parseSeedRecord(readFileSync(file, 'utf8'), file);
}

/** Seeds trained for a manifold (its seed-<n> folders), ascending. */
export function trainedSeeds(modelsDir: string, manifold: ManifoldId): number[] {
  const folder = join(modelsDir, manifold);
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .map((name) => /^seed-(\d+)$/.exec(name)?.[1])
    .filter((s): s is string => s !== undefined && existsSync(join(folder, `seed-${s}`, 'seed.json')))
    .map(Number)
    .sort((a, b) => a - b);
}

export function loadJudge(modelsDir = MODELS_DIR): Promise<tf.LayersModel> {
  return loadModel(join(modelsDir, JUDGE_FOLDER));
}

export interface LoadedManifold {
  manifest: Manifest;
  /** The folder the manifest's paths are relative to. */
  folder: string;
  models: LatentModels & { projector: tf.LayersModel };
}

export interface LoadedSeed {
  record: SeedRecord;
  folder: string;
  /** The projector only where the record has one (the seed a manifold ships). */
  models: LatentModels & { projector?: tf.LayersModel };
}

/** Loads a manifold's networks as its manifest names them (its shipped seed's). */
export async function loadManifold(manifold: ManifoldId, modelsDir = MODELS_DIR): Promise<LoadedManifold> {
  const file = manifestFile(modelsDir, manifold);
  const manifest = readManifest(file);
  const { models } = await loadNetworks(manifest, dirname(file));
  return { manifest, folder: dirname(file), models: { ...models, projector: models.projector! } };
}

/** Loads one trained seed's networks as its seed.json names them. */
export async function loadSeed(manifold: ManifoldId, seed: number, modelsDir = MODELS_DIR): Promise<LoadedSeed> {
  const file = manifestFile(modelsDir, manifold, seed);
  const record = readSeedRecord(file);
  return { record, folder: dirname(file), ...(await loadNetworks(record, dirname(file))) };
}

async function loadNetworks(record: SeedRecord, folder: string): Promise<Pick<LoadedSeed, 'models'>> {
  const load = (path: string) => loadModel(resolveFrom(folder, path));
  const { encoder, decoder, dynamics, projector } = record.models;
  const [e, d, f, p] = await Promise.all([load(encoder.path), load(decoder.path), load(dynamics.path), projector ? load(projector.path) : undefined]);
  return { models: { encoder: e, decoder: d, dynamics: f, ...(p ? { projector: p } : {}) } };
}

/** A file the manifest names (map positions, digits), as bytes. */
export function readManifestFile(loaded: Pick<LoadedManifold, 'folder'>, path: string): Uint8Array {
  return new Uint8Array(readFileSync(resolveFrom(loaded.folder, path)));
}
