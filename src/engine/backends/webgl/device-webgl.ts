/**
 * WebGL2 path: ONE WebGL2 context shared by tfjs (MathBackendWebGL registered as 'webgl') and
 * three.js (WebGLRenderer). Tensors then reach three as textures with no CPU round trip
 * (see bridge-webgl.ts).
 *
 * Both libraries cache GL state and each assumes it is alone, so every piece of tfjs work must run
 * inside `runTfjs()`, which puts the context back to GL defaults before and after it.
 */
import * as tf from '@tensorflow/tfjs';
import * as THREE from 'three';
import { ErrorListeners, assertTfBackendFree, installTfBackend, uninstallTfBackend, type GpuLoss, type GpuStackBase } from '../device-shared';

/** tfjs's own priority for 'webgl' (tfjs-backend-webgl/dist/base.js): keep backend choice unchanged. */
const TFJS_WEBGL_PRIORITY = 2;

export interface WebGLStack extends GpuStackBase {
  readonly path: 'webgl';
  readonly gl: WebGL2RenderingContext;
  readonly renderer: THREE.WebGLRenderer;
  readonly tfBackend: tf.MathBackendWebGL;
  /**
   * Runs synchronous tfjs work (ops, `dataToGPU`, model calls; for `data()` the part before its
   * first await) on the shared context, and returns its result. Re-entrant. Before: GL
   * defaults, so nothing three left behind (blending, depth test, colour mask, clockwise front
   * face with tfjs's culling, UNPACK_FLIP_Y on tfjs's uploads) corrupts tfjs's results. After:
   * unbind tfjs's vertex array (three's reset does not, and three would otherwise bind its index
   * buffers into it, breaking tfjs's next draw) and reset three's state cache.
   */
  runTfjs<T>(work: () => T): T;
}

export interface WebGLStackOptions {
  antialias?: boolean;
  /** A sketch's own WebGL2 renderer: tfjs shares its context; dispose leaves the renderer alone. */
  renderer?: THREE.WebGLRenderer;
}

/** Creates the shared WebGL2 context on `canvas`, tfjs's 'webgl' backend on it, and three's renderer. */
export async function createWebGLStack(canvas: HTMLCanvasElement, options: WebGLStackOptions = {}): Promise<WebGLStack> {
  // Before touching the context: the check comes too late once tfjs's context cache is reseeded.
  assertTfBackendFree('webgl');
  const adopted = options.renderer;
  const adoptedGl = adopted?.getContext();
  if (adoptedGl !== undefined && !(adoptedGl instanceof WebGL2RenderingContext)) throw new Error('the renderer runs on WebGL 1; latentflow needs WebGL2');
  // three's WebGLRenderer defaults, since three would have made the context itself.
  const gl = adoptedGl ?? canvas.getContext('webgl2', {
    alpha: false,
    depth: true,
    stencil: false,
    antialias: options.antialias ?? false,
    premultipliedAlpha: true,
    preserveDrawingBuffer: false,
    powerPreference: 'high-performance',
  });
  if (gl === null) throw new Error('WebGL2 is not available (getContext("webgl2") returned null)');

  const errors = new ErrorListeners();
  let disposing = false;
  const lost = new Promise<GpuLoss>((resolve) => {
    canvas.addEventListener('webglcontextlost', () => {
      if (disposing) return;
      const loss: GpuLoss = { path: 'webgl', reason: 'context-lost', message: 'WebGL2 context lost' };
      errors.emit(loss.message);
      resolve(loss);
    });
  });

  // tfjs probes WebGL (WEBGL_VERSION, max texture size, float rendering) through its context
  // cache; seeding the cache with ours stops it making a second, hidden context for the probes
  // (which, made with failIfMajorPerformanceCaveat, can fail on software GL).
  tf.setWebGLContext(2, gl);
  const tfBackend = new tf.MathBackendWebGL(new tf.GPGPUContext(gl));
  let installed = false;
  let renderer: THREE.WebGLRenderer;
  try {
    await installTfBackend('webgl', tfBackend, TFJS_WEBGL_PRIORITY);
    installed = true;
    renderer = adopted ?? new THREE.WebGLRenderer({ canvas, context: gl, antialias: options.antialias ?? false });
  } catch (e) {
    disposing = true;
    if (installed) uninstallTfBackend('webgl');
    throw e;
  }
  renderer.resetState();

  let depth = 0;
  return {
    path: 'webgl',
    canvas,
    tfBackendName: 'webgl',
    gl,
    renderer,
    tfBackend,
    lost,
    onError: (listener) => errors.add(listener),
    provokeLoss: () => gl.getExtension('WEBGL_lose_context')?.loseContext(),
    runTfjs<T>(work: () => T): T {
      if (depth++ === 0) renderer.resetState();
      try {
        return work();
      } finally {
        if (--depth === 0) {
          gl.bindVertexArray(null);
          renderer.resetState();
        }
      }
    },
    dispose() {
      if (disposing) return;
      disposing = true;
      // tfjs's backend takes its context's canvas out of the page when disposed; the canvas is the
      // caller's (a restart after a lost context puts a fresh copy in its place), so it goes back.
      const [parent, next] = [canvas.parentNode, canvas.nextSibling];
      uninstallTfBackend('webgl');
      if (parent !== null && canvas.parentNode === null) parent.insertBefore(canvas, next);
      // A sketch's renderer and its context are the sketch's to dispose.
      if (adopted) return;
      renderer.dispose();
      gl.getExtension('WEBGL_lose_context')?.loseContext();
    },
  };
}
