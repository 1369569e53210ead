/**
 * A measure of "counting" in the particle flow, for tests and the console: the mean displacement
 * of particle latents projected onto (unit direction to the next digit's centroid - unit
 * direction to the previous digit's), each particle's digit being its nearest training latent's.
 * Positive: the flow carries particles forward (d -> d + 1); negative: backward.
 *
 * Measured in latent space, where f is trained (z + f(z, u) is a digit of the next class); the
 * 3D map bends those straight moves, so directions between map centroids say little there.
 */
export interface ParticleSnapshot {
  /** N x dim latents. */
  z: Float32Array;
  /** The packed w channel per particle (digit + speed share; -1 just respawned). */
  w: Float32Array;
  /** Frames each particle has lived. */
  age: Float32Array;
}

export function classCentroids(latents: Float32Array, labels: ArrayLike<number>, dim: number, classes = 10): Float32Array {
  const sums = new Float64Array(classes * dim);
  const counts = new Int32Array(classes);
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i]!;
    counts[label]!++;
    for (let k = 0; k < dim; k++) sums[label * dim + k]! += latents[i * dim + k]!;
  }
  return Float32Array.from(sums, (s, idx) => s / Math.max(1, counts[Math.floor(idx / dim)]!));
}

/** Mean projected displacement (see above) and how many particles it averaged. */
export function countingDrift(before: ParticleSnapshot, after: ParticleSnapshot, centroids: Float32Array, dim: number): { drift: number; used: number } {
  const classes = centroids.length / dim;
  // Per digit d: unit(c[d+1] - c[d]) - unit(c[d-1] - c[d]).
  const axes = Array.from({ length: classes }, (_, d) => {
    const towards = (e: number) => {
      const v = Array.from({ length: dim }, (_, k) => centroids[e * dim + k]! - centroids[d * dim + k]!);
      const n = Math.hypot(...v) || 1;
      return v.map((x) => x / n);
    };
    const next = towards((d + 1) % classes);
    const previous = towards((d + classes - 1) % classes);
    return next.map((x, k) => x - previous[k]!);
  });
  let sum = 0;
  let used = 0;
  const count = before.w.length;
  for (let i = 0; i < count; i++) {
    // Respawned particles jumped (their age restarted); their move says nothing about the flow.
    if (!(before.w[i]! >= 0 && after.w[i]! >= 0 && after.age[i]! > before.age[i]!)) continue;
    const axis = axes[Math.floor(before.w[i]!)]!;
    let dot = 0;
    for (let k = 0; k < dim; k++) dot += (after.z[i * dim + k]! - before.z[i * dim + k]!) * axis[k]!;
    if (!Number.isFinite(dot)) continue;
    sum += dot;
    used++;
  }
  return { drift: used > 0 ? sum / used : 0, used };
}
