/**
 * tfjs tensor [N,4] float32 -> three.js storage buffer, on the shared WebGPU device, with no CPU
 * readback: one GPU-side copy per frame.
 *
 *   const bridge = new WebGPUTensorBridge(stack, N);
 *   material.positionNode = positionLocal.add(bridge.positionNode().xyz);  // TSL, by instanceIndex
 *   mesh.count = N;
 *   each frame: bridge.push(positions); renderer.render(scene, camera);
 *
 * How (tfjs-backend-webgpu 4.22, dist/backend_webgpu.js; three 0.187, src/renderers/webgpu/):
 *  - `tensor.dataToGPU()` (readToGPU, l.442-470) copies the tensor into a fresh buffer (usage
 *    STORAGE|COPY_SRC|COPY_DST, offset 0) AND calls `submitQueue()` (l.463), which flushes tfjs's
 *    deferred command encoder (it submits only every 15 dispatches, l.775). So every kernel that
 *    produced the tensor is on the queue before our copy; queue order does the rest.
 *  - three creates the attribute's GPUBuffer lazily (WebGPUAttributeUtils.js createAttribute
 *    l.104-230, usage STORAGE|VERTEX|COPY_SRC|COPY_DST from WebGPUBackend.js
 *    createStorageAttribute l.2937); we create it eagerly through that same method so the first
 *    frame already draws tfjs's values, then read it from `renderer.backend.get(attr).buffer`.
 *  - our `copyBufferToBuffer` is submitted before three's render pass, so three reads it.
 *
 * Why this and not the alternatives:
 *  - three drawing straight from tfjs's buffer: three binds an attribute's buffer once per bind
 *    group and tfjs hands out a different pooled buffer per tensor; swapping it every frame means
 *    patching three's private bind-group cache.
 *  - tfjs writing straight into three's buffer (`tf.tensor({buffer, zeroCopy: true})`): tfjs ops
 *    always allocate their output, so a copy is still needed to land in three's buffer. The
 *    zero-copy wrap IS useful the other way round (three's buffer as the input of the next step):
 *    see `asTensor()`.
 *  - copying from the tensor's own buffer (backend.tensorMap...resource after flushing) saves one
 *    copy of 16 N bytes but depends on tfjs internals; that copy is ~16 MiB of bandwidth at 1M
 *    particles (microseconds on a real GPU) next to the ~200 kFLOP/particle model (DESIGN.md
 *    section 5). tests/browser/fixtures/gpu-copy-bench.ts measures both, and a CPU round trip.
 *
 * Never set `needsUpdate` on `attribute` nor give it DynamicDrawUsage: three would re-upload the
 * stale CPU array over the tensor data (common/Attributes.js update()).
 */
import * as tf from '@tensorflow/tfjs';
import { DynamicDrawUsage, StorageInstancedBufferAttribute } from 'three/webgpu';
import { instanceIndex, storage } from 'three/tsl';
import type { WebGPUStack } from './device-webgpu';
import {
  BYTES_PER_PARTICLE,
  FLOATS_PER_PARTICLE,
  checkParticleCount,
  checkParticleTensor,
  emptyStats,
  isCpuResidentError,
  type BridgeStats,
} from '../bridge-shared';

/** The parts of three's WebGPUBackend the bridge uses; @types/three leaves them out. */
interface ThreeWebGPUBackendInternals {
  get(object: object): { buffer?: GPUBuffer };
  createStorageAttribute(attribute: StorageInstancedBufferAttribute): void;
}

export class WebGPUTensorBridge {
  /** Holds the positions three draws; bind it with `positionNode()` or `storage(attribute, 'vec4', count)`. */
  readonly attribute: StorageInstancedBufferAttribute;
  readonly count: number;
  private readonly stats: BridgeStats = emptyStats();
  private target: GPUBuffer | undefined;

