/**
 * Writes the rotation scene's part of assets/models (the `scene` section of rotation.json and a
 * map per manifold): each manifold's encoder places the 1,000 training digits, UMAP (the shipped
 * map's options) lays them out in 3D, and the page later places rollout latents among them with
 * the neighbour blend. Runs after npm run train:rotation has trained the models.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, normalize } from 'node:path';
import { encodeImages } from '../evaluate';
import { fromUint8Pixels, type ShippedDigits } from '../manifest';
import { DEFAULT_UMAP, fitUmap } from '../projection';
import type { RotationSceneManifold } from '../rotation-scene';
import { ROTATION_MANIFOLDS, type RotationManifold } from '../rotation';
import { loadRotationModels, rotationRecordFile } from './rotation-models';
import { manifestFile, MODELS_DIR, readManifest } from './shipped';

const DESCRIPTIONS: Record<RotationManifold, Pick<RotationSceneManifold, 'title' | 'signal'>> = {
  'plain-ae': { title: 'plain autoencoder', signal: 'reconstruction only, no augmentation' },
  ssl: { title: 'SSL (shipped)', signal: 'augmentation denoising, rotation among the augmentations' },
  'ssl-no-rotation': { title: 'SSL without rotation', signal: 'the same denoising with the rotation augmentation off' },
};

/** A path relative to the ssl manifest's folder, made relative to models/. */
const fromSsl = (path: string): string => normalize(join('ssl', path)).replace(/\\/g, '/');

export async function writeRotationScene(modelsDir = MODELS_DIR, log: (line: string) => void = () => undefined): Promise<void> {
  const ssl = readManifest(manifestFile(modelsDir, 'ssl'));
  const rebase = (d: ShippedDigits): ShippedDigits => ({ file: fromSsl(d.file), count: d.count, labels: d.labels, indices: d.indices });
  const references = rebase(ssl.digits.training);
  const starts = rebase(ssl.digits.heldOut);
  const images = fromUint8Pixels(readFileSync(join(modelsDir, references.file)));
  const manifolds: RotationSceneManifold[] = [];
  for (const id of ROTATION_MANIFOLDS) {
    const models = await loadRotationModels(id, modelsDir);
    const latents = await encodeImages(models.encoder, images);
    const fit = await fitUmap(latents, latents.length / references.count, DEFAULT_UMAP);
    const map = `${id}/rotation-map.f32`;
    writeFileSync(join(modelsDir, map), new Uint8Array(fit.embedding.buffer, fit.embedding.byteOffset, fit.embedding.byteLength));
    log(`${id}: map of ${references.count} training digits in ${fit.seconds.total.toFixed(1)} s`);
    const folders = id === 'ssl' ? { encoder: fromSsl(ssl.models.encoder.path), decoder: fromSsl(ssl.models.decoder.path) } : { encoder: `${id}/encoder`, decoder: `${id}/decoder` };
    manifolds.push({ id, ...DESCRIPTIONS[id], ...folders, rotation: `${id}/rotation`, map });
    Object.values(models).forEach((m) => m.dispose());
  }
  const file = rotationRecordFile(modelsDir);
  const record = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  record.scene = { references, starts, manifolds, umap: DEFAULT_UMAP };
  writeFileSync(file, `${JSON.stringify(record, null, 2)}\n`);
}
