/**
 * What a soak watches for a leak, read from bookkeeping at no GPU cost: the GPU objects three.js
 * holds alive (geometries, textures, shader programs) and tfjs's live tensors.
 */
import * as tf from '@tensorflow/tfjs';
import type { RenderPath } from './backends/render-path';

export interface GpuObjects {
  geometries: number;
  textures: number;
  programs: number;
}

export function gpuObjects(renderer: RenderPath['renderer']): GpuObjects {
  const info = renderer.info as { memory?: { geometries?: number; textures?: number }; programs?: unknown[] | null };
  return { geometries: info.memory?.geometries ?? 0, textures: info.memory?.textures ?? 0, programs: info.programs?.length ?? 0 };
}

/** Live tfjs tensors and the bytes they hold. */
export function tensorCounts(): { tensors: number; tensorBytes: number } {
  const { numTensors, numBytes } = tf.memory();
  return { tensors: numTensors, tensorBytes: numBytes };
}
