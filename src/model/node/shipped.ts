import type * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseManifest, type Manifest } from '../manifest';
import type { TrainedModels } from '../pipeline';
import { loadModel } from './model-files';

/** The repository's shipped assets folder, resolved from this file so any cwd works. */
export const ASSETS_DIR = join(import.meta.dirname, '..', '..', '..', 'assets');
export const MODELS_DIR = join(ASSETS_DIR, 'models');

export function readManifest(modelsDir = MODELS_DIR): Manifest {
  return parseManifest(readFileSync(join(modelsDir, 'manifest.json'), 'utf8'));
}

/** Loads the five shipped networks named by the manifest. */
export async function loadShippedModels(
  modelsDir = MODELS_DIR,
): Promise<{ manifest: Manifest; models: TrainedModels & { projector: tf.LayersModel } }> {
  const manifest = readManifest(modelsDir);
  const load = (name: keyof Manifest['models']): Promise<tf.LayersModel> =>
    loadModel(join(modelsDir, manifest.models[name].path));
  const [encoder, decoder, dynamics, judge, projector] = await Promise.all(
    (['encoder', 'decoder', 'dynamics', 'judge', 'projector'] as const).map(load),
  );
  return { manifest, models: { encoder: encoder!, decoder: decoder!, dynamics: dynamics!, judge: judge!, projector: projector! } };
}
