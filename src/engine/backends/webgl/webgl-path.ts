/** The WebGL2 path: one context shared by tfjs and three's WebGLRenderer (see src/engine/gpu-stack.ts). */
import { createWebGLStack } from './device-webgl';
import { WebGLTensorBridge } from './bridge-webgl';
import { createGlDots } from '../glsl/dots-glsl';
import { createBloomWebGL } from '../glsl/bloom-webgl';
import { createGlslParticleView } from '../glsl/glsl-view';
import { glRendererName, isSoftwareGl } from '../gl-info';
import { glFenceDone, type RenderPath } from '../render-path';

export async function createWebGLPath(canvas: HTMLCanvasElement): Promise<RenderPath> {
  const stack = await createWebGLStack(canvas);
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
    runTf: (work) => stack.runTfjs(work),
    createParticleView: (count, trail) => createGlslParticleView(() => new WebGLTensorBridge(stack, count), count, trail),
    createPost: (scene, camera) => createBloomWebGL(stack.renderer, scene, camera, (work) => work()),
    dots: createGlDots,
    gpuDone: () => glFenceDone(stack.gl),
    dispose: () => stack.dispose(),
  };
}
