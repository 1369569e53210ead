/**
 * Loads the rotation experiment's models (npm run train:rotation): for each of the three manifolds
 * its encoder, decoder and rotation dynamics. The ssl manifold's encoder and decoder are the
 * shipped seed's; its rotation dynamics sits beside its manifest.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { LatentModels } from '../rollout';
import { ROTATION_MANIFOLDS, type RotationManifold } from '../rotation';
import { loadModel } from './model-files';
import { loadManifold, MODELS_DIR } from './shipped';

/** The training record npm run train:rotation writes; its presence says the models exist. */
export const rotationRecordFile = (modelsDir = MODELS_DIR): string => join(modelsDir, 'rotation.json');

export function rotationModelsExist(modelsDir = MODELS_DIR): boolean {
  return existsSync(rotationRecordFile(modelsDir)) && ROTATION_MANIFOLDS.every((m) => existsSync(join(modelsDir, m, 'rotation', 'model.json')));
}

export async function loadRotationModels(manifold: RotationManifold, modelsDir = MODELS_DIR): Promise<LatentModels> {
  const dynamics = await loadModel(join(modelsDir, manifold, 'rotation'));
  if (manifold === 'ssl') {
    const { models } = await loadManifold('ssl', modelsDir);
    return { encoder: models.encoder, decoder: models.decoder, dynamics };
  }
  const [encoder, decoder] = await Promise.all(['encoder', 'decoder'].map((n) => loadModel(join(modelsDir, manifold, n))));
  return { encoder: encoder!, decoder: decoder!, dynamics };
}
