import * as tf from '@tensorflow/tfjs';
import { PIXELS } from './dataset';
import { fromUint8Pixels, parseManifest, parseManifoldIndex, resolveFrom, type Manifest, type ManifoldIndex, type NetworkName, type ShippedDigits } from './manifest';
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
  /** The training digits' latents (count x latent dim) when the bundle ships them; else the page encodes them. */
  trainingLatents: Float32Array | null;
  map: LatentMap;
  /** The encoder's model.json, for a second copy on another backend (software GPUs encode on the CPU). */
  encoderUrl: string;
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

/**
 * checkedFetch that also refuses a weight file holding a value that is not finite: tfjs would load
 * it, and every latent it touched would turn to NaN frames later, far from the file at fault. The
 * shipped networks are all float32, so the file is read as float32 (one pass over a few MB).
 */
async function finiteWeightsFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const res = await checkedFetch(input, init);
  const url = readableUrl(input instanceof Request ? input.url : String(input));
  if (!/\.bin($|\?)/.test(url)) return res;
  const bytes = await res.arrayBuffer();
  if (bytes.byteLength % 4 !== 0) throw new BundleError(url, `holds ${bytes.byteLength} bytes, not a whole number of float32 weights`);
  const values = new Float32Array(bytes);
  const bad = values.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) throw new BundleError(url, `weight ${bad} is ${values[bad]}, not a finite number`);
  return new Response(bytes, { status: res.status, headers: res.headers });
}

/**
 * A network's files as fetched and checked: its topology and weights, on no device. A restart
 * after a lost GPU makes the network again from these without a download (networkFromFiles).
 */
export interface NetworkFiles {
  url: string;
  artifacts: tf.io.ModelArtifacts;
}

export async function fetchNetwork(url: string): Promise<NetworkFiles> {
  try {
    // http() always gives a handler with load(); the IOHandler type makes it optional.
    return { url, artifacts: await tf.io.http(url, { fetchFunc: finiteWeightsFetch }).load!() };
  } catch (e) {
    if (e instanceof BundleError) throw e;
    throw new BundleError(url, `is not a loadable tfjs model (${(e as Error).message})`);
  }
}

/** The network on the active tfjs backend; wrong layer shapes name the file. */
export async function networkFromFiles(files: NetworkFiles): Promise<tf.LayersModel> {
  try {
    return await tf.loadLayersModel(tf.io.fromMemory(files.artifacts));
  } catch (e) {
    throw new BundleError(files.url, `is not a loadable tfjs model (${(e as Error).message})`);
  }
}

export async function loadNetwork(url: string): Promise<tf.LayersModel> {
  return networkFromFiles(await fetchNetwork(url));
}

export async function loadDigits(folder: string, digits: ShippedDigits): Promise<ModelBundle['heldOut']> {
  const url = resolveFrom(folder, digits.file);
  const bytes = new Uint8Array(await (await fetchOk(url)).arrayBuffer());
  if (bytes.length !== digits.count * PIXELS) {
    throw new BundleError(url, `holds ${bytes.length} bytes, expected ${digits.count} digits x ${PIXELS}`);
  }
  return { images: fromUint8Pixels(bytes), labels: Int32Array.from(digits.labels), count: digits.count };
}

/** assets/models/index.json: which manifolds are shipped and which is the default. */
export async function loadManifoldIndex(base: string): Promise<ManifoldIndex> {
  const url = `${base}/models/index.json`;
  try {
    return parseManifoldIndex(await (await fetchOk(url)).text());
  } catch (e) {
    throw e instanceof BundleError ? e : new BundleError(url, (e as Error).message);
  }
}

/**
 * A manifold's files, fetched, checked and parsed, holding nothing on a device: everything
 * loadBundle needs but the networks' tensors. A page keeps it so a restart skips the download.
 */
