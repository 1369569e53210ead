import * as tf from '@tensorflow/tfjs';
import { PIXELS } from './dataset';
import { pcaProjector, placedDigits } from './derived-map';
import { declaredLatentDim, fromUint8Pixels, ManifestError, parseBundleManifest, parseManifoldIndex, resolveFrom, type BundleDigits, type BundleManifest, type ManifoldIndex, type NetworkName } from './manifest';
import { encode, type LatentModels } from './rollout';

/** The 3D map: where the shipped digits sit, and the network that places any latent. */
export interface LatentMap {
  /** d -> 3, raw latents to normalised map coordinates (the fitted map spans about [-1, 1]). */
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
  manifest: BundleManifest;
  /** The latent size d, as the manifest declares it and the networks agree. */
  latentDim: number;
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

export async function loadDigits(folder: string, digits: BundleDigits): Promise<ModelBundle['heldOut']> {
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
    if (e instanceof BundleError) throw e;
    throw new BundleError(url, e instanceof ManifestError ? e.reason : (e as Error).message);
  }
}

/**
 * A manifold's files, fetched, checked and parsed, holding nothing on a device: everything
 * loadBundle needs but the networks' tensors. A page keeps it so a restart skips the download.
 */
export interface BundleFiles extends Omit<ModelBundle, 'models' | 'map'> {
  /** Where the training latents came from (checked against the networks' latent size in bundleFromFiles). */
  latentsUrl: string | null;
  /** No projector when the manifest names none: bundleFromFiles then makes a linear one. */
  networks: Record<Exclude<NetworkName, 'projector'>, NetworkFiles> & { projector: NetworkFiles | null; judge: NetworkFiles | null };
  /** Null when the manifest ships no map: bundleFromFiles places the digits with the projector. */
  map: Omit<LatentMap, 'projector'> | null;
}

/**
 * Fetches a manifold (`base`/models/<manifold>/manifest.json), the networks it names, the shared
 * digits and its map, from `base` (the folder that holds models/ and data/). Without a manifold,
 * the index's default. The judge is optional: the page can run without it, and `judge: false`
 * does not fetch it.
 */
export async function fetchBundle(base: string, manifold?: string, options: { judge?: boolean } = {}): Promise<BundleFiles> {
  const id = manifold ?? (await loadManifoldIndex(base)).default;
  const folder = `${base}/models/${id}`;
  const manifestUrl = `${folder}/manifest.json`;
  let manifest: BundleManifest;
  try {
    manifest = parseBundleManifest(await (await fetchOk(manifestUrl)).text());
  } catch (e) {
    if (e instanceof BundleError) throw e;
    throw new BundleError(manifestUrl, e instanceof ManifestError ? e.reason : (e as Error).message);
  }
  const latentDim = declaredLatentDim(manifest);
  const at = (path: string) => resolveFrom(folder, path);
  const modelUrl = (name: NetworkName) => `${at(manifest.models[name]!.path)}/model.json`;
  const latentsFile = manifest.digits.training.latents;
  const { map: shipped } = manifest;
  const [encoder, decoder, dynamics, judge, projector, heldOut, training, cloudPoints, cloudLabels, heldOutPoints, latents] = await Promise.all([
    fetchNetwork(modelUrl('encoder')),
    fetchNetwork(modelUrl('decoder')),
    fetchNetwork(modelUrl('dynamics')),
    manifest.judge && options.judge !== false ? fetchNetwork(`${at(manifest.judge.path)}/model.json`).catch(() => null) : Promise.resolve(null),
    manifest.models.projector ? fetchNetwork(modelUrl('projector')) : Promise.resolve(null),
    loadDigits(folder, manifest.digits.heldOut),
    loadDigits(folder, manifest.digits.training),
    shipped ? loadBytes(at(shipped.positions), shipped.count * MAP_BYTES) : Promise.resolve(null),
    shipped ? loadBytes(at(shipped.labels), shipped.count) : Promise.resolve(null),
    shipped ? loadBytes(at(shipped.heldOutPositions), manifest.digits.heldOut.count * MAP_BYTES) : Promise.resolve(null),
    // Its size is checked once the networks confirm the latent size (bundleFromFiles).
    latentsFile ? loadBytes(at(latentsFile), null) : Promise.resolve(null),
  ]);
  if (shipped && shipped.count < training.count) {
    throw new BundleError(manifestUrl, `map.count is ${shipped.count}, fewer than the ${training.count} training digits its first rows place`);
  }
  const map = cloudPoints && cloudLabels && heldOutPoints ? shippedMapOf(training, heldOut, cloudPoints, cloudLabels, heldOutPoints) : null;
  return {
    manifest,
    latentDim,
    networks: { encoder, decoder, dynamics, projector, judge },
    heldOut,
    training,
    trainingLatents: latents === null ? null : floats(latents),
    latentsUrl: latentsFile ? at(latentsFile) : null,
    map,
    encoderUrl: modelUrl('encoder'),
  };
}

