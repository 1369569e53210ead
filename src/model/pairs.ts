import { CLASSES } from './dataset';
import type { Rng } from './rng';

/**
 * Transition pairs made in latent space, exactly as the seed describes: u uniform in [-1, 1];
 * the end digit is of class d+1 (mod 10) when u > 0 and d-1 when u < 0; the target is
 * z_start + |u| (z_end - z_start). The manifold multiplies 1,000 digits into 100k+ pairs.
 */
export interface TransitionPairs {
  /** [count, dim + 1]: the start latent followed by u. */
  readonly inputs: Float32Array;
  /** [count, dim]: the interpolated target latent. */
  readonly targets: Float32Array;
  readonly count: number;
  readonly dim: number;
}

export function neighbourClass(digit: number, u: number): number {
  if (u > 0) return (digit + 1) % CLASSES;
  if (u < 0) return (digit + CLASSES - 1) % CLASSES;
  return digit;
}

/** The pair formula itself: target = z_start + |u| (z_end - z_start). */
export function interpolateTarget(
  zStart: ArrayLike<number>,
  zEnd: ArrayLike<number>,
  u: number,
  out: Float32Array,
): void {
  const a = Math.abs(u);
  for (let i = 0; i < out.length; i++) out[i] = zStart[i]! + a * (zEnd[i]! - zStart[i]!);
}

/** Latents (count x dim) with their digit labels. */
export interface LabelledLatents {
  latents: Float32Array;
  labels: Int32Array;
}

/**
 * Start digits are taken in turn from `starts` so every start begins the same number of pairs;
 * u and the end digit (from `ends`, the clean training latents) are drawn from `rng`. `starts` is
 * the clean training latents too unless augmented views of them are added (see pipeline.ts).
 */
export function makeTransitionPairs(
  starts: LabelledLatents,
  dim: number,
  count: number,
  rng: Rng,
  ends: LabelledLatents = starts,
): TransitionPairs {
  checkShape(starts, dim, 'start');
  checkShape(ends, dim, 'end');
  const byClass: number[][] = Array.from({ length: CLASSES }, () => []);
  for (let i = 0; i < ends.labels.length; i++) byClass[ends.labels[i]!]!.push(i);
  for (let d = 0; d < CLASSES; d++) {
    if (byClass[d]!.length === 0) throw new Error(`no digit of class ${d} to interpolate towards`);
  }
  const n = starts.labels.length;
  const inputs = new Float32Array(count * (dim + 1));
  const targets = new Float32Array(count * dim);
  for (let k = 0; k < count; k++) {
    const start = k % n;
    // u = 0 exactly has no neighbour; redraw (probability ~0 with floats, but be exact).
    let u = 0;
    while (u === 0) u = rng.uniform(-1, 1);
    const pool = byClass[neighbourClass(starts.labels[start]!, u)]!;
    const end = pool[rng.int(pool.length)]!;
    const zStart = starts.latents.subarray(start * dim, (start + 1) * dim);
    inputs.set(zStart, k * (dim + 1));
    inputs[k * (dim + 1) + dim] = u;
    interpolateTarget(zStart, ends.latents.subarray(end * dim, (end + 1) * dim), u, targets.subarray(k * dim, (k + 1) * dim));
  }
  return { inputs, targets, count, dim };
}

function checkShape(set: LabelledLatents, dim: number, role: string): void {
  const n = set.labels.length;
  if (set.latents.length !== n * dim) throw new Error(`${role} latents hold ${set.latents.length} values, expected ${n} x ${dim}`);
}
