/**
 * createLatentFlow: the toolkit's front door. It opens a GPU path (on a canvas, or on a sketch's
 * own three.js renderer), loads the model bundle on it, builds the world and returns the running
 * engine, ready for `update(spec, dt)` and `render()` from the caller's loop.
 *
 *   const flow = await createLatentFlow({ renderer, assets: '/latentflow' });
 *   scene.add(flow.group);
 *   renderer.setAnimationLoop(() => { flow.update(spec, 1 / 60); renderer.render(scene, camera); });
 */
import type * as THREE from 'three';
import type { WebGPURenderer } from 'three/webgpu';
import { BundleError } from '../model/bundle';
import { defaultState, type AppState, type FieldPath, type PathName } from '../spec/spec';
import { pathOrder, probePaths } from './backends/choose-path';
import type { RenderPath } from './backends/render-path';
import { Engine } from './engine';
import { loadWorldOn, manifoldLabel } from './load-world';
import { createPath, pathsFor } from './open-backend';
import { sharedReadbackMeter } from './readback-meter';
import type { StartCache } from './start-cache';

export interface LatentFlowOptions {
  /** Where to draw when the engine makes its own renderer. */
  canvas?: HTMLCanvasElement;
  /** A sketch's own renderer: tfjs then shares its GPU device (WebGPURenderer) or context (WebGLRenderer). */
  renderer?: THREE.WebGLRenderer | WebGPURenderer;
  /** URL of the model bundle: the folder holding models/ and data/ ('' for the site root). */
  assets?: string;
  /** Which manifold under models/ (null or absent: the bundle index's default). */
  manifold?: string | null;
  /** A GPU path, an ordered list to try, or 'auto' (the best this machine has, falling back). */
  backend?: PathName | readonly PathName[] | 'auto';
  /** The view to start from (particle count, seed, u, ...); the rest are the defaults. */
  spec?: Partial<AppState>;
  /** Forces the particle field step on WebGPU ('fused' kernel or 'tfjs' ops; default the fastest). */
  field?: FieldPath | null;
  /** Deterministic rollouts for fixed-step rendering: started on the frame the spec changes. */
  fixedStep?: boolean;
  /** Orbit the engine's camera with the mouse on the canvas (default true). */
  controls?: boolean;
  /**
   * What earlier starts on this page fetched and measured: pass the same one to a restart after a
   * lost device and it skips the downloads and the start-up passes (see StartCache).
   */
  cache?: StartCache;
  /** Told why a path was passed over (the page shows these as notices). */
  onNotice?: (message: string) => void;
}

/** The engine a sketch drives; see src/engine/engine.ts for every method. */
export type LatentFlow = Engine;

/** Where start-up time went, ms: GPU path, model download + load, world building. */
export interface StartupTimes {
  gpu: number;
  models: number;
  world: number;
}

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

async function order(options: LatentFlowOptions): Promise<PathName[]> {
  const allowed = pathsFor(options.renderer);
  const { backend = 'auto' } = options;
  if (Array.isArray(backend)) return backend.filter((name) => allowed.includes(name));
  if (backend !== 'auto') return [backend as PathName];
  return pathOrder(null, await probePaths()).filter((name) => allowed.includes(name));
}

/** Opens one path and starts the engine on it; a failure frees the path. */
export async function startOn(name: PathName, options: LatentFlowOptions, times?: StartupTimes): Promise<Engine> {
  const canvas = options.renderer?.domElement ?? options.canvas;
  if (canvas === undefined) throw new Error('createLatentFlow needs a canvas or a renderer');
  let t = performance.now();
  const meter = sharedReadbackMeter();
  const path: RenderPath = await createPath(name, canvas, options.renderer);
  if (times) times.gpu = performance.now() - t;
  try {
    t = performance.now();
    const { world, ms, bundle } = await loadWorldOn(path, options.assets ?? '', options.manifold ?? null, options.cache);
    if (times) Object.assign(times, ms);
    const spec = { ...defaultState(), ...options.spec };
    if (options.spec?.particles === undefined) spec.particles = path.defaultParticles;
    return new Engine({ path, world, spec, meter, fixedStep: options.fixedStep ?? false, field: options.field ?? null, manifold: manifoldLabel(bundle), controls: options.controls ?? true, ownsRenderer: options.renderer === undefined });
  } catch (e) {
    path.dispose();
    throw e;
  }
}

/**
 * Starts latentflow on the first path in `options.backend` that opens. A missing or damaged model
 * file stops at once with a BundleError naming it; other failures try the next path.
 */
export async function createLatentFlow(options: LatentFlowOptions): Promise<LatentFlow> {
  const names = await order(options);
  const failures: string[] = [];
  for (const name of names) {
    try {
      return await startOn(name, options);
    } catch (e) {
      if (e instanceof BundleError) throw e;
      failures.push(`${name}: ${errorText(e)}`);
      options.onNotice?.(`${name} path unavailable (${errorText(e)})`);
    }
  }
  throw new Error(`latentflow could not start on any GPU path${failures.length ? ` (${failures.join('; ')})` : ''}`);
}
