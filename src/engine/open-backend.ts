/**
 * Opens one GPU path on a canvas. Each path's module is loaded only when tried, so the WebGL path
 * never imports tfjs-backend-webgpu (whose import alone registers a backend) or three/webgpu.
 */
import type { PathName } from '../spec/spec';
import type { RenderPath } from './backends/render-path';

/** Creates the path `name` on `canvas` (each module is loaded only when tried). */
export async function createPath(name: PathName, canvas: HTMLCanvasElement): Promise<RenderPath> {
  if (name === 'webgpu') return (await import('./backends/webgpu/webgpu-path')).createWebGPUPath(canvas);
  if (name === 'webgl') return (await import('./backends/webgl/webgl-path')).createWebGLPath(canvas);
  return (await import('./backends/wasm/wasm-path')).createWasmPath(canvas);
}
