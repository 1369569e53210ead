/**
 * The last resort: tfjs on the CPU (wasm, SIMD + threads when the page is cross-origin isolated),
 * three's WebGLRenderer on a context of its own, positions uploaded every frame. Fewer particles,
 * and the page says so.
 */
import * as THREE from 'three';
import { CpuPositionTexture } from './cpu-positions';
import { chooseBackend } from '../tfjs-backend';
import { createGlDots } from '../glsl/dots-glsl';
import { createBloomWebGL } from '../glsl/bloom-webgl';
import { createGlslParticleView } from '../glsl/glsl-view';
import { glFenceDone, type RenderPath } from '../render-path';
import { glRendererName } from '../gl-info';

/** `adopted`: a sketch's own WebGLRenderer to draw with (left alone on dispose); otherwise one is made on `canvas`. */
export async function createWasmPath(canvas: HTMLCanvasElement, adopted?: THREE.WebGLRenderer): Promise<RenderPath> {
  await chooseBackend(['wasm']);
  const renderer = adopted ?? new THREE.WebGLRenderer({ canvas, antialias: false, powerPreference: 'high-performance' });
  const gl = renderer.getContext() as WebGL2RenderingContext;
  const maxTexture = renderer.capabilities.maxTextureSize;
  const errors = new Set<(message: string) => void>();
  let disposing = false;
  const lost = new Promise<string>((resolve) => {
    canvas.addEventListener('webglcontextlost', () => {
      if (disposing) return;
      for (const listener of errors) listener('WebGL2 context lost');
      resolve('WebGL2 context lost');
    });
  });
  const threads = typeof crossOriginIsolated !== 'undefined' && crossOriginIsolated ? 'threads' : 'one thread';
  return {
    name: 'wasm',
    canvas,
    renderer,
    device: `CPU (tfjs wasm, ${threads}) + ${glRendererName(gl)}`,
    software: true,
    maxBindingBytes: 256 * 2 ** 20,
    defaultParticles: 2048,
    lost,
    onError(listener) {
      errors.add(listener);
      return () => errors.delete(listener);
    },
    provokeLoss: () => gl.getExtension('WEBGL_lose_context')?.loseContext(),
    runTf: (work) => work(),
    createParticleView: (count, trail) => createGlslParticleView(() => new CpuPositionTexture(count, maxTexture), count, trail),
    createPost: (scene, camera) => createBloomWebGL(renderer, scene, camera, (work) => work()),
    dots: createGlDots,
    gpuDone: () => glFenceDone(gl),
    dispose() {
      disposing = true;
      if (adopted) return;
      renderer.dispose();
      renderer.forceContextLoss();
    },
  };
}
