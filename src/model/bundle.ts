import * as tf from '@tensorflow/tfjs';
import { PIXELS } from './dataset';
import { fromUint8Pixels, parseManifest, type Manifest, type ShippedDigits } from './manifest';
import type { LatentModels } from './rollout';

/** The 3D map: where the shipped digits sit, and the network that places any latent. */
export interface LatentMap {
  /** 64 -> 3, raw latents to normalised map coordinates (the fitted map spans about [-1, 1]). */
  projector: tf.LayersModel;
  /** count x 3: training digits (their UMAP positions) then held-out digits (projector positions). */
  points: Float32Array;
  labels: Int32Array;
  /** count x 784, the digit at each point, for hovering. */
  images: Float32Array;
  count: number;
  /** Every fitted position (training then reference digits, about 8,000), for a denser cloud. */
  cloud: { points: Float32Array; labels: Uint8Array; count: number };
}

/** The shipped models and digits, as the browser loads them from a URL. */
export interface ModelBundle {
  manifest: Manifest;
  models: LatentModels & { judge: tf.LayersModel | null };
  heldOut: { images: Float32Array; labels: Int32Array; count: number };
  training: { images: Float32Array; labels: Int32Array; count: number };
  map: LatentMap;
}

/** A load failure that names the file and what was wrong with it, for the page to show. */
export class BundleError extends Error {
  constructor(readonly file: string, reason: string) {
    super(`${file}: ${reason}`);
    this.name = 'BundleError';
  }
}

/**
 * fetch() that fails with a BundleError naming the file. A dev server (vite) answers a missing
 * file with its index.html and status 200, so an HTML answer for a model or data file is a
 * missing file too, not a parse error three steps later.
 */
async function checkedFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const url = readableUrl(input instanceof Request ? input.url : String(input));
  let res: Response;
  try {
    res = await fetch(input, init);
  } catch (e) {
    throw new BundleError(url, `could not be fetched (${(e as Error).message})`);
  }
  if (!res.ok) throw new BundleError(url, `HTTP ${res.status} ${res.statusText}`.trim());
  if (/text\/html/i.test(res.headers.get('content-type') ?? '') && !/\.html?($|\?)/.test(url)) {
    throw new BundleError(url, 'not found (the server answered with an HTML page)');
  }
  return res;
}

/** tfjs asks for weights as `<folder>/./weights.bin`: name the file the way a person would. */
function readableUrl(url: string): string {
  return url.replace(/\/\.\//g, '/');
}

const fetchOk = (url: string): Promise<Response> => checkedFetch(url);

async function loadNetwork(url: string): Promise<tf.LayersModel> {
  try {
    return await tf.loadLayersModel(url, { fetchFunc: checkedFetch });
  } catch (e) {
    if (e instanceof BundleError) throw e;
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
  const [encoder, decoder, dynamics, judge, projector, heldOut, training, cloudPoints, cloudLabels, heldOutPoints] = await Promise.all([
    loadNetwork(modelUrl('encoder')),
    loadNetwork(modelUrl('decoder')),
    loadNetwork(modelUrl('dynamics')),
    manifest.models.judge ? loadNetwork(modelUrl('judge')).catch(() => null) : Promise.resolve(null),
    loadNetwork(modelUrl('projector')),
    loadDigits(base, manifest.digits.heldOut),
    loadDigits(base, manifest.digits.training),
    loadBytes(`${base}/${manifest.map.positions}`, manifest.map.count * MAP_BYTES),
    loadBytes(`${base}/${manifest.map.labels}`, manifest.map.count),
    loadBytes(`${base}/${manifest.map.heldOutPositions}`, manifest.digits.heldOut.count * MAP_BYTES),
  ]);
  const cloud = { points: new Float32Array(cloudPoints.buffer), labels: cloudLabels, count: manifest.map.count };
  const count = training.count + heldOut.count;
  const points = new Float32Array(count * 3);
  points.set(cloud.points.subarray(0, training.count * 3));
  points.set(new Float32Array(heldOutPoints.buffer), training.count * 3);
  const images = new Float32Array(count * PIXELS);
  images.set(training.images);
  images.set(heldOut.images, training.count * PIXELS);
  const labels = new Int32Array(count);
  labels.set(training.labels);
  labels.set(heldOut.labels, training.count);
  const map: LatentMap = { projector, points, labels, images, count, cloud };
  return { manifest, models: { encoder, decoder, dynamics, judge }, heldOut, training, map };
}

/** Bytes of one map row: three little-endian float32 coordinates. */
const MAP_BYTES = 12;

async function loadBytes(url: string, expected: number): Promise<Uint8Array> {
  const bytes = new Uint8Array(await (await fetchOk(url)).arrayBuffer());
  if (bytes.length !== expected) throw new BundleError(url, `holds ${bytes.length} bytes, expected ${expected}`);
  return bytes;
}