  constructor(
    private readonly stack: WebGPUStack,
    count: number,
  ) {
    checkParticleCount('WebGPUTensorBridge', count);
    this.count = count;
    this.attribute = new StorageInstancedBufferAttribute(new Float32Array(count * FLOATS_PER_PARTICLE), FLOATS_PER_PARTICLE);
    this.attribute.name = 'tfjs positions';
  }

  /** TSL node: this instance's vec4 (read-only: vertex stages may not write storage buffers). */
  positionNode() {
    return storage(this.attribute, 'vec4', this.count).toReadOnly().element(instanceIndex);
  }

  /** three's GPUBuffer behind `attribute`, created on first call. */
  gpuBuffer(): GPUBuffer {
    if (this.target !== undefined) return this.target;
    const backend = this.stack.renderer.backend as unknown as ThreeWebGPUBackendInternals;
    if (backend.get(this.attribute).buffer === undefined) backend.createStorageAttribute(this.attribute);
    const buffer = backend.get(this.attribute).buffer;
    if (buffer === undefined) throw new Error('three.js did not create a GPU buffer for the storage attribute');
    if ((buffer.usage & GPUBufferUsage.COPY_DST) === 0) throw new Error('three.js storage buffer lacks COPY_DST usage');
    this.target = buffer;
    return buffer;
  }

  /** Copies `tensor` ([count, 4] float32, on the shared 'webgpu' backend) into three's buffer. */
  push(tensor: tf.Tensor): void {
    checkParticleTensor('WebGPUTensorBridge', tensor, this.count, this.stack.tfBackendName);
    if (this.attribute.usage === DynamicDrawUsage) throw new Error('WebGPUTensorBridge: DynamicDrawUsage would make three overwrite the tensor data');
    const target = this.gpuBuffer();
    const byteLength = this.count * BYTES_PER_PARTICLE;
    let gpu: tf.GPUData;
    try {
      gpu = tensor.dataToGPU();
    } catch (e) {
      if (!isCpuResidentError(e)) throw e;
      this.upload(tensor, target);
      return;
    }
    try {
      if (gpu.buffer === undefined || gpu.buffer.size < byteLength) throw new Error('tfjs dataToGPU() gave no buffer of the tensor size');
      const encoder = this.stack.device.createCommandEncoder({ label: 'tfjs -> three positions' });
      encoder.copyBufferToBuffer(gpu.buffer, 0, target, 0, byteLength);
      this.stack.device.queue.submit([encoder.finish()]);
    } finally {
      // Safe right away: tfjs reuses the buffer only in later submissions, after our copy.
      gpu.tensorRef.dispose();
    }
    this.stats.pushes++;
    this.stats.bytesCopied += byteLength;
  }

  /**
   * A new [count, 4] tensor that IS three's buffer (zero copy), e.g. the state input of the next
   * simulation step. Dispose it (or make it inside tf.tidy); tfjs never frees three's buffer.
   * Do not read it with data()/dataSync(): tfjs caches the values it reads and would serve that
   * stale cache after the next push.
   */
  asTensor(): tf.Tensor2D {
    return tf.tensor({ buffer: this.gpuBuffer(), zeroCopy: true }, [this.count, FLOATS_PER_PARTICLE], 'float32') as tf.Tensor2D;
  }

  getStats(): BridgeStats {
    return { ...this.stats };
  }

  /**
   * Frees three's buffer. Through three first (its 'dispose' listener destroys the buffer and
   * forgets it); then directly, for a buffer three never drew with and so never tracks.
   * Destroying a GPUBuffer twice is allowed.
   */
  dispose(): void {
    this.attribute.dispose();
    this.target?.destroy();
    this.target = undefined;
  }

  /** Small tensors may be computed on the CPU by tfjs (WEBGPU_CPU_FORWARD); their values are already here. */
  private upload(tensor: tf.Tensor, target: GPUBuffer): void {
    const values = tensor.dataSync() as Float32Array;
    this.stack.device.queue.writeBuffer(target, 0, values.buffer, values.byteOffset, values.byteLength);
    this.stats.pushes++;
    this.stats.uploadBytes += values.byteLength;
  }
}