export interface BundleFiles extends Omit<ModelBundle, 'models' | 'map'> {
  networks: Record<NetworkName, NetworkFiles> & { judge: NetworkFiles | null };
  map: Omit<LatentMap, 'projector'>;
}

/**
 * Fetches a manifold (`base`/models/<manifold>/manifest.json), the networks it names, the shared
 * digits and its map, from `base` (the folder that holds models/ and data/). Without a manifold,
 * the index's default. The judge is optional: the page can run without it.
 */
export async function fetchBundle(base: string, manifold?: string): Promise<BundleFiles> {
  const id = manifold ?? (await loadManifoldIndex(base)).default;
  const folder = `${base}/models/${id}`;
  const manifestUrl = `${folder}/manifest.json`;
  let manifest: Manifest;
  try {
    manifest = parseManifest(await (await fetchOk(manifestUrl)).text());
  } catch (e) {
    throw e instanceof BundleError ? e : new BundleError(manifestUrl, (e as Error).message);
  }
  const at = (path: string) => resolveFrom(folder, path);
  const modelUrl = (name: NetworkName) => `${at(manifest.models[name].path)}/model.json`;
  const latentsFile = manifest.digits.training.latents;
  const latentBytes = manifest.digits.training.count * manifest.config.autoencoder.latentDim * 4;
  const [encoder, decoder, dynamics, judge, projector, heldOut, training, cloudPoints, cloudLabels, heldOutPoints, latents] = await Promise.all([
    fetchNetwork(modelUrl('encoder')),
    fetchNetwork(modelUrl('decoder')),
    fetchNetwork(modelUrl('dynamics')),
    manifest.judge ? fetchNetwork(`${at(manifest.judge.path)}/model.json`).catch(() => null) : Promise.resolve(null),
    fetchNetwork(modelUrl('projector')),
    loadDigits(folder, manifest.digits.heldOut),
    loadDigits(folder, manifest.digits.training),
    loadBytes(at(manifest.map.positions), manifest.map.count * MAP_BYTES),
    loadBytes(at(manifest.map.labels), manifest.map.count),
    loadBytes(at(manifest.map.heldOutPositions), manifest.digits.heldOut.count * MAP_BYTES),
    latentsFile ? loadBytes(at(latentsFile), latentBytes) : Promise.resolve(null),
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
  const trainingLatents = latents === null ? null : new Float32Array(latents.buffer, latents.byteOffset, latents.byteLength / 4);
  return {
    manifest,
    networks: { encoder, decoder, dynamics, projector, judge },
    heldOut,
    training,
    trainingLatents,
    map: { points, labels, images, count, cloud },
    encoderUrl: modelUrl('encoder'),
  };
}

/** The bundle's networks made on the active tfjs backend; the arrays are shared with `files`. */
export async function bundleFromFiles(files: BundleFiles): Promise<ModelBundle> {
  const { networks, ...rest } = files;
  const [encoder, decoder, dynamics, projector, judge] = await Promise.all([
    networkFromFiles(networks.encoder),
    networkFromFiles(networks.decoder),
    networkFromFiles(networks.dynamics),
    networkFromFiles(networks.projector),
    networks.judge === null ? Promise.resolve(null) : networkFromFiles(networks.judge).catch(() => null),
  ]);
  return { ...rest, models: { encoder, decoder, dynamics, judge }, map: { ...files.map, projector } };
}

/** fetchBundle, then its networks on the active tfjs backend. */
export async function loadBundle(base: string, manifold?: string): Promise<ModelBundle> {
  return bundleFromFiles(await fetchBundle(base, manifold));
}

/** Bytes of one map row: three little-endian float32 coordinates. */
const MAP_BYTES = 12;

export async function loadBytes(url: string, expected: number): Promise<Uint8Array> {
  const bytes = new Uint8Array(await (await fetchOk(url)).arrayBuffer());
  if (bytes.length !== expected) throw new BundleError(url, `holds ${bytes.length} bytes, expected ${expected}`);
  return bytes;
}
