/**
 * Which GPU path to try, in order. A forced path (?backend=) goes first, then the other GPU path,
 * then the CPU. Otherwise hardware comes first (WebGPU, then WebGL2); on a machine whose only GPUs
 * are software rasterisers, tfjs on the CPU (wasm, SIMD) is ten times faster than either, so it
 * leads there (measured: DESIGN.md section 6).
 */
import { hasWebGPU } from './device-shared';
import type { PathName } from '../../spec/spec';
import { glRendererName, isSoftwareGl } from './gl-info';

export interface PathProbe {
  webgpu: 'hardware' | 'software' | 'none';
  webgl: 'hardware' | 'software' | 'none';
  /** Human-readable reasons, for the notice that says why a path was passed over. */
  detail: string[];
}

export async function probePaths(): Promise<PathProbe> {
  const detail: string[] = [];
  let webgpu: PathProbe['webgpu'] = 'none';
  if (hasWebGPU()) {
    try {
      const adapter = await navigator.gpu.requestAdapter({ powerPreference: 'high-performance' });
      if (adapter === null) detail.push('WebGPU: no adapter');
      else webgpu = adapter.info.isFallbackAdapter ? 'software' : 'hardware';
      if (webgpu === 'software') detail.push('WebGPU: only a software fallback adapter');
    } catch (e) {
      detail.push(`WebGPU: ${(e as Error).message}`);
    }
  } else detail.push('WebGPU: not supported by this browser');
  let webgl: PathProbe['webgl'] = 'none';
  // An OffscreenCanvas: the probe touches no DOM.
  const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
  if (gl === null) detail.push('WebGL2: not available');
  else {
    const name = glRendererName(gl);
    webgl = isSoftwareGl(name) ? 'software' : 'hardware';
    if (webgl === 'software') detail.push(`WebGL2: software renderer (${name})`);
    gl.getExtension('WEBGL_lose_context')?.loseContext();
  }
  return { webgpu, webgl, detail };
}

export function pathOrder(forced: PathName | null, probe: PathProbe | null): PathName[] {
  if (forced !== null || probe === null) {
    // The user asked for a path: if it fails, the other GPU path is the nearest thing, then the CPU.
    const gpus: PathName[] = forced === 'webgl' ? ['webgl', 'webgpu'] : ['webgpu', 'webgl'];
    if (forced === null) return [...gpus, 'wasm'];
    return forced === 'wasm' ? ['wasm', ...gpus] : [...gpus, 'wasm'];
  }
  const order: PathName[] = [];
  if (probe.webgpu === 'hardware') order.push('webgpu');
  if (probe.webgl === 'hardware') order.push('webgl');
  order.push('wasm');
  if (probe.webgl === 'software') order.push('webgl');
  if (probe.webgpu === 'software') order.push('webgpu');
  return order;
}