type Digits = ModelBundle['heldOut'];

/** Little-endian float32 values of a fetched file (its own buffer, so always aligned). */
const floats = (bytes: Uint8Array) => new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);

/** The map as shipped: the fitted positions (training digits' rows first) and the held-out digits'. */
function shippedMapOf(training: Digits, heldOut: Digits, cloudPoints: Uint8Array, cloudLabels: Uint8Array, heldOutPoints: Uint8Array): Omit<LatentMap, 'projector'> {
  const cloud = { points: floats(cloudPoints), labels: cloudLabels, count: cloudLabels.length };
  const count = training.count + heldOut.count;
  const points = new Float32Array(count * 3);
  points.set(cloud.points.subarray(0, training.count * 3));
  points.set(floats(heldOutPoints), training.count * 3);
  return { points, ...digitRows(training, heldOut), count, cloud };
}

/** Images and labels of the map's points: the training digits, then the held-out ones. */
export function digitRows(training: Digits, heldOut: Digits): { images: Float32Array; labels: Int32Array } {
  const count = training.count + heldOut.count;
  const images = new Float32Array(count * PIXELS);
  images.set(training.images);
  images.set(heldOut.images, training.count * PIXELS);
  const labels = new Int32Array(count);
  labels.set(training.labels);
  labels.set(heldOut.labels, training.count);
  return { images, labels };
}

/** A network's one input or output shape, without the batch. */
function shapeOf(tensor: tf.SymbolicTensor | undefined): number[] {
  return (tensor?.shape ?? []).slice(1).map((n) => n ?? -1);
}

const sized = (shape: readonly number[]) => `[${shape.join(', ')}]`;

/**
 * Checks each network against the latent size d the manifest declares: encoder 28x28x1 -> d,
 * decoder d -> 28x28x1, dynamics d + 1 -> d, projector d -> 3. A mismatch is a BundleError naming
 * the network's file, what it maps and what the declared size needs.
 */
export function checkNetworkShapes(
  d: number,
  models: Record<'encoder' | 'decoder' | 'dynamics', tf.LayersModel> & { projector: tf.LayersModel | null },
  urls: Partial<Record<NetworkName, string>> = {},
): void {
  const want = (name: NetworkName, model: tf.LayersModel, input: number[], output: number[], role: string) => {
    const [gotIn, gotOut] = [shapeOf(model.inputs[0]), shapeOf(model.outputs[0])];
    const same = (a: number[], b: number[]) => a.length === b.length && a.every((n, i) => n === b[i]);
    if (model.inputs.length !== 1 || model.outputs.length !== 1 || !same(gotIn, input) || !same(gotOut, output)) {
      throw new BundleError(urls[name] ?? name, `the ${name} maps ${sized(gotIn)} -> ${sized(gotOut)}, but latent size ${d} (the manifest's) needs ${sized(input)} -> ${sized(output)}: ${role}`);
    }
  };
  want('encoder', models.encoder, [28, 28, 1], [d], 'a 28x28x1 image to a latent');
  want('decoder', models.decoder, [d], [28, 28, 1], 'a latent to a 28x28x1 image');
  want('dynamics', models.dynamics, [d + 1], [d], '[latent, u] to a velocity');
  if (models.projector) want('projector', models.projector, [d], [3], 'a latent to its 3D map position');
}

