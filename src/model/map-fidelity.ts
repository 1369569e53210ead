/**
 * How closely one set of map positions reproduces another: the figures that say whether the
 * projector can stand in for UMAP (see projection.ts). Plain arrays, no tfjs.
 */
export const MAP_DIM = 3;
/** The neighbourhood size of the fidelity figure, fixed so the figure's name stays true. */
export const FIDELITY_NEIGHBOURS = 10;

export function boundingBox(points: Float32Array): { min: number[]; max: number[] } {
  const min = new Array<number>(MAP_DIM).fill(Infinity);
  const max = new Array<number>(MAP_DIM).fill(-Infinity);
  points.forEach((v, i) => {
    const d = i % MAP_DIM;
    if (v < min[d]!) min[d] = v;
    if (v > max[d]!) max[d] = v;
  });
  return { min, max };
}

/** The length of the bounding box's diagonal: the "extent" position errors are shares of. */
export function boxDiagonal(points: Float32Array): number {
  const { min, max } = boundingBox(points);
  return Math.hypot(...max.map((hi, d) => hi - min[d]!));
}

/**
 * For each query row, the k nearest data rows (indices and squared distances, nearest first),
 * brute force: exact, and fast enough for the few thousand points a reference needs. With
 * `skipSelf`, queries are the data and a row is never its own neighbour.
 */
export function nearestRows(
  data: Float32Array,
  queries: Float32Array,
  dim: number,
  k: number,
  skipSelf = false,
): { indices: Int32Array; distances: Float64Array } {
  const n = data.length / dim;
  const m = queries.length / dim;
  if (n - (skipSelf ? 1 : 0) < k) throw new Error(`nearestRows: ${n} rows cannot give ${k} neighbours each`);
  const indices = new Int32Array(m * k);
  const distances = new Float64Array(m * k).fill(Infinity);
  for (let q = 0; q < m; q++) {
    const bestD = distances.subarray(q * k, (q + 1) * k);
    const bestI = indices.subarray(q * k, (q + 1) * k);
    for (let j = 0; j < n; j++) {
      if (skipSelf && j === q) continue;
      let d = 0;
      for (let c = 0; c < dim; c++) {
        const t = queries[q * dim + c]! - data[j * dim + c]!;
        d += t * t;
      }
      if (d >= bestD[k - 1]!) continue;
      let s = k - 1;
      while (s > 0 && bestD[s - 1]! > d) {
        bestD[s] = bestD[s - 1]!;
        bestI[s] = bestI[s - 1]!;
        s--;
      }
      bestD[s] = d;
      bestI[s] = j;
    }
  }
  return { indices, distances };
}

/** The k nearest other rows of each row (n x k indices, nearest first). */
export function nearestNeighbours(points: Float32Array, dim: number, k: number): Int32Array {
  return nearestRows(points, points, dim, k, true).indices;
}

/** Mean over points of the share of a point's k nearest neighbours in `a` that are also so in `b`. */
export function neighbourShare(a: Float32Array, dimA: number, b: Float32Array, dimB: number, k: number): number {
  const n = a.length / dimA;
  if (b.length / dimB !== n) throw new Error(`neighbourShare: ${n} points against ${b.length / dimB}`);
  const na = nearestNeighbours(a, dimA, k);
  const nb = nearestNeighbours(b, dimB, k);
  let shared = 0;
  for (let i = 0; i < n; i++) {
    const other = new Set(nb.subarray(i * k, (i + 1) * k));
    for (const j of na.subarray(i * k, (i + 1) * k)) if (other.has(j)) shared++;
  }
  return shared / (n * k);
}

/** Euclidean distance between matching rows of two (n x 3) point sets. */
export function pointErrors(a: Float32Array, b: Float32Array): Float64Array {
  if (a.length !== b.length) throw new Error(`pointErrors: ${a.length} values against ${b.length}`);
  const out = new Float64Array(a.length / MAP_DIM);
  for (let i = 0; i < out.length; i++) {
    const o = i * MAP_DIM;
    out[i] = Math.hypot(a[o]! - b[o]!, a[o + 1]! - b[o + 1]!, a[o + 2]! - b[o + 2]!);
  }
  return out;
}

function quantile(values: Float64Array, q: number): number {
  const sorted = Float64Array.from(values).sort();
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

export interface ProjectorFidelity {
  points: number;
  /** Mean share of each point's 10 nearest (among these points) kept between projector and reference. */
  neighbours_preserved_10: number;
  median_error_share_of_extent: number;
  p90_error_share_of_extent: number;
  extent: number;
  extent_definition: string;
}

/**
 * How faithfully `projected` (projector output) reproduces `reference` (UMAP's positions for the
 * same points, both n x 3 in normalised map coordinates). `extent` is the diagonal of the fitted
 * map's bounding box (boxDiagonal of the fitted embedding), so errors read as shares of the map.
 */
export function projectorFidelity(projected: Float32Array, reference: Float32Array, extent: number): ProjectorFidelity {
  const errors = pointErrors(projected, reference);
  return {
    points: errors.length,
    neighbours_preserved_10: neighbourShare(projected, MAP_DIM, reference, MAP_DIM, FIDELITY_NEIGHBOURS),
    median_error_share_of_extent: quantile(errors, 0.5) / extent,
    p90_error_share_of_extent: quantile(errors, 0.9) / extent,
    extent,
    extent_definition: 'diagonal of the bounding box of the fitted UMAP embedding (normalised map coordinates)',
  };
}
