/**
 * The particle flow, all in tfjs on whatever backend is active: N latent states z [N, d] (d the
 * bundle's latent size, 64 for the shipped models) and ages, advanced every frame by
 * z += dt * f(z, u), projected to the 3D map, and packed into one [N, 4] tensor (x, y, z, w) for
 * the renderer. Nothing is read back per frame.
 *
 *   w = nearest class + speed share (0 <= share < 1), or -1 for a particle respawned this frame
 *   (trails use it to skip the jump).
 *
 * Rows are processed in chunks so no intermediate ([rows, 256] activations, [rows, M] distances)
 * outgrows one storage binding or texture: 1M particles x 256 x 4 B would be 1 GiB in one tensor.
 */
import * as tf from '@tensorflow/tfjs';
import { runDense, type DenseWeights, type DynamicsField } from '../world/dense-stack';
import type { ManifoldReference } from '../world/manifold';
import { ParticleBook, chunkRows, type SimCounters } from './respawn';

export interface SimOptions {
  count: number;
  /** Largest binding a single tensor may occupy, bytes (WebGPU maxStorageBufferBindingSize). */
  maxBindingBytes: number;
  /** Frames a particle lives before it is respawned (ages start spread over [0, maxAge)). */
  maxAge: number;
  /** Respawn pass (age, manifold, NaN) every this many frames. */
  checkEvery: number;
  seed: number;
}

export const DEFAULT_SIM: Omit<SimOptions, 'count' | 'maxBindingBytes'> = { maxAge: 600, checkEvery: 4, seed: 1 };

export { chunkRows, type SimCounters };

import type { FieldPath } from '../../spec/spec';

export type { FieldPath };

/** What the app needs of a particle simulation; ParticleSim (tfjs ops) and FusedParticleSim (WGSL) provide it. */
export interface ParticleSimulation {
  readonly fieldPath: FieldPath;
  readonly count: number;
  readonly frames: number;
  step(u: number, dt: number): tf.Tensor2D;
  positions(): tf.Tensor2D | undefined;
  setMaxAge(frames: number): void;
  resize(count: number): void;
  poison(rows: number): void;
  readCounters(): Promise<SimCounters>;
  readState(): Promise<{ z: Float32Array; age: Float32Array }>;
  dispose(): void;
}

interface Chunk {
  z: tf.Tensor2D;
  age: tf.Tensor1D;
  /** Digit of the nearest training latent, refreshed on check frames (float32). */
  label: tf.Tensor1D;
  iota: tf.Tensor1D;
}

/**
 * What both simulations keep the same way: the book (frame checks, chunk layout, spawns, the
 * respawn rule and its counters) and the last frame's packed output.
 */
export abstract class BookkeptSimulation {
  protected readonly book: ParticleBook;
  protected output: tf.Tensor2D | undefined;

  constructor(manifold: ManifoldReference, options: SimOptions) {
    this.book = new ParticleBook(manifold, options.maxAge, options.checkEvery, options.seed, chunkRows(options.maxBindingBytes, Math.max(256, manifold.count)));
  }

  get rowsPerChunk(): number {
    return this.book.rowsPerChunk;
  }

  /** Frames a particle lives (ages already past it respawn at the next check). */
  setMaxAge(frames: number): void {
    this.book.setMaxAge(frames);
  }

  get count(): number {
    return this.book.count;
  }

  get frames(): number {
    return this.book.frames;
  }

  /** The last frame's [N, 4] output (owned by the sim; valid until the next step/resize/dispose). */
  positions(): tf.Tensor2D | undefined {
    return this.output;
  }

  /** Reads the counters (two floats); call at a low rate, never per frame. */
  readCounters(): Promise<SimCounters> {
    return this.book.readCounters();
  }
}

export class ParticleSim extends BookkeptSimulation implements ParticleSimulation {
  readonly fieldPath = 'tfjs' as const;
  private chunks: Chunk[] = [];

  constructor(
    private readonly field: DynamicsField,
    private readonly projector: readonly DenseWeights[],
    manifold: ManifoldReference,
    options: SimOptions,
    /** Typical |f(z, u=1)| on the training latents: speed colours are shares of it. */
    private readonly referenceSpeed: number,
  ) {
    super(manifold, options);
    this.resize(options.count);
  }

