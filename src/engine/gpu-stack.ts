/**
 * The app's one GPU: a device (WebGPU) or context (WebGL2) shared by tfjs and three.js.
 *
 * The app picks the path; nothing falls back on its own (three's WebGPURenderer never falls back
 * to WebGL when given a device). Each path is loaded on demand so the WebGL path never imports
 * @tensorflow/tfjs-backend-webgpu (whose import alone registers a 'webgpu' backend) or three/webgpu.
 *
 *   const stack = await createGpuStack('webgpu', canvas);   // before any tfjs work on that backend
 *   stack.lost.then(showNoticeAndOfferOtherPath);
 */
import type { WebGPUStack, WebGPUStackOptions } from './backends/webgpu/device-webgpu';
import type { WebGLStack, WebGLStackOptions } from './backends/webgl/device-webgl';
import type { GpuPath } from './backends/device-shared';

export { hasWebGPU } from './backends/device-shared';
export type { GpuLoss, GpuPath, GpuStackBase } from './backends/device-shared';
export type { WebGPUStack, WebGPUStackOptions } from './backends/webgpu/device-webgpu';
export type { WebGLStack, WebGLStackOptions } from './backends/webgl/device-webgl';

export type GpuStack = WebGPUStack | WebGLStack;

/** Options both stacks take (adopting a sketch's renderer goes through each path's own module). */
type CommonOptions = Omit<WebGPUStackOptions, 'renderer'> & Omit<WebGLStackOptions, 'renderer'>;

export function createGpuStack(path: 'webgpu', canvas: HTMLCanvasElement, options?: WebGPUStackOptions): Promise<WebGPUStack>;
export function createGpuStack(path: 'webgl', canvas: HTMLCanvasElement, options?: WebGLStackOptions): Promise<WebGLStack>;
export function createGpuStack(path: GpuPath, canvas: HTMLCanvasElement, options?: CommonOptions): Promise<GpuStack>;
export async function createGpuStack(
  path: GpuPath,
  canvas: HTMLCanvasElement,
  options: CommonOptions = {},
): Promise<GpuStack> {
  if (path === 'webgpu') return (await import('./backends/webgpu/device-webgpu')).createWebGPUStack(canvas, options);
  return (await import('./backends/webgl/device-webgl')).createWebGLStack(canvas, options);
}

