/**
 * The rotation scene's bundle: the `scene` section of models/rotation.json (written by
 * `npm run train:rotation`) names, for each of the three manifolds, its encoder, decoder, rotation
 * dynamics and the 3D map of the reference digits' latents; and the digits themselves (the
 * training digits the maps were fitted on, and the held-out digits a visitor starts from).
 */
import type * as tf from '@tensorflow/tfjs';
import { BundleError, fetchNetwork, loadBytes, loadDigits, networkFromFiles, type NetworkFiles } from './bundle';
import type { ShippedDigits } from './manifest';
import { MAP_DIM } from './map-fidelity';
import type { LatentModels } from './rollout';
import { ROTATION_MANIFOLDS, type RotationManifold } from './rotation';

export interface RotationSceneManifold {
  id: RotationManifold;
  /** How the page names it. */
  title: string;
  /** What its encoder was trained to do, in a phrase. */
  signal: string;
  /** Folders (relative to models/) holding each network's model.json. */
  encoder: string;
  decoder: string;
  rotation: string;
  /** float32 (references.count x 3): the UMAP map of the reference digits' latents, normalised to about [-1, 1]. */
  map: string;
}

export interface RotationSceneRecord {
  maxRotationDeg: number;
  references: ShippedDigits;
  starts: ShippedDigits;
  manifolds: RotationSceneManifold[];
}

export interface LoadedRotationManifold {
  info: RotationSceneManifold;
  models: LatentModels;
  /** references.count x 3. */
  map: Float32Array;
}

export interface RotationScene {
  record: RotationSceneRecord;
  references: { images: Float32Array; labels: Int32Array; count: number };
  starts: { images: Float32Array; labels: Int32Array; count: number };
  manifolds: LoadedRotationManifold[];
  dispose(): void;
}

const isDigits = (d: unknown): d is ShippedDigits => {
  const r = d as Partial<ShippedDigits> | null;
  return typeof r?.file === 'string' && Number.isInteger(r.count) && Array.isArray(r.labels) && r.labels.length === r.count;
};

/** Checks the `scene` section of rotation.json; throws with what is wrong. */
export function parseRotationScene(json: unknown): RotationSceneRecord {
  const root = json as { max_rotation_deg?: unknown; scene?: Partial<RotationSceneRecord> } | null;
  if (typeof root !== 'object' || root === null) throw new Error('is not a JSON object');
  const scene = root.scene;
  if (typeof scene !== 'object' || scene === null) throw new Error('has no "scene" section (run npm run train:rotation)');
  if (typeof root.max_rotation_deg !== 'number' || !(root.max_rotation_deg > 0)) throw new Error('has no positive max_rotation_deg');
  if (!isDigits(scene.references)) throw new Error('scene.references is not a digit file with its labels');
  if (!isDigits(scene.starts)) throw new Error('scene.starts is not a digit file with its labels');
  const manifolds = Array.isArray(scene.manifolds) ? scene.manifolds : [];
  for (const id of ROTATION_MANIFOLDS) {
    const m = manifolds.find((x) => x?.id === id);
    if (m === undefined) throw new Error(`scene.manifolds has no ${id}`);
    for (const key of ['title', 'signal', 'encoder', 'decoder', 'rotation', 'map'] as const) {
      if (typeof m[key] !== 'string') throw new Error(`scene.manifolds ${id} has no ${key}`);
    }
  }
  return { maxRotationDeg: root.max_rotation_deg, references: scene.references, starts: scene.starts, manifolds: ROTATION_MANIFOLDS.map((id) => manifolds.find((m) => m.id === id)!) };
}

/**
 * Everything the scene's files hold, fetched and checked, on no device: the engine's start cache
 * in small. A restart after a lost GPU makes the networks again from these without a download.
 */
export interface RotationSceneFiles {
  record: RotationSceneRecord;
  references: RotationScene['references'];
  starts: RotationScene['starts'];
  manifolds: { info: RotationSceneManifold; networks: Record<keyof LatentModels, NetworkFiles>; map: Float32Array }[];
}

/** Fetches models/rotation.json under `base` and everything it names; a missing or bad file is a BundleError naming it. */
export async function fetchRotationScene(base: string): Promise<RotationSceneFiles> {
  const folder = `${base}/models`;
  const url = `${folder}/rotation.json`;
  let record: RotationSceneRecord;
  try {
    const response = await fetch(url);
    const html = /text\/html/i.test(response.headers.get('content-type') ?? '');
    if (!response.ok || html) throw new Error(html ? 'not found (the server answered with an HTML page)' : `HTTP ${response.status}`);
    record = parseRotationScene(JSON.parse(await response.text()) as unknown);
  } catch (e) {
    throw new BundleError(url, (e as Error).message);
  }
  const net = (path: string) => fetchNetwork(`${folder}/${path}/model.json`);
  const [references, starts, manifolds] = await Promise.all([
    loadDigits(folder, record.references),
    loadDigits(folder, record.starts),
    Promise.all(
      record.manifolds.map(async (info) => {
        const [encoder, decoder, dynamics, bytes] = await Promise.all([net(info.encoder), net(info.decoder), net(info.rotation), loadBytes(`${folder}/${info.map}`, record.references.count * MAP_DIM * 4)]);
        const map = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
        if (!map.every(Number.isFinite)) throw new BundleError(`${folder}/${info.map}`, 'holds values that are not finite');
        return { info, networks: { encoder, decoder, dynamics }, map };
      }),
    ),
  ]);
  return { record, references, starts, manifolds };
}

/** The scene's networks made on the active tfjs backend from its fetched files. */
export async function buildRotationScene(files: RotationSceneFiles): Promise<RotationScene> {
  const networks: tf.LayersModel[] = [];
  const make = async (net: NetworkFiles) => {
    const model = await networkFromFiles(net);
    networks.push(model);
    return model;
  };
  try {
    const manifolds = await Promise.all(
      files.manifolds.map(async ({ info, networks: n, map }): Promise<LoadedRotationManifold> => {
        const [encoder, decoder, dynamics] = await Promise.all([make(n.encoder), make(n.decoder), make(n.dynamics)]);
        return { info, models: { encoder, decoder, dynamics }, map };
      }),
    );
    return { record: files.record, references: files.references, starts: files.starts, manifolds, dispose: () => networks.forEach((n) => n.dispose()) };
  } catch (e) {
    networks.forEach((n) => n.dispose());
    throw e;
  }
}
