/**
 * A 3D map for a bundle that ships none (docs/models.md, "Bring your own model"): without a
 * projector, a linear one onto the training latents' first three principal components, scaled so
 * the digits span about [-1, 1] as a shipped map does; without a map, the shipped digits placed by
 * the projector (training digits, then held-out ones). Plain arithmetic, on any tfjs backend.
 */
import * as tf from '@tensorflow/tfjs';
import { MAP_DIM } from './projection';

/** The mean of the rows of `latents` (n x dim) and the `k` leading axes of their covariance. */
export function principalAxes(latents: Float32Array, dim: number, k = MAP_DIM, iterations = 200): { mean: Float64Array; axes: Float64Array[] } {
  const n = latents.length / dim;
  if (!Number.isInteger(n) || n < 2) throw new RangeError(`principal axes need at least 2 rows of ${dim} values, got ${latents.length} values`);
  const mean = new Float64Array(dim);
  for (let r = 0; r < n; r++) for (let j = 0; j < dim; j++) mean[j]! += latents[r * dim + j]! / n;
  const cov = new Float64Array(dim * dim);
  const row = new Float64Array(dim);
  for (let r = 0; r < n; r++) {
    for (let j = 0; j < dim; j++) row[j] = latents[r * dim + j]! - mean[j]!;
    for (let a = 0; a < dim; a++) {
      const x = row[a]! / (n - 1);
      if (x === 0) continue;
      for (let b = a; b < dim; b++) cov[a * dim + b]! += x * row[b]!;
    }
  }
  for (let a = 0; a < dim; a++) for (let b = 0; b < a; b++) cov[a * dim + b] = cov[b * dim + a]!;
  const axes: Float64Array[] = [];
  for (let c = 0; c < Math.min(k, dim); c++) {
    // Power iteration from a fixed start (deterministic), then deflation.
    let v = Float64Array.from({ length: dim }, (_, j) => 1 + ((j * 7 + c * 3) % 11) / 11);
    for (let it = 0; it < iterations; it++) {
      const w = new Float64Array(dim);
      for (let a = 0; a < dim; a++) {
        let sum = 0;
        for (let b = 0; b < dim; b++) sum += cov[a * dim + b]! * v[b]!;
        w[a] = sum;
      }
      const norm = Math.hypot(...w);
      if (norm === 0) break;
      v = w.map((x) => x / norm);
    }
    const norm = Math.hypot(...v) || 1;
    v = v.map((x) => x / norm);
    // One sign for a given set of latents: the largest entry is positive.
    const big = v.reduce((best, x, j) => (Math.abs(x) > Math.abs(v[best]!) ? j : best), 0);
    if (v[big]! < 0) v = v.map((x) => -x);
    let lambda = 0;
    for (let a = 0; a < dim; a++) for (let b = 0; b < dim; b++) lambda += v[a]! * cov[a * dim + b]! * v[b]!;
    for (let a = 0; a < dim; a++) for (let b = 0; b < dim; b++) cov[a * dim + b]! -= lambda * v[a]! * v[b]!;
    axes.push(v);
  }
  return { mean, axes };
}

/**
 * A Dense dim -> 3 projector (linear): z -> s (z - mean) V, V the three leading principal axes of
 * `latents`, s so that 99% of the training digits' coordinates lie within [-1, 1].
 */
export function pcaProjector(latents: Float32Array, dim: number): tf.LayersModel {
  const { mean, axes } = principalAxes(latents, dim);
  while (axes.length < MAP_DIM) axes.push(new Float64Array(dim));
  const n = latents.length / dim;
  const coords = new Float64Array(n * MAP_DIM);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < MAP_DIM; c++) {
      let sum = 0;
      for (let j = 0; j < dim; j++) sum += (latents[r * dim + j]! - mean[j]!) * axes[c]![j]!;
      coords[r * MAP_DIM + c] = Math.abs(sum);
    }
  }
  const sorted = Array.from(coords).sort((a, b) => a - b);
  const spread = sorted[Math.min(sorted.length - 1, Math.floor(0.99 * sorted.length))]! || 1;
  const scale = 1 / spread;
  const kernel = new Float32Array(dim * MAP_DIM);
  const bias = new Float32Array(MAP_DIM);
  for (let j = 0; j < dim; j++) for (let c = 0; c < MAP_DIM; c++) kernel[j * MAP_DIM + c] = axes[c]![j]! * scale;
  for (let c = 0; c < MAP_DIM; c++) {
    let sum = 0;
    for (let j = 0; j < dim; j++) sum += mean[j]! * axes[c]![j]!;
    bias[c] = -sum * scale;
  }
  const model = tf.sequential({ name: 'projector', layers: [tf.layers.dense({ inputShape: [dim], units: MAP_DIM })] });
  const weights = [tf.tensor2d(kernel, [dim, MAP_DIM]), tf.tensor1d(bias)];
  model.setWeights(weights);
  tf.dispose(weights);
  return model;
}

/** Where `projector` puts the training then the held-out latents: the map's points, also its cloud. */
export async function placedDigits(
  projector: tf.LayersModel,
  trainingLatents: Float32Array,
  heldOutLatents: Float32Array,
  dim: number,
  labels: Int32Array,
): Promise<{ points: Float32Array; count: number; cloud: { points: Float32Array; labels: Uint8Array; count: number } }> {
  const all = new Float32Array(trainingLatents.length + heldOutLatents.length);
  all.set(trainingLatents);
  all.set(heldOutLatents, trainingLatents.length);
  const count = all.length / dim;
  const placed = tf.tidy(() => projector.predict(tf.tensor2d(all, [count, dim]), { batchSize: 1024 }) as tf.Tensor);
  const points = Float32Array.from((await placed.data()) as Float32Array);
  placed.dispose();
  return { points, count, cloud: { points, labels: Uint8Array.from(labels), count } };
}
