/**
 * Keyframed values over time: a u schedule or a camera path is a list of keys in time order, each
 * saying how its value moves to the next one's (linear, smooth = smoothstep ease-in-out, hold =
 * stay, then jump). Pure: no clock, no DOM; the director samples it at the clock's time.
 */
import type { CameraKey, CameraPose, Ease, UKey, Vec3 } from './spec';

/** smoothstep: zero slope at both ends, so a transition starts and lands gently. */
export function smoothstep(x: number): number {
  const c = Math.min(1, Math.max(0, x));
  return c * c * (3 - 2 * c);
}

export function applyEase(ease: Ease, x: number): number {
  if (ease === 'hold') return 0;
  if (ease === 'smooth') return smoothstep(x);
  return Math.min(1, Math.max(0, x));
}

/** Wraps `t` into [0, duration) when looping (a zero-length schedule never wraps). */
export function scheduleTime(t: number, duration: number, loop: boolean): number {
  if (!loop || duration <= 0 || t < duration) return Math.max(0, t);
  return t % duration;
}

/**
 * Where `t` falls among the keys: the key before it, the key after it and the eased share of
 * the way between them. Before the first key: the first key; after the last: the last.
 */
export function locate<K extends { t: number; ease: Ease }>(keys: readonly K[], t: number): { from: K; to: K; share: number } | null {
  const first = keys[0];
  if (first === undefined) return null;
  if (t <= first.t) return { from: first, to: first, share: 0 };
  for (let i = 1; i < keys.length; i++) {
    const to = keys[i]!;
    if (t < to.t) {
      const from = keys[i - 1]!;
      return { from, to, share: applyEase(from.ease, (t - from.t) / (to.t - from.t)) };
    }
  }
  const last = keys[keys.length - 1]!;
  return { from: last, to: last, share: 0 };
}

export const lerp = (a: number, b: number, s: number): number => a + (b - a) * s;

export function lerpVec3(a: Readonly<Vec3>, b: Readonly<Vec3>, s: number): Vec3 {
  return [lerp(a[0], b[0], s), lerp(a[1], b[1], s), lerp(a[2], b[2], s)];
}

export function lerpPose(a: Readonly<CameraPose>, b: Readonly<CameraPose>, s: number): CameraPose {
  return { position: lerpVec3(a.position, b.position, s), target: lerpVec3(a.target, b.target, s) };
}

/** u of a schedule at time `t` (seconds), or null when there is no schedule. */
export function sampleU(keys: readonly UKey[], t: number, loop: boolean): number | null {
  const at = locate(keys, scheduleTime(t, keys.at(-1)?.t ?? 0, loop));
  return at && lerp(at.from.u, at.to.u, at.share);
}

/** The camera pose of a path at time `t`, or null when there is no path. */
export function samplePose(keys: readonly CameraKey[], t: number, loop: boolean): CameraPose | null {
  const at = locate(keys, scheduleTime(t, keys.at(-1)?.t ?? 0, loop));
  return at && lerpPose(at.from, at.to, at.share);
}
