/** The engine's options and answers (src/engine/engine.ts), apart so that file stays about behaviour. */
import type { FlowParams } from '../spec/flow-params';
import type { FieldPath } from '../spec/spec';
import type { RenderPath } from './backends/render-path';
import type { ManifoldLabel } from './load-world';
import type { GpuObjects } from './gpu-objects';
import type { ReadbackMeter } from './readback-meter';
import type { RolloutSet } from './rollouts/rollout-runner';
import type { FocusedStory } from './layers/rollout-paths';
import type { World } from './world/world';

export interface EngineDeps {
  path: RenderPath;
  world: World;
  /** The params the engine starts from. */
  params: FlowParams;
  /** The particles to start with (the path's own count unless the caller named one). */
  count: number;
  /** Seeds the particles' start states and respawns. */
  seed: number;
  /** Told each time the live particle count changes. */
  onParticles: (count: number) => void;
  /** Where this engine's start-up time went, ms. */
  startup: StartupTimes;
  meter: ReadbackMeter;
  /** Deterministic rollouts: started the frame the params change, with no debounce. */
  fixedStep: boolean;
  /** Forces the particle field step (null: the path's choice). */
  field: FieldPath | null;
  manifold: ManifoldLabel;
  /** Orbit controls on the canvas (a sketch with its own camera turns them off). */
  controls: boolean;
  /** False when the renderer is a sketch's own: the engine then never sizes it. */
  ownsRenderer: boolean;
  /** The frame count and time to go on from (a restart after a lost GPU: the lost engine's). */
  resume?: { frame: number; time: number };
}

/** Where the engine's start-up time went, ms: GPU path, model download + load, world building. */
export interface StartupTimes {
  gpu: number;
  models: number;
  world: number;
}

/**
 * Where a sketch's rollouts start: give one of `images` (n x 784 digit images, values in [0, 1]),
 * `latents` (n x dim) or `cluster` (a digit class: its `count` most typical held-out digits).
 */
export interface RolloutStart {
  images?: Float32Array;
  latents?: Float32Array;
  /** A digit class 0..9 of the map. */
  cluster?: number;
  /** With `cluster`: how many of its digits (default 1). */
  count?: number;
  /** Control signal (default: the u applied now), on the grid every rollout runs on (to the hundredth). */
  u?: number;
  /** Steps (default: the params' rolloutSteps). */
  steps?: number;
  /** Also run the ungrounded rollout (z <- z + f) beside each grounded one. */
  ungrounded?: boolean;
  /**
   * Steer to this digit (0..9) instead of holding u: the controller of src/model/steer.ts reads
   * the judged digit each step and drives u, the shorter way round at full drive, then holds.
   * One grounded track per start, with the u of each step; rejects without a judge.
   */
  target?: number;
}

export interface RolloutsApi {
  /** Runs rollouts from `start` now and resolves with the set once it is shown. */
  start(start: RolloutStart): Promise<RolloutSet | null>;
  /** The set on show, or null. */
  current(): RolloutSet | null;
  /**
   * Starts the pending rollouts of `params` (default: the last update's) now and resolves when
   * they are shown (tests, screenshots: a view changed since the last frame settles as it is now).
   */
  settle(params?: Readonly<Partial<FlowParams>>): Promise<RolloutSet | null>;
  /** Listens for each new set shown; returns a function that stops listening. */
  onShow(listener: (set: RolloutSet) => void): () => void;
  /** The rollout in focus on the last drawn frame and how far its comet has travelled (null: none). */
  beat(): FocusedStory | null;
}

/** What the engine is doing, read at any time (cheap: no GPU read-back). */
export interface FlowStats {
  backend: string;
  /** Which particle field step runs: the fused WebGPU kernel or tfjs ops. */
  field: FieldPath;
  device: string;
  software: boolean;
  /** The live particle count (see FlowParams.particles). */
  particles: number;
  /** Frames drawn since start (a restart after a lost GPU goes on counting). */
  frame: number;
  /** Seconds advanced since start: the sum of update's dt, each frame's FrameInfo.time (it too goes on through a restart). */
  time: number;
  fps: number;
  frameMs: number;
  /** The applied u: the params' u once the ramp has caught up. */
  u: number;
  readbackBytesLastFrame: number;
  uploadBytesLastFrame: number;
  copyBytesLastFrame: number;
  tensors: number;
  /** Bytes held by live tfjs tensors. */
  tensorBytes: number;
  /** GPU objects three.js holds (src/engine/gpu-objects.ts). */
  gpuObjects: GpuObjects;
  respawned: number;
  nonFinite: number;
  adaptive: boolean;
  /** CPU time to issue each stage of the last frame, ms (the GPU may still be working after). */
  issueMs: { sim: number; rollouts: number; draw: number };
  /** The manifold on screen and what trained it. */
  manifold: ManifoldLabel;
  /** The latent size d of the bundle's networks (64 for the shipped manifolds). */
  latentDim: number;
  /** Where start-up time went, ms: GPU path, model download + load, world building. */
  startup: StartupTimes;
}
