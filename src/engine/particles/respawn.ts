/**
 * The bookkeeping both particle simulations share (the tfjs reference and the fused WebGPU one):
 * the frame count and which frames check, the chunk layout of a particle count, the respawn rule
 * (NaN, off the manifold, too old), fresh spawns with spread ages, and the respawn and NaN
 * counters, held on the device so counting never reads back. The seeded stream of salts makes
 * every respawn and every starting age reproducible from the sim's seed.
 */
import * as tf from '@tensorflow/tfjs';
import type { ManifoldReference } from '../world/manifold';

export interface SimCounters {
  /** Particles respawned since start (age, off-manifold or non-finite). */
  respawned: number;
  /** Particles found with a NaN/Inf latent (included in `respawned`). */
  nonFinite: number;
}

/** Rows per chunk: the widest per-row intermediate (256 hidden units or M distances) fits a binding. */
export function chunkRows(maxBindingBytes: number, widestRow: number): number {
  const byBinding = Math.floor(Math.min(maxBindingBytes, 256 * 2 ** 20) / (widestRow * 4));
  return Math.max(256, Math.min(65536, 2 ** Math.floor(Math.log2(byBinding))));
}

export class RespawnCounters {
  private respawned = tf.keep(tf.scalar(0));
  private nonFinite = tf.keep(tf.scalar(0));

  /** Adds this check's respawns (`mask`) and non-finite rows (`bad`), both [rows] booleans. */
  add(mask: tf.Tensor1D, bad: tf.Tensor1D): void {
    const respawned = tf.keep(this.respawned.add(mask.toFloat().sum()) as tf.Scalar);
    const nonFinite = tf.keep(this.nonFinite.add(bad.toFloat().sum()) as tf.Scalar);
    tf.dispose([this.respawned, this.nonFinite]);
    this.respawned = respawned;
    this.nonFinite = nonFinite;
  }

  /**
   * Two floats read back: call at a low rate, never per frame. The read holds its own references
   * (clones share the data and count as users of it): the next check frame disposes the sim's
   * tensors while the read may still be waiting on the GPU, and the backend must not free the data
   * under it (issue 26: on WebGPU that was a TypeError from inside tfjs).
   */
  async read(): Promise<SimCounters> {
    const own = [tf.clone(this.respawned), tf.clone(this.nonFinite)];
    try {
      const [respawned, nonFinite] = await Promise.all(own.map((t) => t.data()));
      return { respawned: respawned![0]!, nonFinite: nonFinite![0]! };
    } finally {
      tf.dispose(own);
    }
  }

  dispose(): void {
    tf.dispose([this.respawned, this.nonFinite]);
  }
}

/** A 32-bit LCG from the sim's seed, giving 24-bit salts for the spawn hash. */
export class SaltStream {
  private state: number;

  constructor(seed: number) {
    this.state = (seed * 2654435761) >>> 0 || 1;
  }

  next(): number {
    this.state = (Math.imul(this.state, 1664525) + 1013904223) >>> 0;
    return this.state >>> 8;
  }

  /** A share in [0, 1). */
  nextShare(): number {
    return this.next() / 16777216;
  }
}

export interface ChunkRange {
  start: number;
  rows: number;
}

/** What a respawn check decided for one chunk (all [rows] tensors, inside the caller's tidy). */
export interface RespawnDecision {
  /** Rows to respawn. */
  mask: tf.Tensor1D;
  /** The state after the check: spawned rows replaced. */
  z: tf.Tensor2D;
  age: tf.Tensor1D;
  /** Digit of the nearest training latent (spawned rows: the spawn's). */
  label: tf.Tensor1D;
}

export class ParticleBook {
  private frame = 0;
  private readonly salts: SaltStream;
  private readonly counters = new RespawnCounters();
  private countValue = 0;

  constructor(
    private readonly manifold: ManifoldReference,
    private maxAge: number,
    private readonly checkEvery: number,
    seed: number,
    readonly rowsPerChunk: number,
  ) {
    this.salts = new SaltStream(seed);
  }

  get count(): number {
    return this.countValue;
  }

  get frames(): number {
    return this.frame;
  }

  /** Frames a particle lives (ages already past it respawn at the next check). */
  setMaxAge(frames: number): void {
    this.maxAge = Math.max(1, frames);
  }

  /** Counts a frame; true when it is one of the frames that check for respawns. */
  nextFrame(): boolean {
    this.frame++;
    return this.frame % this.checkEvery === 0;
  }

  /** The chunks of `count` particles (every chunk but the last is rowsPerChunk long); records the count. */
  layout(count: number): ChunkRange[] {
    if (!Number.isInteger(count) || count <= 0) throw new RangeError(`particle count must be a positive integer, got ${count}`);
    this.countValue = count;
    const chunks: ChunkRange[] = [];
    for (let start = 0; start < count; start += this.rowsPerChunk) chunks.push({ start, rows: Math.min(this.rowsPerChunk, count - start) });
    return chunks;
  }

  /** Fresh particles for rows `iota` (call inside tf.tidy): spawned near the data, ages spread over [0, maxAge). */
  spawn(iota: tf.Tensor1D): { z: tf.Tensor2D; label: tf.Tensor1D; age: tf.Tensor1D } {
    const spawn = this.manifold.spawn(iota, this.salts.next(), this.salts.next());
    // Spread ages, so the respawns do not all fall on one frame.
    const age = tf.tensor1d(Float32Array.from({ length: iota.shape[0] }, () => this.salts.nextShare() * this.maxAge));
    return { ...spawn, age };
  }

  /**
   * The respawn check of one chunk (call inside tf.tidy): rows whose latent is NaN or infinite, far
   * from every training latent, or older than maxAge are replaced by fresh spawns (age 0). Counts them.
   */
  check(z: tf.Tensor2D, age: tf.Tensor1D, iota: tf.Tensor1D): RespawnDecision {
    const norms = z.square().sum(1) as tf.Tensor1D;
    const nonFinite = tf.logicalNot(tf.isFinite(norms)) as tf.Tensor1D;
    const nearest = this.manifold.nearest(z, norms);
    const far = nearest.squaredDistance.greater(this.manifold.radiusSquared);
    const mask = tf.logicalOr(tf.logicalOr(nonFinite, far), age.greater(this.maxAge)) as tf.Tensor1D;
    const spawn = this.manifold.spawn(iota, this.salts.next(), this.salts.next());
    this.counters.add(mask, nonFinite);
    return {
      mask,
      z: tf.where(mask.reshape([-1, 1]), spawn.z, z) as tf.Tensor2D,
      age: tf.where(mask, tf.zerosLike(age), age) as tf.Tensor1D,
      label: tf.where(mask, spawn.label, nearest.label) as tf.Tensor1D,
    };
  }

  /** Reads the counters (two floats); call at a low rate, never per frame. */
  readCounters(): Promise<SimCounters> {
    return this.counters.read();
  }

  dispose(): void {
    this.counters.dispose();
  }
}
