/**
 * createLatentFlow: the toolkit's front door. It opens a GPU path (on a canvas, or on a sketch's
 * own three.js renderer), loads the model bundle on it, builds the world and returns a LatentFlow,
 * ready for `update(params, dt)` and `render()` from the caller's loop.
 *
 *   const flow = await createLatentFlow({ renderer, assets: '/latentflow' });
 *   scene.add(flow.group);
 *   renderer.setAnimationLoop(() => { flow.update({ u: Math.cos(clock.elapsedTime) }, 1 / 60, camera); renderer.render(scene, camera); });
 */
import type * as THREE from 'three';
import type { WebGPURenderer } from 'three/webgpu';
import type { FlowParams } from '../spec/flow-params';
import type { FieldPath, PathName } from '../spec/spec';
import type { FlowStats, RolloutStart } from './engine-types';
import type { FlowEvents } from './events';
import { FlowHandle } from './flow-handle';
import type { LayerList } from './layer-list';
import type { PickHit } from './layers/layer';
import type { Reading } from './model-access';
import type { RolloutSet } from './rollouts/rollout-runner';

export interface LatentFlowOptions {
  /** Where to draw when the engine makes its own renderer. */
  canvas?: HTMLCanvasElement;
  /** A sketch's own renderer: tfjs then shares its GPU device (WebGPURenderer) or context (WebGLRenderer). */
  renderer?: THREE.WebGLRenderer | WebGPURenderer;
  /** URL of the model bundle: the folder holding models/ and data/ ('' for the site root). */
  assets?: string;
  /** Which manifold under models/ (null or absent: the bundle index's default). */
  manifold?: string | null;
  /** Fetch and load the bundle's judge (default true); without it classify() answers null and rollouts cannot steer. */
  judge?: boolean;
  /** A GPU path, an ordered list to try, or 'auto' (the best this machine has first). */
  backend?: PathName | readonly PathName[] | 'auto';
  /** When a path fails to start, try the next one in `backend` (default true). */
  fallback?: boolean;
  /**
   * When the GPU goes away (a driver reset, a lost context), start again: on the same path, then on
   * the ones after it in `backend`, with the same params, and without downloading the bundle
   * again (default true). Only when the engine draws on its own canvas: a sketch's own renderer
   * is the sketch's to restore, and the flow then stops (the 'lost' and 'stopped' events).
   */
  recover?: boolean;
  /** The params to start from (the rest: the defaults; `particles`: the path's own count unless named). */
  params?: Partial<FlowParams>;
  /** Seeds the particles' start states and respawns (default 1). */
  seed?: number;
  /** Forces the particle field step on WebGPU ('fused' kernel or 'tfjs' ops; default the fastest). */
  field?: FieldPath | null;
  /** Deterministic rollouts for fixed-step rendering: started on the frame the params change. */
  fixedStep?: boolean;
  /** Orbit the engine's camera with the mouse on the canvas (default true). */
  controls?: boolean;
  /** Told why a path was passed over, at start and on a restart (the page shows these as notices). */
  onNotice?: (message: string) => void;
}

/** Hooks for tests and drills: not part of the API a sketch relies on, and free to change. */
export interface FlowDebug {
  /** Takes the GPU away as a driver reset would (WEBGL_lose_context, or WebGPU's device.destroy()). */
  loseDevice(): void;
  /** The next update jumps the applied u to the params' instead of ramping to it. */
  jumpU(): void;
  /** Starts the pending rollouts of `params` (default: the last update's) now and resolves when they are shown. */
  settleRollouts(params?: Readonly<Partial<FlowParams>>): Promise<RolloutSet | null>;
  /** The particles' packed [N, 4] (x, y, z, w) positions, read back. */
  particlePositions(): Promise<Float32Array>;
  /** Makes `rows` particle states NaN, to exercise the NaN guard. */
  poison(rows: number): void;
  /** Reads the respawn and NaN counters back and returns fresh stats. */
  readCounters(): Promise<FlowStats>;
  /**
   * Disposes the engine and starts another as after a lost GPU (same path first, same params, the
   * bundle from the start cache; listeners kept), saying `reason` in the 'lost' event: how a
   * kiosk's watchdog gets frames going again when they stall. Nothing happens while restarting.
   */
  restart(reason: string): void;
}

/** A running latentflow, driven one frame at a time from the caller's loop. */
export interface LatentFlow {
  /** Everything the engine draws; a sketch with its own renderer adds it to its own scene. */
  readonly group: THREE.Group;
  /** The engine's layers in drawing order; add a layer of your own (it stays through a GPU restart), or take one out. */
  readonly layers: LayerList;
  /** The map's digits (the clusters): positions (n x 3), class labels and images (n x 784); pick() gives an index into them. */
  readonly map: { readonly points: Float32Array; readonly labels: Int32Array; readonly images: Float32Array };
  /**
   * Advances one frame of `dt` seconds under `params` (any fields left out take their defaults;
   * absent: the last params). `params` is read, never written to: what the engine decides for
   * itself comes back through stats() and on(). `camera`: the one the frame is drawn with, when
   * a sketch draws the group with its own.
   */
  update(params?: Readonly<Partial<FlowParams>>, dt?: number, camera?: THREE.Camera): void;
  /** Draws the engine's own scene on its canvas (a sketch with its own renderer renders its scene instead). */
  render(): void;
  /** Sizes the drawing buffer from the canvas's CSS size and `pixelRatio`. */
  resize(pixelRatio?: number): void;
  readonly rollouts: {
    /** Runs rollouts from images, latents or a cluster now and resolves with the set once it is shown. */
    start(from: RolloutStart): Promise<RolloutSet | null>;
    /** The set on show (the params' own or a started one), or null. */
    current(): RolloutSet | null;
  };
  /** n images (n x 784, values in [0, 1]) to latents (n x dim) with the grounding encoder. */
  encode(images: Float32Array): Promise<Float32Array>;
  /** n latents (n x dim) to images (n x 784). */
  decode(latents: Float32Array): Promise<Float32Array>;
  /** n latents (n x dim) to map positions (n x 3), where the particles of those latents are drawn. */
  project(latents: Float32Array): Promise<Float32Array>;
  /** The judge's reading of n images (n x 784); null when the bundle ships no judge. */
  classify(images: Float32Array): Promise<Reading[] | null>;
  /** `count` particles spread over the population: their latents and map positions, read back once (never per frame). */
  sampleParticles(count: number): Promise<{ latents: Float32Array; positions: Float32Array }>;
  /** What lies under CSS pixel (x, y) of the canvas (or of a `width` x `height` view seen by `camera`). */
  pick(x: number, y: number, camera?: THREE.Camera, width?: number, height?: number): PickHit | null;
  stats(): FlowStats;
  /** Listens for `event` (see FlowEvents); returns a function that stops listening. */
  on<K extends keyof FlowEvents>(event: K, listener: (value: FlowEvents[K]) => void): () => void;
  /** Frees the GPU path and everything on it. */
  dispose(): void;
  /** @internal */
  readonly debug: FlowDebug;
}

/**
 * Starts latentflow on the first path in `options.backend` that opens (with `fallback` off, the
 * first only). A missing or damaged model file stops at once with a BundleError naming it.
 */
export function createLatentFlow(options: LatentFlowOptions): Promise<LatentFlow> {
  return FlowHandle.open(options);
}
