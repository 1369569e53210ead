/**
 * The seed author's way of placing a new latent on the map (DESIGN section 4): the
 * inverse-distance-weighted mean of the map positions of its k nearest reference latents, all
 * latents L2-normalised first. No network and no UMAP: exact, stable, and cheap for a few points
 * (a probe, a drawn digit); too slow per frame for thousands of particles, which is what the
 * projector network is for. Plain arrays, no tfjs.
 */
import { MAP_DIM, nearestRows } from './map-fidelity';

/** The author's neighbourhood size. */
export const BLEND_NEIGHBOURS = 12;

/** Keeps an exact match (distance 0) finite: it then gets all but a negligible share of the weight. */
const DISTANCE_FLOOR = 1e-9;

/** Rows scaled to unit length (a zero row stays zero). */
export function unitRows(values: Float32Array, dim: number): Float32Array {
  if (values.length % dim !== 0) throw new Error(`unitRows: ${values.length} values are not rows of ${dim}`);
  const out = new Float32Array(values.length);
  for (let o = 0; o < values.length; o += dim) {
    let sum = 0;
    for (let c = 0; c < dim; c++) sum += values[o + c]! * values[o + c]!;
    const scale = sum > 0 ? 1 / Math.sqrt(sum) : 0;
    for (let c = 0; c < dim; c++) out[o + c] = values[o + c]! * scale;
  }
  return out;
}

/**
 * Map positions (n x 3) of `queries` (n x dim): for each, the mean of the positions of its k
 * nearest `refLatents` rows (by distance between L2-normalised latents), weighted by 1 / distance.
 * `refPositions` holds the map position of each reference row (count x 3).
 * For many queries against the same references, pass `unitRows(refLatents, dim)` once as
 * `refLatents` with `normalised: true` to skip renormalising them on each call.
 */
export function neighbourBlend(
  refLatents: Float32Array,
  refPositions: Float32Array,
  queries: Float32Array,
  dim: number,
  k = BLEND_NEIGHBOURS,
  normalised = false,
): Float32Array {
  const count = refLatents.length / dim;
  if (!Number.isInteger(count) || refPositions.length !== count * MAP_DIM) {
    throw new Error(`neighbourBlend: ${refLatents.length / dim} reference latents against ${refPositions.length / MAP_DIM} positions`);
  }
  const neighbours = Math.min(k, count);
  const refs = normalised ? refLatents : unitRows(refLatents, dim);
  const { indices, distances } = nearestRows(refs, unitRows(queries, dim), dim, neighbours);
  const out = new Float32Array((queries.length / dim) * MAP_DIM);
  for (let q = 0; q < out.length / MAP_DIM; q++) {
    let total = 0;
    const sum = [0, 0, 0];
    for (let s = 0; s < neighbours; s++) {
      const at = q * neighbours + s;
      const w = 1 / Math.max(Math.sqrt(distances[at]!), DISTANCE_FLOOR);
      const row = indices[at]! * MAP_DIM;
      for (let c = 0; c < MAP_DIM; c++) sum[c]! += w * refPositions[row + c]!;
      total += w;
    }
    for (let c = 0; c < MAP_DIM; c++) out[q * MAP_DIM + c] = sum[c]! / total;
  }
  return out;
}
