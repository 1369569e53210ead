/**
 * Fits a camera looking along a given direction so a set of points (the cluster centres) fills
 * the free part of the viewport: the nearest distance at which every point, with a margin round
 * it, lies inside the viewport less the page's bands, and the sideways shift (a pan: camera and
 * target move together) that centres them in that rectangle.
 *
 * For a fixed direction, "point i lies left of the rectangle's right edge" is linear in the pan x
 * and the distance s, so the smallest s is a closed form over pairs of points: the fit is exact
 * under perspective and costs n^2 for n points (the centring pan is then a short bisection).
 */
import type { CameraPose, Vec3 } from '../../spec/spec';
import { dot, halfHeight, viewAxes, type Insets, type Lens } from './view-geometry';

/** What the fit keeps clear: the page's bands, and a margin round each point in viewport heights (its label, its cloud). */
export interface Framing {
  insets: Insets;
  margin: number;
}

/** Top band for the title, bottom band for the caption and the digit cards, narrow sides. */
export const DEFAULT_INSETS: Readonly<Insets> = { top: 0.12, bottom: 0.32, left: 0.04, right: 0.04 };
export const DEFAULT_FRAMING: Readonly<Framing> = { insets: DEFAULT_INSETS, margin: 0.05 };

/** The nearest a point may come to the camera along its axis (map units): keeps the fit well-posed for flat sets. */
const NEAREST_DEPTH = 0.5;

/** Bands no wider than this share of the viewport, so some free rectangle is always left. */
const MAX_BAND = 0.4;

/** `insets` with each band within [0, MAX_BAND]; a missing or non-finite band is the default's. */
export function clampInsets(insets: Partial<Insets>): Insets {
  const band = (key: keyof Insets) => {
    const v = insets[key];
    return v !== undefined && Number.isFinite(v) ? Math.min(MAX_BAND, Math.max(0, v)) : DEFAULT_INSETS[key];
  };
  return { top: band('top'), bottom: band('bottom'), left: band('left'), right: band('right') };
}

/** The middle of the points' bounding box. */
function boxCentre(points: ArrayLike<number>): Vec3 {
  const lo = [Infinity, Infinity, Infinity];
  const hi = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i + 2 < points.length; i += 3) {
    for (let c = 0; c < 3; c++) {
      lo[c] = Math.min(lo[c]!, points[i + c]!);
      hi[c] = Math.max(hi[c]!, points[i + c]!);
    }
  }
  return points.length < 3 ? [0, 0, 0] : [(lo[0]! + hi[0]!) / 2, (lo[1]! + hi[1]!) / 2, (lo[2]! + hi[2]!) / 2];
}

/**
 * One screen axis: coordinates `a` of the points along it, their depths towards the camera `c`,
 * and the free band [lo, hi] in units of tan(half fov) (so a point at camera distance d is inside
 * when lo * d <= a - pan <= hi * d). Returns the smallest camera distance that fits every point.
 */
function axisDistance(a: readonly number[], c: readonly number[], lo: number, hi: number): number {
  let s = -Infinity;
  for (let i = 0; i < a.length; i++) {
    for (let j = 0; j < a.length; j++) s = Math.max(s, (a[i]! - a[j]! + hi * c[i]! - lo * c[j]!) / (hi - lo));
  }
  return s;
}

/**
 * The pan along one axis that centres the points' screen extent in their free band at distance
 * `s`, within the pans that keep every point inside it (on the axis that set the distance, that
 * range is a single pan). Screen positions fall as the pan grows, so bisection finds it.
 */
function axisPan(a: readonly number[], c: readonly number[], lo: number, hi: number, s: number): number {
  let least = -Infinity;
  let most = Infinity;
  for (let i = 0; i < a.length; i++) {
    least = Math.max(least, a[i]! - hi * (s - c[i]!));
    most = Math.min(most, a[i]! - lo * (s - c[i]!));
  }
  const middle = (pan: number) => {
    let low = Infinity;
    let high = -Infinity;
    for (let i = 0; i < a.length; i++) {
      const screen = (a[i]! - pan) / (s - c[i]!);
      low = Math.min(low, screen);
      high = Math.max(high, screen);
    }
    return (low + high) / 2;
  };
  const goal = (lo + hi) / 2;
  for (let step = 0; step < 40 && most - least > 1e-7; step++) {
    const pan = (least + most) / 2;
    if (middle(pan) > goal) least = pan;
    else most = pan;
  }
  return (least + most) / 2;
}

/**
 * The pose looking along -`back` (a unit vector from the target to the camera) that fits `points`
 * (n x 3) into the viewport of `lens` less `framing`'s bands and margins.
 */
export function fitPose(points: ArrayLike<number>, back: Readonly<Vec3>, lens: Lens, framing: Readonly<Framing> = DEFAULT_FRAMING): CameraPose {
  const axes = viewAxes(back);
  const centre = boxCentre(points);
  // Nothing to frame (a map without digits): look at the origin from about the map's size away.
  if (points.length < 3) return { position: [3 * axes.back[0], 3 * axes.back[1], 3 * axes.back[2]], target: centre };
  const t = halfHeight(lens);
  const insets = clampInsets(framing.insets);
  // The free rectangle in NDC-per-tan units, shrunk by the margin (a share of the height; over the
  // aspect in x), and never inverted: a margin too wide for the rectangle leaves its middle line.
  const span = (from: number, to: number, pad: number): [number, number] => {
    const shrink = Math.min(pad, (to - from) / 2 - 1e-3);
    return [from + shrink, to - shrink];
  };
  const [xLo, xHi] = span(-1 + 2 * insets.left, 1 - 2 * insets.right, (2 * framing.margin) / lens.aspect);
  const [yLo, yHi] = span(-1 + 2 * insets.bottom, 1 - 2 * insets.top, 2 * framing.margin);
  const a: number[] = [];
  const b: number[] = [];
  const c: number[] = [];
  for (let i = 0; i + 2 < points.length; i += 3) {
    const q: Vec3 = [points[i]! - centre[0], points[i + 1]! - centre[1], points[i + 2]! - centre[2]];
    a.push(dot(q, axes.right));
    b.push(dot(q, axes.up));
    c.push(dot(q, axes.back));
  }
  const tx = t * lens.aspect;
  const s = Math.max(axisDistance(a, c, xLo * tx, xHi * tx), axisDistance(b, c, yLo * t, yHi * t), Math.max(...c) + NEAREST_DEPTH);
  const x = axisPan(a, c, xLo * tx, xHi * tx, s);
  const y = axisPan(b, c, yLo * t, yHi * t, s);
  const target: Vec3 = [0, 1, 2].map((k) => centre[k]! + x * axes.right[k]! + y * axes.up[k]!) as Vec3;
  const position: Vec3 = [0, 1, 2].map((k) => target[k]! + s * axes.back[k]!) as Vec3;
  return { position, target };
}
