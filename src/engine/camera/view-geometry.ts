/**
 * Where points land on screen for a camera pose, without three.js: the same axes three's
 * `camera.lookAt` builds (world up +y) and the same perspective divide, so the camera search can
 * run in Node, in tests and at start-up without a scene.
 */
import type { CameraPose, Vec3 } from '../../spec/spec';

/** A perspective lens: vertical field of view in degrees and width / height. */
export interface Lens {
  fov: number;
  aspect: number;
}

/** The bands of the viewport the page keeps for itself, as shares of its width (left, right) and height (top, bottom). */
export interface Insets {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

/** A point on screen in viewport heights from the viewport's centre (x right, y down), and its depth in front of the camera. */
export interface ScreenPoint {
  x: number;
  y: number;
  depth: number;
}

export const dot = (a: Readonly<Vec3>, b: Readonly<Vec3>): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];

export function normalise(v: Readonly<Vec3>): Vec3 {
  const length = Math.hypot(v[0], v[1], v[2]) || 1;
  return [v[0] / length, v[1] / length, v[2] / length];
}

function cross(a: Readonly<Vec3>, b: Readonly<Vec3>): Vec3 {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}

/** The screen's axes for a camera on the unit vector `back` from what it looks at, with world up +y (three's lookAt). */
export function viewAxes(back: Readonly<Vec3>): { right: Vec3; up: Vec3; back: Vec3 } {
  const b = normalise(back);
  const right = normalise(cross([0, 1, 0], b));
  return { right, up: cross(b, right), back: b };
}

/** tan of half the vertical field of view: a point at depth d and height h above the axis lands h / (d * this) NDC units up. */
export const halfHeight = (lens: Lens): number => Math.tan((lens.fov * Math.PI) / 360);

/** Each point of `points` (n x 3) seen from `pose` through `lens`. */
export function projectPoints(points: ArrayLike<number>, pose: Readonly<CameraPose>, lens: Lens): ScreenPoint[] {
  const { position, target } = pose;
  const axes = viewAxes([position[0] - target[0], position[1] - target[1], position[2] - target[2]]);
  const t = halfHeight(lens);
  const out: ScreenPoint[] = [];
  for (let i = 0; i + 2 < points.length; i += 3) {
    const q: Vec3 = [points[i]! - position[0], points[i + 1]! - position[1], points[i + 2]! - position[2]];
    const depth = -dot(q, axes.back);
    // NDC over 2 is viewport heights (y) or widths (x, times the aspect to make it heights).
    out.push({ x: dot(q, axes.right) / (depth * t * 2), y: -dot(q, axes.up) / (depth * t * 2), depth });
  }
  return out;
}

/** The smallest distance between two of `points` on screen, in viewport heights. */
export function minSeparation(points: readonly ScreenPoint[]): number {
  let least = Infinity;
  for (let i = 0; i < points.length; i++) {
    for (let j = i + 1; j < points.length; j++) least = Math.min(least, Math.hypot(points[i]!.x - points[j]!.x, points[i]!.y - points[j]!.y));
  }
  return least;
}

/** Whether every point is in front of the camera and inside the viewport less `insets`. */
export function allInside(points: readonly ScreenPoint[], lens: Lens, insets: Insets, slack = 1e-6): boolean {
  const halfWidth = lens.aspect / 2;
  return points.every(
    (p) =>
      p.depth > 0 &&
      p.x >= -halfWidth + insets.left * lens.aspect - slack &&
      p.x <= halfWidth - insets.right * lens.aspect + slack &&
      p.y >= -0.5 + insets.top - slack &&
      p.y <= 0.5 - insets.bottom + slack,
  );
}
