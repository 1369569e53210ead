/**
 * Which shipped files (the vite public folder, assets/) the service worker precaches: what the
 * scene page can load with no network, found the way the page finds it. The favicon and the app
 * manifest; every preset and talk; the manifold index and the stage figures; and for each
 * manifold the index offers (the default, and the others the panel and the presets switch to),
 * its manifest and the files it names: the networks (model.json and their weight files), the
 * judge, the shared digits, the latents and the map. Not the other seeds, nor the rotation scene's
 * models (?scene=rotation): the worker keeps those once a page has fetched them.
 */
import { posix } from 'node:path';
import type { BundleManifest, ManifoldIndex } from '../../../model/manifest';

/** Read access to the public folder, by paths relative to it. */
export interface PublicFolder {
  /** The file's text, or null when there is no such file. */
  read(path: string): string | null;
  exists(path: string): boolean;
  /** Names of the files directly in `folder` (none when it does not exist). */
  list(folder: string): string[];
}

const ROOT_FILES = ['favicon.svg', 'manifest.webmanifest'];
const VIEW_FOLDERS = ['presets', 'talks'];
const MODEL_FILES = ['models/index.json', 'models/stage-figures.json'];

function need(folder: PublicFolder, path: string, why: string): string {
  if (!folder.exists(path)) throw new Error(`precache: ${path} (${why}) is not in the public folder`);
  return path;
}

function json<T>(folder: PublicFolder, path: string, why: string): T {
  const body = folder.read(path);
  if (body === null) throw new Error(`precache: ${path} (${why}) is not in the public folder`);
  try {
    return JSON.parse(body) as T;
  } catch (e) {
    throw new Error(`precache: ${path} (${why}) is not JSON (${(e as Error).message})`);
  }
}

/**
 * A path relative to a manifest's folder, joined onto it, as the page resolves it. (The vite
 * config loads this file, so it reads the manifests as plain JSON: the page checks them when it
 * loads them, and a path missing here stops the build with its name.)
 */
const resolveFrom = (folder: string, path: string): string => {
  if (typeof path !== 'string') throw new Error(`precache: a path under ${folder} is not a string`);
  return posix.normalize(posix.join(folder, path));
};

/** A tfjs model.json and the weight files its weightsManifest names, relative to its folder. */
function networkFiles(folder: PublicFolder, dir: string): string[] {
  const modelJson = `${dir}/model.json`;
  const parsed = json<{ weightsManifest?: { paths?: unknown }[] }>(folder, modelJson, 'a network');
  const weights = (parsed.weightsManifest ?? []).flatMap((group) => (Array.isArray(group.paths) ? group.paths.filter((p): p is string => typeof p === 'string') : []));
  return [modelJson, ...weights.map((p) => need(folder, resolveFrom(dir, p), `a weight file of ${modelJson}`))];
}

/** The files the page fetches to start on manifold folder `manifoldDir` (e.g. models/ssl). */
export function manifoldFiles(folder: PublicFolder, manifoldDir: string): string[] {
  const manifestPath = `${manifoldDir}/manifest.json`;
  const manifest = json<BundleManifest>(folder, manifestPath, 'a manifold in models/index.json');
  if (typeof manifest.models !== 'object' || manifest.models === null || typeof manifest.digits !== 'object' || manifest.digits === null) {
    throw new Error(`precache: ${manifestPath} names no models or no digits`);
  }
  const at = (path: string) => resolveFrom(manifoldDir, path);
  const networks = [...Object.values(manifest.models).map((m) => m.path), ...(manifest.judge ? [manifest.judge.path] : [])];
  const { training, heldOut } = manifest.digits;
  const data = [training.file, heldOut.file, ...(training.latents ? [training.latents] : [])];
  const map = manifest.map ? [manifest.map.positions, manifest.map.labels, manifest.map.heldOutPositions] : [];
  return [manifestPath, ...networks.flatMap((path) => networkFiles(folder, at(path))), ...[...data, ...map].map((path) => need(folder, at(path), `named by ${manifestPath}`))];
}

/** Every public file to precache, each once, sorted. */
export function publicPrecache(folder: PublicFolder): string[] {
  const files = new Set<string>();
  for (const name of ROOT_FILES) if (folder.exists(name)) files.add(name);
  for (const dir of VIEW_FOLDERS) for (const name of folder.list(dir)) if (name.endsWith('.json')) files.add(`${dir}/${name}`);
  for (const path of MODEL_FILES) files.add(need(folder, path, 'the page loads it at start'));
  const index = json<ManifoldIndex>(folder, 'models/index.json', 'the manifold index');
  if (!Array.isArray(index.manifolds)) throw new Error('precache: models/index.json lists no manifolds');
  for (const { id } of index.manifolds) for (const path of manifoldFiles(folder, `models/${id}`)) files.add(path);
  return [...files].sort();
}
