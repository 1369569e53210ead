/**
 * Opens one GPU path on a canvas, or on a sketch's own renderer. Each path's module is loaded only
 * when tried, so the WebGL path never imports tfjs-backend-webgpu (whose import alone registers a
 * backend) or three/webgpu.
 */
import * as THREE from 'three';
import type { WebGPURenderer } from 'three/webgpu';
import type { PathName } from '../spec/spec';
import type { RenderPath } from './backends/render-path';

export type SketchRenderer = THREE.WebGLRenderer | WebGPURenderer;

/** The paths a sketch's renderer can draw: a WebGLRenderer draws webgl or wasm, a WebGPURenderer webgpu. */
export function pathsFor(renderer: SketchRenderer | undefined): readonly PathName[] {
  if (renderer === undefined) return ['webgpu', 'webgl', 'wasm'];
  return renderer instanceof THREE.WebGLRenderer ? ['webgl', 'wasm'] : ['webgpu'];
}

/** Creates the path `name` on `canvas` (or on `renderer`, whose canvas it then is). */
export async function createPath(name: PathName, canvas: HTMLCanvasElement, renderer?: SketchRenderer): Promise<RenderPath> {
  if (!pathsFor(renderer).includes(name)) throw new Error(`a ${renderer instanceof THREE.WebGLRenderer ? 'WebGLRenderer' : 'WebGPURenderer'} cannot run the ${name} path`);
  const gl = renderer instanceof THREE.WebGLRenderer ? renderer : undefined;
  if (name === 'webgpu') return (await import('./backends/webgpu/webgpu-path')).createWebGPUPath(canvas, renderer as WebGPURenderer | undefined);
  if (name === 'webgl') return (await import('./backends/webgl/webgl-path')).createWebGLPath(canvas, gl);
  return (await import('./backends/wasm/wasm-path')).createWasmPath(canvas, gl);
}
