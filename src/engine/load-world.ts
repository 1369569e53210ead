/**
 * The model bundle and the world built from it on one GPU path, as the page and the bench page
 * both start: software GPUs encode the training digits on the CPU first (src/engine/cpu-latents.ts:
 * ~35 s on SwiftShader WebGPU against < 1 s on wasm), real ones where the models live.
 */
import { loadBundle, type ModelBundle } from '../model/bundle';
import { buildWorld, type World } from './world/world';
import { encodeOnCpu } from './cpu-latents';
import type { RenderPath } from './backends/render-path';

export interface LoadedWorld {
  bundle: ModelBundle;
  world: World;
  /** Where the time went: fetching and loading the models, then building the world. */
  ms: { models: number; world: number };
}

/** `manifold`: a folder under models/ (null: the index's default). */
export async function loadWorldOn(path: RenderPath, base: string, manifold: string | null): Promise<LoadedWorld> {
  let t = performance.now();
  const bundle = await loadBundle(base, manifold ?? undefined);
  const models = performance.now() - t;
  t = performance.now();
  // Shipped latents spare start-up the encoder pass (on software GPUs, a CPU copy of it).
  const trainingLatents =
    bundle.trainingLatents ??
    (path.software && path.name !== 'wasm' ? await encodeOnCpu(bundle.encoderUrl, bundle.training.images) : undefined);
  const world = await buildWorld({ models: bundle.models, training: bundle.training, heldOut: bundle.heldOut, map: bundle.map, trainingLatents });
  // buildWorld awaits between its tfjs calls, so it cannot run inside runTf: restore the shared
  // context's state for three once it is done.
  path.runTf(() => undefined);
  return { bundle, world, ms: { models, world: performance.now() - t } };
}

/** What the page says about the manifold on screen (HUD, captions). */
export interface ManifoldLabel {
  id: string;
  recipe: string;
  seed: number;
  /** What trained the grounding, in words. */
  signal: string;
}

export function manifoldLabel(bundle: ModelBundle): ManifoldLabel {
  const m = bundle.manifest;
  return { id: m.manifold, recipe: m.recipe, seed: m.seed, signal: m.signal };
}
