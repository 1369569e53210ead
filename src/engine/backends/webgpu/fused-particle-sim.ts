/**
 * The particle flow on the fused WebGPU kernel (src/engine/backends/webgpu/fused-field.ts): same behaviour as
 * ParticleSim (the tfjs reference), but each frame's field step, Euler step, projection and
 * packing is one dispatch per chunk, with the state in GPU buffers owned here. Nothing is read back.
 *
 * The respawn check (NaN, off the manifold, too old) stays in tfjs: on check frames the chunk's
 * buffers are wrapped as tensors (`tf.tensor({buffer, zeroCopy: true})`), tfjs computes the new
 * state with the same ManifoldReference as the reference path, and the results are copied back
 * GPU to GPU. The check runs at the START of a check frame, on the state the previous frame left
 * (the reference checks after stepping): a respawned particle is drawn one Euler step past its
 * spawn point, with w = -1 as before, and its nearest-digit label comes from the state just before
 * the step. Everything else (speed share, label + share in w, age limit) is the same.
 *
 * Rows are chunked as in ParticleSim because the check's [rows, M] distance matrix must fit one
 * binding; each chunk has its own buffers (a zero-copy tensor wraps a whole buffer) and all chunks
 * write one [N, 4] output buffer, which `step` returns wrapped as a tensor.
 */
import * as tf from '@tensorflow/tfjs';
import { FusedField } from './fused-field';
import { ROW_VEC4_BYTES } from './fused-field-plan';
import { isCpuResidentError } from '../bridge-shared';
import type { ManifoldReference } from '../../world/manifold';
import type { World } from '../../world/world';
import { BookkeptSimulation, type ParticleSimulation, type SimOptions } from '../../particles/particle-sim';

interface FusedChunk {
  start: number;
  rows: number;
  z: GPUBuffer;
  /** (label, age, fresh, spare) per row; the kernel advances age and clears fresh. */
  meta: GPUBuffer;
  iota: tf.Tensor1D;
}

const STATE_USAGE = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;

export class FusedParticleSim extends BookkeptSimulation implements ParticleSimulation {
  readonly fieldPath = 'fused' as const;
  private chunks: FusedChunk[] = [];
  private out: GPUBuffer | undefined;

  /** The fused sim of `world` on `device` (tfjs's 'webgpu' backend must run on it); it owns the kernel. */
  static create(device: GPUDevice, world: World, options: SimOptions): FusedParticleSim {
    const kernel = FusedField.create(device, world.input.models.dynamics, world.projector, { referenceSpeed: world.referenceSpeed });
    return new FusedParticleSim(device, kernel, world.manifold, options);
  }

  constructor(
    private readonly device: GPUDevice,
    /** Owned: disposed with the sim. */
    private readonly kernel: FusedField,
    manifold: ManifoldReference,
    options: SimOptions,
  ) {
    // Chunk starts must keep the output binding aligned: chunk sizes are powers of two >= 256.
    super(manifold, options);
    if (manifold.dim !== kernel.dim) throw new Error(`the manifold is ${manifold.dim}-D but the field is ${kernel.dim}-D`);
    this.resize(options.count);
  }

  step(u: number, dt: number): tf.Tensor2D {
    if (this.book.nextFrame()) for (const chunk of this.chunks) this.check(chunk);
    this.kernel.step(
      this.chunks.map((c) => ({ z: c.z, meta: c.meta, out: this.out!, rows: c.rows, outFirstRow: c.start })),
      u,
      dt,
    );
    // A fresh wrap each frame: tfjs caches values a debug data() read, and a new tensor has none.
    this.output?.dispose();
    this.output = tf.tensor({ buffer: this.out!, zeroCopy: true }, [this.book.count, 4], 'float32') as tf.Tensor2D;
    return this.output;
  }

  /** The respawn pass of one chunk, in tfjs on its wrapped buffers (see the header). */
  private check(chunk: FusedChunk): void {
    const next = tf.tidy(() => {
      const z = this.wrap(chunk.z, [chunk.rows, this.kernel.dim]);
      const meta = this.wrap(chunk.meta, [chunk.rows, 4]);
      const age = meta.slice([0, 1], [-1, 1]).reshape([-1]) as tf.Tensor1D;
      const decision = this.book.check(z, age, chunk.iota);
      const fresh = decision.mask.toFloat();
      return { z: decision.z, meta: tf.stack([decision.label, decision.age, fresh, tf.zerosLike(fresh)], 1) as tf.Tensor2D };
    });
    this.copyInto(next.z, chunk.z);
    this.copyInto(next.meta, chunk.meta);
    tf.dispose([next.z, next.meta]);
  }

  private wrap(buffer: GPUBuffer, shape: [number, number]): tf.Tensor2D {
    return tf.tensor({ buffer, zeroCopy: true }, shape, 'float32') as tf.Tensor2D;
  }

