/**
 * What the particle loop knows about the data manifold, resident on the GPU: the training
 * latents (the manifold's samples) with their digit labels, and a pool of spawn noise. Built
 * once at start-up from latents computed by the encoder.
 *
 * Off-manifold test: squared distance to the NEAREST of the training latents (one [rows, M]
 * matMul), not the 10 centroids + a radius. Particles flowing from one digit to the next cross
 * the gaps between clusters, where the nearest centroid is far but real interpolations lie; a
 * centroid radius wide enough to let them through would also keep particles that left the
 * manifold altogether. The matMul costs 2 x d x M FLOP per particle (128 kFLOP at d = 64, M = 1,000),
 * about the dynamics MLP's own cost, so the loop runs it only every few frames; the same pass
 * gives each particle its digit (the label of that nearest latent) for "nearest digit" colours.
 */
import * as tf from '@tensorflow/tfjs';

export interface ManifoldOptions {
  /** A particle is off the manifold when its nearest training latent is farther than this many
   *  times the 95th percentile of the training latents' own nearest-neighbour distances. */
  radiusFactor: number;
  /** Spawn noise norm as a share of the median nearest-neighbour distance. */
  spawnNoise: number;
  /** Rows of the spawn noise pool. */
  noisePool: number;
  seed: number;
}

export const DEFAULT_MANIFOLD: ManifoldOptions = { radiusFactor: 2, spawnNoise: 0.3, noisePool: 4096, seed: 1 };

/** Nearest-neighbour distance statistics of a latent set, computed on the CPU (start-up only). */
export function nearestNeighbourDistances(latents: Float32Array, dim: number): Float32Array {
  const count = latents.length / dim;
  const out = new Float32Array(count).fill(Infinity);
  for (let i = 0; i < count; i++) {
    for (let j = i + 1; j < count; j++) {
      let d = 0;
      for (let k = 0; k < dim; k++) {
        const t = latents[i * dim + k]! - latents[j * dim + k]!;
        d += t * t;
      }
      if (d < out[i]!) out[i] = d;
      if (d < out[j]!) out[j] = d;
    }
  }
  return out.map(Math.sqrt);
}

export function quantile(values: Float32Array, q: number): number {
  const sorted = Float32Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))]!;
}

/** Seeded standard normals (Box-Muller on a small LCG): start-up only, reproducible. */
function normals(count: number, seed: number): Float32Array {
  let state = (seed * 2654435761) >>> 0 || 1;
  const uniform = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return (state + 0.5) / 4294967296;
  };
  const out = new Float32Array(count);
  for (let i = 0; i < count; i += 2) {
    const r = Math.sqrt(-2 * Math.log(uniform()));
    const a = 2 * Math.PI * uniform();
    out[i] = r * Math.cos(a);
    if (i + 1 < count) out[i + 1] = r * Math.sin(a);
  }
  return out;
}

/** The training latents' nearest-neighbour distances, summarised: all the reference needs of them. */
export interface NeighbourStats {
  median: number;
  p95: number;
}

export function neighbourStats(latents: Float32Array, dim: number): NeighbourStats {
  const nn = nearestNeighbourDistances(latents, dim);
  return { median: quantile(nn, 0.5), p95: quantile(nn, 0.95) };
}

export class ManifoldReference {
  readonly dim: number;
  readonly count: number;
  /** Squared off-manifold threshold, latent units. */
  readonly radiusSquared: number;
  readonly medianNeighbourDistance: number;
  readonly stats: NeighbourStats;
  private readonly latents: tf.Tensor2D;
  private readonly minusTwoLatentsT: tf.Tensor2D;
  private readonly latentNorms: tf.Tensor1D;
  private readonly noise: tf.Tensor2D;
  private readonly labels: tf.Tensor1D;
  private readonly noiseRows: number;

  /** `stats`: the latents' neighbourStats when already known (an O(M^2) pass on the CPU otherwise). */
  constructor(latents: Float32Array, labels: Int32Array, dim: number, options: ManifoldOptions = DEFAULT_MANIFOLD, stats?: NeighbourStats) {
    this.dim = dim;
    this.count = labels.length;
    if (latents.length !== this.count * dim) throw new Error(`ManifoldReference: ${latents.length} values for ${this.count} latents of ${dim}`);
    this.stats = stats ?? neighbourStats(latents, dim);
    this.medianNeighbourDistance = this.stats.median;
    this.radiusSquared = (options.radiusFactor * this.stats.p95) ** 2;
    const noiseScale = (options.spawnNoise * this.medianNeighbourDistance) / Math.sqrt(dim);
    this.noiseRows = options.noisePool;
    this.labels = tf.tensor1d(Float32Array.from(labels));
    this.latents = tf.tensor2d(latents, [this.count, dim]);
    [this.minusTwoLatentsT, this.latentNorms, this.noise] = tf.tidy(
      () =>
        [
          this.latents.mul(-2).transpose() as tf.Tensor2D,
          this.latents.square().sum(1) as tf.Tensor1D,
          tf.tensor2d(normals(options.noisePool * dim, options.seed), [options.noisePool, dim]).mul(noiseScale) as tf.Tensor2D,
        ] as const,
    );
  }

  /**
   * The nearest training latent per row: its squared distance ([rows]; NaN/Inf rows give a
   * non-finite value) and its digit label as float32 ([rows]).
   */
  nearest(z: tf.Tensor2D, zNorms: tf.Tensor1D): { squaredDistance: tf.Tensor1D; label: tf.Tensor1D } {
    return tf.tidy(() => {
      const cross = tf.fused.matMul({ a: z, b: this.minusTwoLatentsT, bias: this.latentNorms });
      return {
        squaredDistance: zNorms.add(cross.min(1)) as tf.Tensor1D,
        label: tf.gather(this.labels, cross.argMin(1)) as tf.Tensor1D,
      };
    });
  }

  /**
   * Fresh states near the manifold for `rows` particles: training latent (i + saltA) mod M plus
   * noise row (13 i + saltB) mod P. Index arithmetic runs on the GPU, so a respawn never uploads
   * per-particle random numbers.
   */
  spawn(iota: tf.Tensor1D, saltA: number, saltB: number): { z: tf.Tensor2D; label: tf.Tensor1D } {
    return tf.tidy(() => {
      const a = iota.add(tf.scalar(saltA % this.count, 'int32')).mod(tf.scalar(this.count, 'int32')) as tf.Tensor1D;
      const b = iota.mul(tf.scalar(13, 'int32')).add(tf.scalar(saltB % this.noiseRows, 'int32')).mod(tf.scalar(this.noiseRows, 'int32'));
      return {
        z: tf.gather(this.latents, a).add(tf.gather(this.noise, b as tf.Tensor1D)) as tf.Tensor2D,
        label: tf.gather(this.labels, a) as tf.Tensor1D,
      };
    });
  }

  /** The training latents tensor (owned here; do not dispose). */
  latentTensor(): tf.Tensor2D {
    return this.latents;
  }

  dispose(): void {
    tf.dispose([this.labels, this.latents, this.minusTwoLatentsT, this.latentNorms, this.noise]);
  }
}