  /** One frame: advances every particle and returns the packed [N, 4] positions. */
  step(u: number, dt: number): tf.Tensor2D {
    const check = this.book.nextFrame();
    const bias = this.field.firstBias(u);
    const parts: tf.Tensor2D[] = [];
    try {
      this.chunks = this.chunks.map((chunk) => {
        const next = tf.tidy(() => this.advance(chunk, bias, dt, check));
        tf.dispose([chunk.z, chunk.age]);
        if (next.label !== chunk.label) chunk.label.dispose();
        parts.push(next.packed);
        return { z: next.z, age: next.age, label: next.label, iota: chunk.iota };
      });
    } finally {
      bias.dispose();
    }
    this.output?.dispose();
    this.output = parts.length === 1 ? parts[0]! : tf.tidy(() => tf.concat(parts, 0) as tf.Tensor2D);
    if (parts.length > 1) tf.dispose(parts);
    return this.output;
  }

  private advance(chunk: Chunk, bias: tf.Tensor1D, dt: number, check: boolean) {
    const v = this.field.velocity(chunk.z, bias);
    let z = chunk.z.add(v.mul(dt)) as tf.Tensor2D;
    let age = chunk.age.add(1) as tf.Tensor1D;
    let label = chunk.label;
    let fresh: tf.Tensor1D | undefined;
    if (check) {
      const decision = this.book.check(z, age, chunk.iota);
      ({ z, age, label } = decision);
      fresh = decision.mask;
    }
    const speed = v.square().sum(1).sqrt().div(2 * this.referenceSpeed).clipByValue(0, 0.999);
    let w = label.add(tf.where(tf.isNaN(speed), tf.zerosLike(speed), speed)) as tf.Tensor1D;
    if (fresh !== undefined) w = tf.where(fresh, tf.fill(w.shape, -1), w) as tf.Tensor1D;
    const p = runDense(this.projector, z);
    const packed = tf.concat([p, w.reshape([-1, 1])], 1) as tf.Tensor2D;
    return { z, age, label, packed };
  }



  /** Changes the particle count, keeping the first min(old, new) particles. */
  resize(count: number): void {
    if (count === this.book.count) return;
    const old = this.chunks;
    const kept = Math.min(count, this.book.count);
    const fresh: Chunk[] = [];
    const ranges = this.book.layout(count);
    tf.tidy(() => {
      const joined = (pick: (c: Chunk) => tf.Tensor) => (kept > 0 ? tf.concat(old.map(pick), 0) : undefined);
      const zOld = joined((c) => c.z);
      const ageOld = joined((c) => c.age);
      const labelOld = joined((c) => c.label);
      // First rows from the old state, the rest freshly spawned.
      const splice = <T extends tf.Tensor>(from: tf.Tensor | undefined, spawned: T, start: number, n: number, take: number): T =>
        take > 0 ? (tf.concat([from!.slice(start, take), spawned.slice(take, n - take)], 0) as T) : spawned;
      for (const { start, rows: n } of ranges) {
        const iota = tf.range(start, start + n, 1, 'int32') as tf.Tensor1D;
        const take = Math.max(0, Math.min(n, kept - start));
        const spawn = this.book.spawn(iota);
        fresh.push({
          z: tf.keep(splice(zOld, spawn.z, start, n, take)),
          age: tf.keep(splice(ageOld, spawn.age, start, n, take)),
          label: tf.keep(splice(labelOld, spawn.label, start, n, take)),
          iota: tf.keep(iota),
        });
      }
    });
    for (const c of old) tf.dispose([c.z, c.age, c.label, c.iota]);
    this.chunks = fresh;
    this.output?.dispose();
    this.output = undefined;
  }

  /** Makes the first `rows` particles' latents NaN (tests of the NaN guard). */
  poison(rows: number): void {
    const first = this.chunks[0];
    if (first === undefined) return;
    const n = Math.min(rows, first.z.shape[0]);
    const z = tf.tidy(() => {
      const mask = tf.range(0, first.z.shape[0]).less(n).reshape([-1, 1]);
      return tf.where(mask, tf.fill(first.z.shape, NaN), first.z) as tf.Tensor2D;
    });
    first.z.dispose();
    first.z = tf.keep(z);
  }

  /** Debug only: the latent states (N x dim) and ages, read back. */
  async readState(): Promise<{ z: Float32Array; age: Float32Array }> {
    // Tensors of our own (a one-chunk concat shares the chunk's data and holds a reference to it),
    // so the next step may dispose the chunks while this read waits.
    const z = tf.concat(this.chunks.map((c) => c.z), 0);
    const age = tf.concat(this.chunks.map((c) => c.age), 0);
    try {
      const [zs, ages] = await Promise.all([z.data(), age.data()]);
      return { z: zs as Float32Array, age: ages as Float32Array };
    } finally {
      tf.dispose([z, age]);
    }
  }

  dispose(): void {
    for (const c of this.chunks) tf.dispose([c.z, c.age, c.label, c.iota]);
    this.chunks = [];
    this.output?.dispose();
    this.output = undefined;
    this.book.dispose();
  }
}
