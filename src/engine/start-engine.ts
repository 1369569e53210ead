/**
 * Starting an engine: which GPU paths to try and in what order, opening one path and building the
 * world on it, and walking the chain (the next path when one fails, on a fresh canvas each time).
 * createLatentFlow starts through here, and so does a restart after a lost device.
 */
import type * as THREE from 'three';
import type { WebGPURenderer } from 'three/webgpu';
import { BundleError } from '../model/bundle';
import type { FlowParams } from '../spec/flow-params';
import type { FieldPath, PathName } from '../spec/spec';
import { pathOrder, probePaths } from './backends/choose-path';
import type { RenderPath } from './backends/render-path';
import { Engine } from './engine';
import type { StartupTimes } from './engine-types';
import { loadWorldOn, manifoldLabel } from './load-world';
import { createPath, pathsFor } from './open-backend';
import { sharedReadbackMeter } from './readback-meter';
import type { StartCache } from './start-cache';

/** What every start of one LatentFlow shares (its options, less the choice of path). */
export interface StartOptions {
  renderer?: THREE.WebGLRenderer | WebGPURenderer;
  assets: string;
  manifold: string | null;
  seed: number;
  field: FieldPath | null;
  fixedStep: boolean;
  controls: boolean;
  cache: StartCache;
  onParticles: (count: number) => void;
  /** Where a restart's engine goes on from (the lost one's frame count and time). */
  resume?: { frame: number; time: number };
}

export const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** The paths to try, in order: those `backend` names (all of them, best first, for 'auto') that `renderer` can draw. */
export async function pathChain(backend: PathName | readonly PathName[] | 'auto', renderer: StartOptions['renderer']): Promise<PathName[]> {
  const allowed = pathsFor(renderer);
  if (Array.isArray(backend)) return backend.filter((name) => allowed.includes(name));
  if (backend !== 'auto') return [backend as PathName];
  return pathOrder(null, await probePaths()).filter((name) => allowed.includes(name));
}

/**
 * Opens path `name` on `canvas` and starts an engine on it with `params`; `count`: the particles
 * to start with (null: the path's own). A failure frees the path.
 */
export async function startOn(name: PathName, canvas: HTMLCanvasElement, options: StartOptions, params: FlowParams, count: number | null): Promise<Engine> {
  const startup: StartupTimes = { gpu: 0, models: 0, world: 0 };
  let t = performance.now();
  const meter = sharedReadbackMeter();
  const path: RenderPath = await createPath(name, canvas, options.renderer);
  startup.gpu = performance.now() - t;
  try {
    t = performance.now();
    const { world, ms, bundle } = await loadWorldOn(path, options.assets, options.manifold, options.cache);
    Object.assign(startup, ms);
    return new Engine({
      path,
      world,
      params,
      count: count ?? path.defaultParticles,
      seed: options.seed,
      meter,
      fixedStep: options.fixedStep,
      field: options.field,
      manifold: manifoldLabel(bundle),
      controls: options.controls,
      ownsRenderer: options.renderer === undefined,
      onParticles: options.onParticles,
      resume: options.resume,
      startup,
    });
  } catch (e) {
    path.dispose();
    throw e;
  }
}

/**
 * Starts on the first of `names` that opens: the first on `canvas` (or on a fresh copy of it in
 * its place when `fresh`), each later one on a fresh copy, since a canvas keeps the kind of
 * context it was first asked for and a lost WebGL context stays with its canvas. A sketch's own
 * renderer keeps its canvas throughout. A missing or damaged model file stops at once with a
 * BundleError naming it; other failures are told to `notice` and the next path is tried.
 */
export async function startChain(
  names: readonly PathName[],
  canvas: HTMLCanvasElement,
  fresh: boolean,
  options: StartOptions,
  params: FlowParams,
  count: (name: PathName) => number | null,
  notice: (message: string) => void,
): Promise<{ engine: Engine; deviceAt: number }> {
  const failures: string[] = [];
  let current = canvas;
  for (const [i, name] of names.entries()) {
    if (options.renderer === undefined && (fresh || i > 0)) current = replaceCanvas(current);
    const began = performance.now();
    try {
      const engine = await startOn(name, options.renderer?.domElement ?? current, options, params, count(name));
      return { engine, deviceAt: began + engine.stats().startup.gpu };
    } catch (e) {
      if (e instanceof BundleError) throw e;
      failures.push(`${name}: ${errorText(e)}`);
      const next = names[i + 1];
      notice(`${name} path unavailable (${errorText(e)})${next ? `; trying ${next}` : ''}`);
    }
  }
  throw new Error(`latentflow could not start on any GPU path${failures.length ? ` (${failures.join('; ')})` : ''}`);
}

/** A copy of `canvas` (its attributes, no context) put in its place in the page. */
function replaceCanvas(canvas: HTMLCanvasElement): HTMLCanvasElement {
  const copy = canvas.cloneNode(false) as HTMLCanvasElement;
  canvas.replaceWith(copy);
  return copy;
}
