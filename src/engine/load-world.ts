/**
 * The model bundle and the world built from it on one GPU path, as the page and the bench page
 * both start: software GPUs encode the training digits on the CPU first (src/engine/cpu-latents.ts:
 * ~35 s on SwiftShader WebGPU against < 1 s on wasm), real ones where the models live.
 */
import { bundleFromFiles, type ModelBundle } from '../model/bundle';
import { buildWorld, type World } from './world/world';
import { encodeOnCpu } from './cpu-latents';
import type { RenderPath } from './backends/render-path';
import { StartCache } from './start-cache';

export interface LoadedWorld {
  bundle: ModelBundle;
  world: World;
  /** Where the time went: fetching and loading the models, then building the world. */
  ms: { models: number; world: number };
}

/**
 * `manifold`: a folder under models/ (null: the index's default). `cache`: what an earlier start
 * on this page fetched and measured (a fresh one fetches and measures everything).
 */
export async function loadWorldOn(path: RenderPath, base: string, manifold: string | null, cache = new StartCache()): Promise<LoadedWorld> {
  let t = performance.now();
  const bundle = await bundleFromFiles(await cache.files(base, manifold));
  const models = performance.now() - t;
  t = performance.now();
  const known = cache.measures(base, manifold) ?? undefined;
  // Shipped latents spare start-up the encoder pass (on software GPUs, a CPU copy of it).
  const trainingLatents =
    known?.latents ??
    bundle.trainingLatents ??
    (path.software && path.name !== 'wasm' ? await encodeOnCpu(bundle.encoderUrl, bundle.training.images) : undefined);
  const world = await buildWorld({ models: bundle.models, training: bundle.training, heldOut: bundle.heldOut, map: bundle.map, trainingLatents }, undefined, known);
  cache.remember(base, manifold, world.measures);
  // buildWorld awaits between its tfjs calls, so it cannot run inside runTf: restore the shared
  // context's state for three once it is done.
  path.runTf(() => undefined);
  return { bundle, world, ms: { models, world: performance.now() - t } };
}

/** What the page says about the manifold on screen (HUD, captions). */
export interface ManifoldLabel {
  id: string;
  /** The recipe that trained it (a bundle of one's own that names none: its manifold's name). */
  recipe: string;
  /** The seed shipped (null: the bundle's manifest names none). */
  seed: number | null;
  /** What trained the grounding, in words. */
  signal: string;
}

export function manifoldLabel(bundle: ModelBundle): ManifoldLabel {
  const m = bundle.manifest;
  return { id: m.manifold, recipe: m.recipe ?? m.manifold, seed: m.seed ?? null, signal: m.signal ?? 'its own training (the manifest does not say)' };
}
