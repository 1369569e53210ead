import * as tf from '@tensorflow/tfjs';
import { PIXELS } from './dataset';
import { fromUint8Pixels, parseManifest, type Manifest, type ShippedDigits } from './manifest';
import type { LatentModels } from './rollout';

/** The shipped models and digits, as the browser loads them from a URL. */
export interface ModelBundle {
  manifest: Manifest;
  models: LatentModels & { judge: tf.LayersModel | null };
  heldOut: { images: Float32Array; labels: Int32Array; count: number };
  training: { images: Float32Array; labels: Int32Array; count: number };
}

/** A load failure that names the file and what was wrong with it, for the page to show. */
export class BundleError extends Error {
  constructor(readonly file: string, reason: string) {
    super(`${file}: ${reason}`);
    this.name = 'BundleError';
  }
}

async function fetchOk(url: string): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(url);
  } catch (e) {
    throw new BundleError(url, `could not be fetched (${(e as Error).message})`);
  }
  if (!res.ok) throw new BundleError(url, `HTTP ${res.status} ${res.statusText}`.trim());
  return res;
}

async function loadNetwork(url: string): Promise<tf.LayersModel> {
  try {
    return await tf.loadLayersModel(url);
  } catch (e) {
    throw new BundleError(url, `is not a loadable tfjs model (${(e as Error).message})`);
  }
}

async function loadDigits(base: string, digits: ShippedDigits): Promise<ModelBundle['heldOut']> {
  const url = `${base}/${digits.file}`;
  const bytes = new Uint8Array(await (await fetchOk(url)).arrayBuffer());
  if (bytes.length !== digits.count * PIXELS) {
    throw new BundleError(url, `holds ${bytes.length} bytes, expected ${digits.count} digits x ${PIXELS}`);
  }
  return { images: fromUint8Pixels(bytes), labels: Int32Array.from(digits.labels), count: digits.count };
}

/**
 * Loads manifest.json, the networks it names and the shipped digits from `base` (the folder
 * that holds models/ and data/). The judge is optional: the page can run without it.
 */
export async function loadBundle(base: string): Promise<ModelBundle> {
  const manifestUrl = `${base}/models/manifest.json`;
  let manifest: Manifest;
  try {
    manifest = parseManifest(await (await fetchOk(manifestUrl)).text());
  } catch (e) {
    throw e instanceof BundleError ? e : new BundleError(manifestUrl, (e as Error).message);
  }
  const modelUrl = (name: keyof Manifest['models']) => `${base}/models/${manifest.models[name].path}/model.json`;
  const [encoder, decoder, dynamics, judge, heldOut, training] = await Promise.all([
    loadNetwork(modelUrl('encoder')),
    loadNetwork(modelUrl('decoder')),
    loadNetwork(modelUrl('dynamics')),
    manifest.models.judge ? loadNetwork(modelUrl('judge')).catch(() => null) : Promise.resolve(null),
    loadDigits(base, manifest.digits.heldOut),
    loadDigits(base, manifest.digits.training),
  ]);
  return { manifest, models: { encoder, decoder, dynamics, judge }, heldOut, training };
}
