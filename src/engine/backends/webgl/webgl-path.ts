/** The WebGL2 path: one context shared by tfjs and three's WebGLRenderer (see src/engine/gpu-stack.ts). */
import type * as THREE from 'three';
import { createWebGLStack } from './device-webgl';
import { WebGLTensorBridge } from './bridge-webgl';
import { createGlDots } from '../glsl/dots-glsl';
import { createBloomWebGL } from '../glsl/bloom-webgl';
import { createGlslParticleView } from '../glsl/glsl-view';
import { glRendererName, isSoftwareGl } from '../gl-info';
import { glFenceDone, type RenderPath } from '../render-path';

/** `renderer`: a sketch's own WebGL2 renderer (tfjs then shares its context); otherwise one is made on `canvas`. */
export async function createWebGLPath(canvas: HTMLCanvasElement, renderer?: THREE.WebGLRenderer): Promise<RenderPath> {
  const stack = await createWebGLStack(canvas, { renderer });
  const device = glRendererName(stack.gl);
  const software = isSoftwareGl(device);
  const maxTexture = stack.gl.getParameter(stack.gl.MAX_TEXTURE_SIZE) as number;
  return {
    name: 'webgl',
    canvas,
    renderer: stack.renderer,
    device,
    software,
    // tfjs packs 4 values per texel: the widest intermediate must fit one texture.
    maxBindingBytes: maxTexture * maxTexture * 16,
    defaultParticles: software ? 1024 : 100_000,
    lost: stack.lost.then((loss) => loss.message),
    onError: (listener) => stack.onError(listener),
    provokeLoss: () => stack.provokeLoss(),
    runTf: (work) => stack.runTfjs(work),
    createParticleView: (count, trail) => createGlslParticleView(() => new WebGLTensorBridge(stack, count), count, trail),
    createPost: (scene, camera) => createBloomWebGL(stack.renderer, scene, camera, (work) => work()),
    dots: createGlDots,
    gpuDone: () => glFenceDone(stack.gl),
    dispose: () => stack.dispose(),
  };
}
