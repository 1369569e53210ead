/**
 * The rotation figures the stage quotes, taken from the eval report's `rotation` section
 * (docs/eval/latest.json) into assets/models/rotation-figures.json: per manifold the rollout's
 * slope, mean error and angle reached, and which held-out digit the scene shows by default. Every
 * number the rotation scene puts on screen comes from here, never from prose typed by hand
 * (tests/unit/rotation-figures.test.ts holds the file to the report).
 *
 * The shown digit is chosen by a stated rule, not by hand: for each manifold and each of its two
 * rollout measures (slope, mean error), a start's distance from the median of all starts, in units
 * of that measure's median absolute deviation; the shown start has the smallest sum over the three
 * manifolds and both measures (ties: the first measured). So the strip shows a digit that behaves
 * the way most digits do on every manifold, not an outlier that contradicts the table.
 */
import { BundleError } from './bundle';
import { ROTATION_MANIFOLDS, type RotationManifold } from './rotation';
import { ROLLOUT_DEG, ROLLOUT_STEPS, type RotationReport, type RotationStarts } from './rotation-report';

export interface ManifoldRotationFigures {
  /** Least-squares slope of achieved against asked angles over every start's rollout (1: turns as asked). */
  slope: number;
  /** Mean |achieved - asked| over every step of every start, degrees. */
  meanAbsErrorDeg: number;
  /** Mean angle reached after the last step, degrees. */
  reachedDeg: number;
  /** The shown start's own slope and mean error on this manifold. */
  shown: { slope: number; meanAbsErrorDeg: number };
}

export interface RotationFigures {
  version: 1;
  source: string;
  /** Held-out digits measured per manifold. */
  starts: number;
  /** The rollout the figures are of: this many grounded steps of this many degrees. */
  steps: number;
  degreesPerStep: number;
  /** The shown held-out digit: its class and its index within the class (as shipped digit files name them). */
  shown: { label: number; index: number };
  manifolds: Record<RotationManifold, ManifoldRotationFigures>;
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/**
 * The position (in measuring order) of the start nearest the median on every manifold, by the rule
 * above. `measures` holds, per manifold, one array per measure, each with a value per start.
 */
export function representativeStart(measures: readonly (readonly (readonly number[])[])[]): number {
  const count = measures[0]?.[0]?.length ?? 0;
  if (count === 0) throw new RangeError('representativeStart: no starts to choose from');
  const score = new Float64Array(count);
  for (const manifold of measures) {
    for (const values of manifold) {
      if (values.length !== count) throw new RangeError(`representativeStart: ${values.length} values where ${count} starts were measured`);
      const centre = median(values);
      // A measure every start agrees on separates none of them; 1 keeps it from dividing by zero.
      const spread = median(values.map((v) => Math.abs(v - centre))) || 1;
      values.forEach((v, s) => (score[s] += Math.abs(v - centre) / spread));
    }
  }
  let best = 0;
  for (let s = 1; s < count; s++) if (score[s]! < score[best]!) best = s;
  return best;
}

/** The part of the eval report read here (scripts/eval.ts writes the whole). */
export interface RotationReportView {
  rotation?: Partial<Record<string, Pick<RotationReport, 'starts'> & { rollout: Pick<RotationReport['rollout'], 'slope' | 'mean_abs_error_deg' | 'achieved_by_step' | 'by_start'> }>>;
}

export function rotationFigures(report: RotationReportView, source = 'docs/eval/latest.json'): RotationFigures {
  const rows = ROTATION_MANIFOLDS.map((id) => {
    const row = report.rotation?.[id];
    if (row?.rollout.by_start === undefined) throw new Error(`${source} has no rotation rollout per start for ${id} (npm run eval -- --only rotation --into ${source})`);
    return row;
  });
  const byStart: RotationStarts[] = rows.map((r) => r.rollout.by_start);
  const shown = representativeStart(byStart.map((b) => [b.slope, b.mean_abs_error_deg]));
  const first = byStart[0]!;
  byStart.forEach((b, m) => {
    if (b.label[shown] !== first.label[shown] || b.index[shown] !== first.index[shown]) throw new Error(`${source}: ${ROTATION_MANIFOLDS[m]} measured other starts than ${ROTATION_MANIFOLDS[0]}`);
  });
  const manifolds = Object.fromEntries(
    rows.map((r, m) => [
      ROTATION_MANIFOLDS[m]!,
      {
        slope: r.rollout.slope,
        meanAbsErrorDeg: r.rollout.mean_abs_error_deg,
        reachedDeg: r.rollout.achieved_by_step.at(-1)!,
        shown: { slope: byStart[m]!.slope[shown]!, meanAbsErrorDeg: byStart[m]!.mean_abs_error_deg[shown]! },
      },
    ]),
  ) as Record<RotationManifold, ManifoldRotationFigures>;
  return { version: 1, source, starts: rows[0]!.starts, steps: ROLLOUT_STEPS, degreesPerStep: ROLLOUT_DEG, shown: { label: first.label[shown]!, index: first.index[shown]! }, manifolds };
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Checks assets/models/rotation-figures.json as the page reads it; throws with what is wrong. */
export function parseRotationFigures(json: unknown): RotationFigures {
  const f = json as Partial<RotationFigures> | null;
  if (typeof f !== 'object' || f === null || f.version !== 1) throw new Error('is not version 1 of the rotation figures');
  if (!finite(f.starts) || !finite(f.steps) || !finite(f.degreesPerStep)) throw new Error('has no starts, steps or degreesPerStep');
  if (!Number.isInteger(f.shown?.label) || !Number.isInteger(f.shown?.index)) throw new Error('names no shown digit (label and index)');
  for (const id of ROTATION_MANIFOLDS) {
    const m = f.manifolds?.[id];
    if (![m?.slope, m?.meanAbsErrorDeg, m?.reachedDeg, m?.shown?.slope, m?.shown?.meanAbsErrorDeg].every(finite)) throw new Error(`has no complete figures for ${id}`);
  }
  return f as RotationFigures;
}

/** Loads models/rotation-figures.json under `base`; a missing or bad file is a BundleError naming it. */
export async function loadRotationFigures(base: string): Promise<RotationFigures> {
  const url = `${base}/models/rotation-figures.json`;
  try {
    const response = await fetch(url);
    const html = /text\/html/i.test(response.headers.get('content-type') ?? '');
    if (!response.ok || html) throw new Error(html ? 'not found (the server answered with an HTML page)' : `HTTP ${response.status}`);
    return parseRotationFigures(JSON.parse(await response.text()) as unknown);
  } catch (e) {
    throw new BundleError(url, (e as Error).message);
  }
}

/** A figure as people read it, to two significant digits: 4.7645 -> "4.8", 25.68 -> "26", 0.239 -> "0.24". */
export function forPeople(x: number): string {
  return Number.isFinite(x) ? String(Number(x.toPrecision(2))) : String(x);
}

/** A share as a whole percentage to two significant digits: 0.926 -> "93%", 0.0412 -> "4.1%". */
export function percentForPeople(share: number): string {
  return `${forPeople(share * 100)}%`;
}
