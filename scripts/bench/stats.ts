import type { Maybe, Timing } from './types';

/** Linear-interpolated quantile of an already sorted list. */
function quantileSorted(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const at = q * (sorted.length - 1);
  const lo = Math.floor(at);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo);
}

/** Rounds to 3 significant digits past the unit: enough for ms figures, short JSON. */
export function round(x: number, digits = 3): number {
  const scale = 10 ** digits;
  return Math.round(x * scale) / scale;
}

export function summarise(ms: readonly number[], warmup: number, reduced?: string): Timing {
  const sorted = [...ms].sort((a, b) => a - b);
  const timing: Timing = {
    frames: ms.length,
    warmup,
    medianMs: round(quantileSorted(sorted, 0.5)),
    p10Ms: round(quantileSorted(sorted, 0.1)),
    p90Ms: round(quantileSorted(sorted, 0.9)),
    minMs: round(sorted[0] ?? NaN),
    maxMs: round(sorted[sorted.length - 1] ?? NaN),
  };
  if (reduced !== undefined) timing.reduced = reduced;
  return timing;
}

/** a / b as a measured figure, or the reason one side is missing. */
export function ratio(a: Maybe<Timing> | null, b: Maybe<Timing> | null, what: string): Maybe<{ value: number }> {
  if (a === null || b === null) return { skipped: `${what}: not measured on this path` };
  if ('skipped' in a) return { skipped: `${what}: numerator skipped (${a.skipped})` };
  if ('skipped' in b) return { skipped: `${what}: denominator skipped (${b.skipped})` };
  return { value: round(a.medianMs / b.medianMs, 4) };
}

/** A per-second rate from a timing's median (work units per repetition / median seconds). */
export function rate(t: Maybe<Timing> | null, workPerRep: number, scale: number, what: string): Maybe<{ value: number }> {
  if (t === null) return { skipped: `${what}: not measured on this path` };
  if ('skipped' in t) return { skipped: `${what}: ${t.skipped}` };
  return { value: round((workPerRep / (t.medianMs / 1000)) / scale, 4) };
}
