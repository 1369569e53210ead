/**
 * The soak's verdict: for the heap and tensor bytes, the least-squares slope over the second half
 * of the run (the first half is warm-up: caches fill, shaders compile) and the growth it implies
 * over that half; for object counts, each preset's rise from the first half to the second. Each
 * against a tolerance. A leak is a steady climb; a flat series with noise passes.
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

/**
 * Counts that depend on what is on show (rollout paths, layers: the autopilot changes presets) are
 * judged preset by preset: the largest rise of a preset's floor (its smallest count; rollouts in
 * flight add a few for a moment) from the first half of the run to the second. A slope across the second half would mistake the talk's order for a leak; a leak
 * raises every preset's count as time goes on.
 */
const BY_PRESET: ReadonlySet<Watched> = new Set(['tensors', 'geometries', 'textures']);

function risePerPreset(firstHalf: readonly SoakSample[], secondHalf: readonly SoakSample[], key: Watched): number {
  // A sample taken as the preset changes catches its layers half built: only settled ones count.
  const settled = (part: readonly SoakSample[]) => part.filter((s, i) => i > 0 && part[i - 1]!.preset === s.preset);
  const first = settled(firstHalf);
  const second = settled(secondHalf);
  let rise = 0;
  for (const preset of new Set(second.map((s) => s.preset))) {
    const before = first.filter((s) => s.preset === preset).map((s) => s[key]);
    const after = second.filter((s) => s.preset === preset).map((s) => s[key]);
    if (before.length > 0 && after.length > 0) rise = Math.max(rise, Math.min(...after) - Math.min(...before));
  }
  return rise;
}

export function trends(samples: readonly SoakSample[]): Record<Watched, Trend> {
  const first = samples.slice(0, Math.floor(samples.length / 2));
  const half = samples.slice(Math.floor(samples.length / 2));
  const ts = half.map((s) => s.t);
  const span = half.length > 1 ? ts.at(-1)! - ts[0]! : 0;
  const out = {} as Record<Watched, Trend>;
  for (const key of Object.keys(TOLERANCE) as Watched[]) {
    const ys = half.map((s) => s[key]);
    const perSecond = slope(ts, ys);
    const growth = BY_PRESET.has(key) ? risePerPreset(first, half, key) : perSecond * span;
    const allowed = Math.max(TOLERANCE[key].floor, TOLERANCE[key].share * median(ys));
    out[key] = { slopePerMinute: perSecond * 60, growth, allowed, ok: growth <= allowed };
  }
  return out;
}
