/**
 * tfjs tensor [N,4] float32 -> texture three.js samples, on the shared WebGL2 context, with no CPU
 * readback and no copy of our own.
 *
 *   const bridge = new WebGLTensorBridge(stack, N);
 *   material = new THREE.RawShaderMaterial({ glslVersion: THREE.GLSL3, uniforms: bridge.uniforms(),
 *     vertexShader: header + WEBGL_FETCH_POSITION_GLSL + '... fetchPosition(gl_InstanceID) ...' });
 *   each frame: const positions = stack.runTfjs(() => model.step(state));
 *               bridge.push(positions);   // runs inside runTfjs itself
 *               renderer.render(scene, camera);
 *
 * How (tfjs-backend-webgl 4.22, dist/backend_webgl.js; three 0.187):
 *  - `tensor.dataToGPU({customTexShape: [h, w]})` (readToGPU l.329-365, decode l.662-685) runs a
 *    decode program into a new dense RGBA float texture of h x w texels: texel i holds row i of
 *    the [N,4] tensor. tfjs textures are NEAREST/CLAMP, so `texelFetch` needs no sampler setup.
 *  - `THREE.ExternalTexture(glTexture)` (src/textures/ExternalTexture.js): WebGLTextures.js
 *    setTexture2D (l.639-643) binds `sourceTexture` as is, never uploading or changing parameters.
 *  - the texture belongs to `tensorRef`; disposing it returns the texture to tfjs's pool, where
 *    the next op may overwrite it. So the bridge holds each frame's tensorRef until the next push,
 *    after three's draw of it has been issued (GL executes in order).
 *
 * On GPUs that cannot render to float32 (WEBGL_RENDER_FLOAT32_ENABLED false) tfjs uses half-float
 * textures: positions then have fp16 precision (see `precisionBits`).
 */
import * as tf from '@tensorflow/tfjs';
import * as THREE from 'three';
import type { WebGLStack } from './device-webgl';
import {
  BYTES_PER_PARTICLE,
  FLOATS_PER_PARTICLE,
  checkParticleCount,
  checkParticleTensor,
  emptyStats,
  isCpuResidentError,
  type BridgeStats,
} from '../bridge-shared';
import { positionTextureShape } from '../bridge-shared';

/** GLSL ES 3.00: `fetchPosition(i)` is the i-th row of the pushed tensor. Needs `uniforms()`. */
export const WEBGL_FETCH_POSITION_GLSL = /* glsl */ `
uniform highp sampler2D uPositions;
uniform int uPositionsWidth;
vec4 fetchPosition(int i) {
  return texelFetch(uPositions, ivec2(i % uPositionsWidth, i / uPositionsWidth), 0);
}
`;

export interface WebGLBridgeUniforms {
  [name: string]: THREE.IUniform;
  uPositions: THREE.IUniform<THREE.ExternalTexture>;
  uPositionsWidth: THREE.IUniform<number>;
}


export class WebGLTensorBridge {
  readonly texture = new THREE.ExternalTexture(null);
  readonly count: number;
  readonly width: number;
  readonly height: number;
  private readonly stats: BridgeStats = emptyStats();
  private held: tf.Tensor | undefined;
  private fallback: { texture: WebGLTexture; staging: Float32Array } | undefined;

  constructor(
    private readonly stack: WebGLStack,
    count: number,
  ) {
    checkParticleCount('WebGLTensorBridge', count);
    this.count = count;
    const shape = positionTextureShape(count, stack.gl.getParameter(stack.gl.MAX_TEXTURE_SIZE) as number);
    this.width = shape.width;
    this.height = shape.height;
    this.texture.name = 'tfjs positions';
  }

  /** Uniform values for WEBGL_FETCH_POSITION_GLSL; share the object across materials. */
  uniforms(): WebGLBridgeUniforms {
    return { uPositions: { value: this.texture }, uPositionsWidth: { value: this.width } };
  }

  /** 32 when tfjs renders to float32 textures; 16 on GPUs where it falls back to half floats. */
  precisionBits(): 32 | 16 {
    return tf.env().getBool('WEBGL_RENDER_FLOAT32_ENABLED') ? 32 : 16;
  }

  /** Points the texture at `tensor` ([count, 4] float32, on the shared 'webgl' backend). */
  push(tensor: tf.Tensor): void {
    checkParticleTensor('WebGLTensorBridge', tensor, this.count, this.stack.tfBackendName);
    this.stack.runTfjs(() => {
      let gpu: tf.GPUData;
      try {
        gpu = tensor.dataToGPU({ customTexShape: [this.height, this.width] });
      } catch (e) {
        if (!isCpuResidentError(e)) throw e;
        this.upload(tensor);
        return;
      }
      if (gpu.texture === undefined) {
        gpu.tensorRef.dispose();
        throw new Error('tfjs dataToGPU() gave no texture');
      }
      this.hold(gpu.tensorRef);
      this.texture.sourceTexture = gpu.texture;
      this.stats.pushes++;
    });
  }

  getStats(): BridgeStats {
    return { ...this.stats };
  }

  dispose(): void {
    this.hold(undefined);
    if (this.fallback !== undefined) this.stack.gl.deleteTexture(this.fallback.texture);
    this.fallback = undefined;
    this.texture.sourceTexture = null;
    this.texture.dispose();
  }

  private hold(tensorRef: tf.Tensor | undefined): void {
    this.held?.dispose();
    this.held = tensorRef;
  }

  /**
   * Small tensors may be computed on the CPU by tfjs (WEBGL_CPU_FORWARD, under 128 values); their
   * values are already here, so upload them into a texture of our own with the same layout.
   */
  private upload(tensor: tf.Tensor): void {
    const gl = this.stack.gl;
    if (this.fallback === undefined) {
      const texture = gl.createTexture();
      gl.bindTexture(gl.TEXTURE_2D, texture);
      gl.texStorage2D(gl.TEXTURE_2D, 1, gl.RGBA32F, this.width, this.height);
      gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, gl.NEAREST);
      gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER, gl.NEAREST);
      this.fallback = { texture, staging: new Float32Array(this.width * this.height * FLOATS_PER_PARTICLE) };
    }
    const { texture, staging } = this.fallback;
    staging.set(tensor.dataSync() as Float32Array);
    gl.bindTexture(gl.TEXTURE_2D, texture);
    gl.texSubImage2D(gl.TEXTURE_2D, 0, 0, 0, this.width, this.height, gl.RGBA, gl.FLOAT, staging);
    this.hold(undefined);
    this.texture.sourceTexture = texture;
    this.stats.pushes++;
    this.stats.uploadBytes += this.count * BYTES_PER_PARTICLE;
  }
}
