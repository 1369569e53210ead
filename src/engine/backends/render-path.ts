/**
 * One GPU path behind one small interface (the strategy pattern): where tfjs runs, which three.js
 * renderer draws, how particle positions get from one to the other, and how bloom is done.
 *
 *   webgpu: one GPUDevice for tfjs and WebGPURenderer; positions copied GPU -> GPU (TSL layers)
 *   webgl:  one WebGL2 context for tfjs and WebGLRenderer; positions sampled from tfjs's texture
 *   wasm:   tfjs on the CPU; positions uploaded to a texture every frame (GLSL layers)
 */
import type * as tf from '@tensorflow/tfjs';
import * as THREE from 'three';
import type { BridgeStats } from './bridge-shared';
import type { DotsFactory } from '../layers/layer';
import type { Layer } from '../layers/layer';
import type { FieldPath, ParticleSimulation, SimOptions } from '../particles/particle-sim';
import type { World } from '../world/world';
import type { PathName } from '../../spec/spec';

/** Particle heads + trails for one particle count and trail length, fed one tensor per frame. */
export interface ParticleView {
  readonly count: number;
  readonly trail: number;
  readonly layers: readonly Layer[];
  /** Hands this frame's [count, 4] positions to the layers (no CPU readback on GPU paths). */
  push(positions: tf.Tensor2D): void;
  stats(): BridgeStats;
  dispose(): void;
}

/**
 * A ParticleView from a path's layers and the position history that feeds them; `setSpeedMode`
 * switches the layers' shared colour uniform each frame (each path holds it its own way).
 */
export function assembleParticleView(
  count: number,
  trail: number,
  layers: readonly Layer[],
  history: { push(positions: tf.Tensor): void; getStats(): BridgeStats; dispose(): void },
  setSpeedMode: (on: boolean) => void,
): ParticleView {
  return {
    count,
    trail,
    layers: layers.map((layer) => ({
      object: layer.object,
      dispose: () => layer.dispose(),
      update(frame) {
        setSpeedMode(frame.params.colour === 'speed');
        layer.update(frame);
      },
    })),
    push: (positions) => history.push(positions),
    stats: () => history.getStats(),
    dispose() {
      for (const layer of layers) layer.dispose();
      history.dispose();
    },
  };
}

export type { PostChain } from './post-chain';
import type { PostChain } from './post-chain';

export interface RenderPath {
  readonly name: PathName;
  readonly canvas: HTMLCanvasElement;
  readonly renderer: THREE.WebGLRenderer | import('three/webgpu').WebGPURenderer;
  /** Adapter or GL renderer, for the HUD. */
  readonly device: string;
  /** Software rasteriser / fallback adapter: far too slow for big particle counts. */
  readonly software: boolean;
  /** Largest single tensor binding; the particle loop chunks its batch under it. */
  readonly maxBindingBytes: number;
  /** Particle count to start with when the user asked for none. */
  readonly defaultParticles: number;
  /** Resolves with a message if the GPU goes away (never for a deliberate dispose). */
  readonly lost: Promise<string>;
  onError(listener: (message: string) => void): () => void;
  /** Takes the GPU away as a driver reset would (tests and drills): `lost` then resolves. */
  provokeLoss(): void;
  /** Runs synchronous tfjs work with the shared context in the state tfjs expects. */
  runTf<T>(work: () => T): T;
  createParticleView(count: number, trail: number): ParticleView;
  /** The path's own particle simulation when it has one faster than tfjs ops (webgpu: the fused
   *  kernel); `field` forces one (null: the path's choice). Absent: the app uses ParticleSim. */
  createSim?(world: World, options: SimOptions, field: FieldPath | null): ParticleSimulation;
  createPost(scene: THREE.Scene, camera: THREE.Camera): PostChain;
  /** Fixed dots (the map's digits) drawn the way this renderer can. */
  readonly dots: DotsFactory;
  /** Resolves when the GPU has finished the work submitted so far. */
  gpuDone(): Promise<void>;
  dispose(): void;
}

/** Resolves when a GL fence has passed, polling without blocking (WebGL has no completion callback). */
export function glFenceDone(gl: WebGL2RenderingContext): Promise<void> {
  const sync = gl.fenceSync(gl.SYNC_GPU_COMMANDS_COMPLETE, 0);
  if (sync === null) return Promise.resolve();
  gl.flush();
  return new Promise((resolve) => {
    const poll = () => {
      if (gl.isContextLost() || gl.getSyncParameter(sync, gl.SYNC_STATUS) === gl.SIGNALED) {
        gl.deleteSync(sync);
        resolve();
      } else setTimeout(poll, 1);
    };
    poll();
  });
}

/** Largest render width or height `renderer` draws without shrinking (WebGPU guarantees 8192). */
export function maxRenderSide(renderer: RenderPath['renderer']): number {
  if (!(renderer instanceof THREE.WebGLRenderer)) return 8192;
  const gl = renderer.getContext();
  const viewport = gl.getParameter(gl.MAX_VIEWPORT_DIMS) as Int32Array;
  return Math.min(gl.getParameter(gl.MAX_TEXTURE_SIZE) as number, gl.getParameter(gl.MAX_RENDERBUFFER_SIZE) as number, viewport[0]!, viewport[1]!);
}
