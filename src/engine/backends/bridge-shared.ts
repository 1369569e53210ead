/**
 * What the two tensor-to-three bridges share: the particle tensor contract and the HUD counters.
 */
import * as tf from '@tensorflow/tfjs';

/** Particles travel as [N, 4] float32 rows (xyz + one spare channel); vec4 needs no padding anywhere. */
export const FLOATS_PER_PARTICLE = 4;
export const BYTES_PER_PARTICLE = FLOATS_PER_PARTICLE * Float32Array.BYTES_PER_ELEMENT;

/** Per-bridge counters for the HUD; byte counts are cumulative since the bridge was made. */
export interface BridgeStats {
  pushes: number;
  /** Bytes copied GPU to GPU by the bridge (WebGPU: into three's buffer; WebGL: none, three samples tfjs's texture). */
  bytesCopied: number;
  /** Bytes moved GPU -> CPU by the bridge. Zero by construction on both paths. */
  readbackBytes: number;
  /** Bytes uploaded CPU -> GPU because a tensor had no GPU copy (tfjs ran its op on the CPU). */
  uploadBytes: number;
}

export function emptyStats(): BridgeStats {
  return { pushes: 0, bytesCopied: 0, readbackBytes: 0, uploadBytes: 0 };
}

/**
 * True for tfjs's readToGPU error on a tensor whose values exist only on the CPU: small ops run on
 * the CPU (WEBGPU_CPU_FORWARD under 1000 values, WEBGL_CPU_FORWARD under 128), and tfjs 4.22 has no
 * public way to ask where a tensor lives (backend_webgpu.js l.450, backend_webgl.js l.353).
 */
export function isCpuResidentError(e: unknown): boolean {
  return e instanceof Error && /not on GPU but on CPU/.test(e.message);
}

export function checkParticleCount(who: string, count: number): void {
  if (!Number.isInteger(count) || count <= 0) throw new RangeError(`${who}: count must be a positive integer, got ${count}`);
}

/** Throws unless `tensor` is float32 [count, 4] on the backend that shares the renderer's GPU. */
export function checkParticleTensor(who: string, tensor: tf.Tensor, count: number, backendName: string): void {
  const [rows, cols] = tensor.shape;
  if (tensor.rank !== 2 || rows !== count || cols !== FLOATS_PER_PARTICLE || tensor.dtype !== 'float32') {
    throw new Error(`${who}: expected float32 [${count}, ${FLOATS_PER_PARTICLE}], got ${tensor.dtype} [${tensor.shape.join(', ')}]`);
  }
  if (tf.getBackend() !== backendName) {
    throw new Error(`${who}: tensors must live on the shared '${backendName}' backend, the active one is '${tf.getBackend()}'`);
  }
}

/** Texture layout: a power-of-two width near sqrt(N), so big N stays inside MAX_TEXTURE_SIZE. */
export function positionTextureShape(count: number, maxTextureSize: number): { width: number; height: number } {
  const width = Math.min(maxTextureSize, 2 ** Math.ceil(Math.log2(Math.max(1, Math.sqrt(count)))));
  const height = Math.ceil(count / width);
  if (height > maxTextureSize) throw new RangeError(`${count} particles do not fit a ${maxTextureSize}^2 texture`);
  return { width, height };
}