/** Encodes flat images (n x 784) in batches on the active backend. */
async function encodeRows(encoder: tf.LayersModel, images: Float32Array, batch = 250): Promise<Float32Array> {
  const count = images.length / PIXELS;
  const parts: Float32Array[] = [];
  for (let start = 0; start < count; start += batch) {
    const rows = Math.min(batch, count - start);
    const z = tf.tidy(() => encode(encoder, tf.tensor2d(images.subarray(start * PIXELS, (start + rows) * PIXELS), [rows, PIXELS])));
    parts.push((await z.data()) as Float32Array);
    z.dispose();
  }
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/**
 * The bundle's networks made on the active tfjs backend (the arrays are shared with `files`),
 * checked against the declared latent size. A bundle without a projector gets a linear one (the
 * training latents' first three principal components); one without a map has its digits placed
 * by the projector. Both need the training latents: shipped, or encoded here.
 */
export async function bundleFromFiles(files: BundleFiles): Promise<ModelBundle> {
  const { networks, map, latentsUrl, ...rest } = files;
  const [encoder, decoder, dynamics, shippedProjector, judge] = await Promise.all([
    networkFromFiles(networks.encoder),
    networkFromFiles(networks.decoder),
    networkFromFiles(networks.dynamics),
    networks.projector === null ? Promise.resolve(null) : networkFromFiles(networks.projector),
    networks.judge === null ? Promise.resolve(null) : networkFromFiles(networks.judge).catch(() => null),
  ]);
  const made: (tf.LayersModel | null)[] = [encoder, decoder, dynamics, shippedProjector, judge];
  try {
    const urls = { encoder: networks.encoder.url, decoder: networks.decoder.url, dynamics: networks.dynamics.url, projector: networks.projector?.url };
    checkNetworkShapes(files.latentDim, { encoder, decoder, dynamics, projector: shippedProjector }, urls);
    const expected = files.training.count * files.latentDim;
    if (files.trainingLatents !== null && files.trainingLatents.length !== expected) {
      throw new BundleError(latentsUrl ?? 'training latents', `holds ${files.trainingLatents.length * 4} bytes, expected ${files.training.count} latents x ${files.latentDim} float32`);
    }
    const models = { encoder, decoder, dynamics, judge };
    if (shippedProjector !== null && map !== null) return { ...rest, models, map: { ...map, projector: shippedProjector } };
    const trainingLatents = files.trainingLatents ?? (await encodeRows(encoder, files.training.images));
    const projector = shippedProjector ?? pcaProjector(trainingLatents, files.latentDim);
    made.push(projector);
    let placed = map;
    if (placed === null) {
      const rows = digitRows(files.training, files.heldOut);
      placed = { ...rows, ...(await placedDigits(projector, trainingLatents, await encodeRows(encoder, files.heldOut.images), files.latentDim, rows.labels)) };
    }
    return { ...rest, trainingLatents, models, map: { ...placed, projector } };
  } catch (e) {
    for (const model of made) model?.dispose();
    throw e;
  }
}

/** fetchBundle, then its networks on the active tfjs backend. */
export async function loadBundle(base: string, manifold?: string): Promise<ModelBundle> {
  return bundleFromFiles(await fetchBundle(base, manifold));
}

/** Bytes of one map row: three little-endian float32 coordinates. */
const MAP_BYTES = 12;

/** A file's bytes; `expected`: their count (null: any whole number of float32 values). */
export async function loadBytes(url: string, expected: number | null): Promise<Uint8Array> {
  const bytes = new Uint8Array(await (await fetchOk(url)).arrayBuffer());
  if (expected === null) {
    if (bytes.length % 4 !== 0) throw new BundleError(url, `holds ${bytes.length} bytes, not a whole number of float32 values`);
    return bytes;
  }
  if (bytes.length !== expected) throw new BundleError(url, `holds ${bytes.length} bytes, expected ${expected}`);
  return bytes;
}
