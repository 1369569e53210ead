/**
 * What both particle simulations (tfjs and fused) keep beside the particles: the respawn and NaN
 * counters, held on the device so counting never reads back, and the seeded stream of salts that
 * makes every respawn and every starting age reproducible from the sim's seed.
 */
import * as tf from '@tensorflow/tfjs';
import type { SimCounters } from './particle-sim';

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

  /** Two floats read back: call at a low rate, never per frame. */
  async read(): Promise<SimCounters> {
    const [respawned, nonFinite] = await Promise.all([this.respawned.data(), this.nonFinite.data()]);
    return { respawned: respawned[0]!, nonFinite: nonFinite[0]! };
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
