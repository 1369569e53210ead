/**
 * The rotation scene's view (?scene=rotation): which manifold is shown, which held-out digit the
 * rollouts start from, the angle asked per step and how many steps, and whether each step is
 * re-grounded. Read from the query (and from a rotation preset), written back to the query so a
 * URL reproduces the view; a bad value is dropped with a notice naming it.
 */
import { MAX_ROTATION_DEG, ROTATION_MANIFOLDS, type RotationManifold } from '../model/rotation';

export interface RotationView {
  manifold: RotationManifold;
  /** Index into the held-out digits. */
  digit: number;
  /** Degrees asked per step (positive: counter-clockwise). */
  degrees: number;
  steps: number;
  grounded: boolean;
}

export const ROTATION_VIEW_LIMITS = { digit: [0, 999], degrees: [-MAX_ROTATION_DEG, MAX_ROTATION_DEG], steps: [1, 24] } as const;

/**
 * The eval's rollout (8 steps of 7.5 degrees) on the shipped SSL manifold. The page starts from the
 * digit assets/models/rotation-figures.json chooses by its stated rule; this one (the first held-out
 * 4: digits are stored by class, 100 each) only when that file names none.
 */
export const DEFAULT_ROTATION_VIEW: Readonly<RotationView> = { manifold: 'ssl', digit: 400, degrees: 7.5, steps: 8, grounded: true };

type Raw = Record<string, unknown>;

function numberIn(value: unknown, [lo, hi]: readonly [number, number], integer: boolean): number | null {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  if (!Number.isFinite(n) || n < lo || n > hi || (integer && !Number.isInteger(n))) return null;
  return n;
}

/**
 * Lays `raw` (query values or a preset's view) over `base`; `digitCount` bounds the digit index.
 * Unknown keys are left to the caller: the query also carries scene, backend and the like.
 */
export function decodeRotationView(raw: unknown, base: Readonly<RotationView> = DEFAULT_ROTATION_VIEW, digitCount = ROTATION_VIEW_LIMITS.digit[1] + 1, source = 'rotation view'): { view: RotationView; notices: string[] } {
  const view = { ...base };
  const notices: string[] = [];
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { view, notices: [`${source}: expected an object of view fields; using the default`] };
  const rec = raw as Raw;
  const bad = (key: string, expected: string) => notices.push(`${source}: ${key}=${JSON.stringify(String(rec[key]).slice(0, 40))} is not ${expected}; using ${JSON.stringify(view[key as keyof RotationView])}`);
  if (rec.manifold !== undefined) {
    if (ROTATION_MANIFOLDS.includes(rec.manifold as RotationManifold)) view.manifold = rec.manifold as RotationManifold;
    else bad('manifold', `one of ${ROTATION_MANIFOLDS.join(', ')}`);
  }
  if (rec.digit !== undefined) {
    const n = numberIn(rec.digit, [0, digitCount - 1], true);
    if (n === null) bad('digit', `a held-out digit index in [0, ${digitCount - 1}]`);
    else view.digit = n;
  }
  if (rec.degrees !== undefined) {
    const n = numberIn(rec.degrees, ROTATION_VIEW_LIMITS.degrees, false);
    if (n === null) bad('degrees', `degrees per step in [${ROTATION_VIEW_LIMITS.degrees.join(', ')}]`);
    else view.degrees = n;
  }
  if (rec.steps !== undefined) {
    const n = numberIn(rec.steps, ROTATION_VIEW_LIMITS.steps, true);
    if (n === null) bad('steps', `a whole number of steps in [${ROTATION_VIEW_LIMITS.steps.join(', ')}]`);
    else view.steps = n;
  }
  if (rec.grounded !== undefined) {
    const g = rec.grounded;
    if (g === true || g === '1' || g === 'true') view.grounded = true;
    else if (g === false || g === '0' || g === 'false') view.grounded = false;
    else bad('grounded', '0 or 1');
  }
  return { view, notices };
}

export const ROTATION_VIEW_KEYS = ['manifold', 'digit', 'degrees', 'steps', 'grounded'] as const;

/**
 * The view as query parameters (after scene=rotation), only where it differs from `base` (the
 * page's default: DEFAULT_ROTATION_VIEW with the digit the rotation figures choose).
 */
export function encodeRotationView(view: Readonly<RotationView>, base: Readonly<RotationView> = DEFAULT_ROTATION_VIEW): URLSearchParams {
  const out = new URLSearchParams({ scene: 'rotation' });
  for (const key of ROTATION_VIEW_KEYS) {
    if (view[key] === base[key]) continue;
    out.set(key, typeof view[key] === 'boolean' ? (view[key] ? '1' : '0') : String(view[key]));
  }
  return out;
}
