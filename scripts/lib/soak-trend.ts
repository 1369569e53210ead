/**
 * The soak's verdict: for each watched series, the least-squares slope over the second half of the
 * run (the first half is warm-up: caches fill, shaders compile), and the growth it implies over
 * that half against a tolerance. A leak is a steady climb; a flat series with noise passes.
 */
export interface SoakSample {
  /** Wall seconds since the soak started. */
  t: number;
  frame: number;
  tensors: number;
  tensorBytes: number;
  /** Used JS heap after a forced garbage collection, bytes. */
  heap: number;
  geometries: number;
  textures: number;
  programs: number;
  frameMs: number;
  respawned: number;
  nonFinite: number;
  /** The autopilot's step (changes count preset changes). */
  preset: number;
}

export type Watched = 'tensors' | 'tensorBytes' | 'heap' | 'geometries' | 'textures' | 'programs';

/**
 * Growth over the second half allowed for each series: the larger of an absolute floor and a share
 * of its median. The floors are one or two objects, or a few MB of heap (V8 sizes its heap in
 * pages and keeps compiled code, so a healthy page's heap still wanders by a few MB).
 */
export const TOLERANCE: Record<Watched, { floor: number; share: number }> = {
  tensors: { floor: 2, share: 0 },
  tensorBytes: { floor: 64 * 1024, share: 0.01 },
  heap: { floor: 4 * 2 ** 20, share: 0.05 },
  geometries: { floor: 2, share: 0 },
  textures: { floor: 2, share: 0 },
  programs: { floor: 1, share: 0 },
};

export interface Trend {
  /** Units per minute over the second half. */
  slopePerMinute: number;
  /** Slope x the second half's length. */
  growth: number;
  allowed: number;
  ok: boolean;
}

export function slope(xs: readonly number[], ys: readonly number[]): number {
  const n = xs.length;
  if (n < 2) return 0;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    sxx += (xs[i]! - mx) ** 2;
  }
  return sxx > 0 ? sxy / sxx : 0;
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length === 0 ? 0 : s[Math.floor(s.length / 2)]!;
}

export function trends(samples: readonly SoakSample[]): Record<Watched, Trend> {
  const half = samples.slice(Math.floor(samples.length / 2));
  const ts = half.map((s) => s.t);
  const span = half.length > 1 ? ts.at(-1)! - ts[0]! : 0;
  const out = {} as Record<Watched, Trend>;
  for (const key of Object.keys(TOLERANCE) as Watched[]) {
    const ys = half.map((s) => s[key]);
    const perSecond = slope(ts, ys);
    const growth = perSecond * span;
    const allowed = Math.max(TOLERANCE[key].floor, TOLERANCE[key].share * median(ys));
    out[key] = { slopePerMinute: perSecond * 60, growth, allowed, ok: growth <= allowed };
  }
  return out;
}