  /** tensor -> our buffer, GPU to GPU. dataToGPU also submits tfjs's queued work, so every tfjs
   *  read of our buffers is on the queue before anything we submit next overwrites them. */
  private copyInto(tensor: tf.Tensor, target: GPUBuffer): void {
    const bytes = tensor.size * 4;
    let gpu: tf.GPUData;
    try {
      gpu = tensor.dataToGPU();
    } catch (e) {
      // Tiny tensors may live on the CPU (WEBGPU_CPU_FORWARD): their values are already here.
      if (!isCpuResidentError(e)) throw e;
      const values = tensor.dataSync() as Float32Array;
      this.device.queue.writeBuffer(target, 0, values.buffer, values.byteOffset, values.byteLength);
      return;
    }
    try {
      if (gpu.buffer === undefined) throw new Error('tfjs dataToGPU() gave no buffer');
      const encoder = this.device.createCommandEncoder({ label: 'fused sim state' });
      encoder.copyBufferToBuffer(gpu.buffer, 0, target, 0, bytes);
      this.device.queue.submit([encoder.finish()]);
    } finally {
      gpu.tensorRef.dispose();
    }
  }



  /** Changes the particle count, keeping the first min(old, new) particles. */
  resize(count: number): void {
    if (count === this.book.count) return;
    const old = this.chunks;
    const kept = Math.min(count, this.book.count);
    const dim = this.kernel.dim;
    const fresh: FusedChunk[] = [];
    const ranges = this.book.layout(count);
    const carry = this.device.createCommandEncoder({ label: 'fused sim resize' });
    for (const { start, rows } of ranges) {
      const chunk: FusedChunk = {
        start,
        rows,
        z: this.device.createBuffer({ label: 'fused sim z', size: rows * dim * 4, usage: STATE_USAGE }),
        meta: this.device.createBuffer({ label: 'fused sim meta', size: rows * ROW_VEC4_BYTES, usage: STATE_USAGE }),
        iota: tf.keep(tf.range(start, start + rows, 1, 'int32') as tf.Tensor1D),
      };
      const spawned = tf.tidy(() => {
        const spawn = this.book.spawn(chunk.iota);
        return { z: spawn.z, meta: tf.stack([spawn.label, spawn.age, tf.zerosLike(spawn.age), tf.zerosLike(spawn.age)], 1) };
      });
      this.copyInto(spawned.z, chunk.z);
      this.copyInto(spawned.meta, chunk.meta);
      tf.dispose([spawned.z, spawned.meta]);
      // The old particles of this range keep their state (chunk boundaries do not move).
      const take = Math.max(0, Math.min(rows, kept - start));
      const from = old[start / this.rowsPerChunk];
      if (take > 0 && from !== undefined) {
        carry.copyBufferToBuffer(from.z, 0, chunk.z, 0, take * dim * 4);
        carry.copyBufferToBuffer(from.meta, 0, chunk.meta, 0, take * ROW_VEC4_BYTES);
      }
      fresh.push(chunk);
    }
    this.device.queue.submit([carry.finish()]);
    // Already-submitted copies still read the old buffers: destroy() waits for them.
    this.destroyChunks(old);
    this.chunks = fresh;
    this.output?.dispose();
    this.output = undefined;
    this.out?.destroy();
    this.out = this.device.createBuffer({ label: 'fused sim positions', size: count * ROW_VEC4_BYTES, usage: STATE_USAGE });
  }

  /** Makes the first `rows` particles' latents NaN (tests of the NaN guard). */
  poison(rows: number): void {
    const first = this.chunks[0];
    if (first === undefined) return;
    const values = new Float32Array(Math.min(rows, first.rows) * this.kernel.dim).fill(NaN);
    this.device.queue.writeBuffer(first.z, 0, values);
  }

  /** Debug only: the latent states (N x dim) and ages, read back. */
  async readState(): Promise<{ z: Float32Array; age: Float32Array }> {
    const { z, age } = tf.tidy(() => ({
      z: tf.concat(this.chunks.map((c) => this.wrap(c.z, [c.rows, this.kernel.dim])), 0),
      age: tf.concat(this.chunks.map((c) => this.wrap(c.meta, [c.rows, 4]).slice([0, 1], [-1, 1]).reshape([-1])), 0),
    }));
    // Both reads are issued before either is awaited: each copies its buffer on the GPU at once, so
    // a resize in between (which destroys the chunks' buffers) cannot reach the second.
    try {
      const [zs, ages] = await Promise.all([z.data(), age.data()]);
      return { z: zs as Float32Array, age: ages as Float32Array };
    } finally {
      tf.dispose([z, age]);
    }
  }

  private destroyChunks(chunks: readonly FusedChunk[]): void {
    for (const c of chunks) {
      c.z.destroy();
      c.meta.destroy();
      c.iota.dispose();
    }
  }

  dispose(): void {
    this.destroyChunks(this.chunks);
    this.chunks = [];
    this.output?.dispose();
    this.output = undefined;
    this.out?.destroy();
    this.out = undefined;
    this.kernel.dispose();
    this.book.dispose();
  }
}
