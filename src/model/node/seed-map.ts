/**
 * A seed's 3D map: UMAP on the training and reference latents, the projector trained to
 * reproduce it, and its fidelity on the held-out latents. Runs in the seed's thread or, while the
 * dynamics train, in a worker of its own (map-worker.ts).
 */
import type * as tf from '@tensorflow/tfjs';
import { selectSplit } from '../dataset';
import { encodeImages } from '../evaluate';
import type { MapSummary } from '../map-summary';
import { buildMap, DEFAULT_UMAP } from '../projection';
import { DEFAULT_PROJECTOR_TRAINING, type ProjectorTraining } from '../projector';
import { concatRows, projectorExtraLatents } from '../projector-data';
import { loadMnistPackage } from './mnist-source';

/** A quick run's map: few layout epochs (a multiple of 3, which umap-js needs). */
const QUICK_UMAP = { ...DEFAULT_UMAP, nEpochs: 30 };
/** A quick run's projector: a few epochs on the fitted points alone (extra latents take minutes). */
const QUICK_PROJECTOR: Partial<ProjectorTraining> = { epochs: 3, data: undefined };

export interface SeedMap {
  /** Normalised positions of the training then reference latents (n x 3). */
  embedding: Float32Array;
  /** The projector's positions of the held-out digits (n x 3). */
  heldOutProjected: Float32Array;
  projector: tf.LayersModel;
  summary: MapSummary;
  /** Labels of the embedding's rows: the training digits' then the reference digits'. */
  labels: Uint8Array;
  rows: { training: number; reference: number };
  seconds: number;
}

export async function buildSeedMap(encoder: tf.LayersModel, seed: number, quick: boolean): Promise<SeedMap> {
  const started = performance.now();
  const source = loadMnistPackage();
  const training = selectSplit(source, 'training');
  const reference = selectSplit(source, 'reference');
  const heldOut = selectSplit(source, 'heldOut');
  // Encoded apart, as npm run eval's refit does, so both fit the very same latents.
  const fitLatents = concatRows([await encodeImages(encoder, training.images), await encodeImages(encoder, reference.images)]);
  const fitImages = concatRows([training.images, reference.images]);
  const dim = fitLatents.length / (training.count + reference.count);
  const projector: ProjectorTraining = { ...DEFAULT_PROJECTOR_TRAINING, ...(quick ? QUICK_PROJECTOR : {}), seed };
  const extra = projector.data ? await projectorExtraLatents(encoder, fitImages, fitLatents, dim, projector.data, seed) : undefined;
  const map = await buildMap(
    fitLatents,
    await encodeImages(encoder, heldOut.images),
    dim,
    { ...(quick ? QUICK_UMAP : DEFAULT_UMAP), seed },
    projector,
    {},
    extra,
  );
  return {
    embedding: map.embedding,
    heldOutProjected: map.heldOut.projected,
    projector: map.projector,
    summary: map.summary,
    labels: Uint8Array.from([...training.labels, ...reference.labels]),
    rows: { training: training.count, reference: reference.count },
    seconds: (performance.now() - started) / 1000,
  };
}
