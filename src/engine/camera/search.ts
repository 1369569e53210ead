/**
 * The camera search: which way to look at the map so that no two cluster centres land on each
 * other. It tries view directions spread evenly over the sphere (a Fibonacci lattice), fits each
 * to the free part of the viewport (fit.ts), and keeps the one whose closest pair of centres is
 * farthest apart on screen. Deterministic, and a few milliseconds for ten centres.
 */
import type { CameraPose, Vec3 } from '../../spec/spec';
import { DEFAULT_FRAMING, fitPose, type Framing } from './fit';
import { minSeparation, projectPoints } from './view-geometry';

/** The page's camera: three's PerspectiveCamera(45, ...). */
export const CAMERA_FOV = 45;

/** Screen shapes a view must work on: 16:9 (1920x1080, 1280x720) and 4:3 projectors. */
export const STAGE_ASPECTS: readonly number[] = [16 / 9, 4 / 3];

/**
 * Directions no steeper than this (sine of the elevation): OrbitControls turns about world up, and
 * a camera looking straight down has no stable screen orientation.
 */
const MAX_ELEVATION_SINE = 0.9;

export interface SearchOptions {
  /** Lattice points on the whole sphere (those too steep are skipped). */
  directions: number;
  fov: number;
  /** Each direction is scored by its worst separation over these aspects. */
  aspects: readonly number[];
  framing: Readonly<Framing>;
}

export const DEFAULT_SEARCH: Readonly<SearchOptions> = { directions: 400, fov: CAMERA_FOV, aspects: STAGE_ASPECTS, framing: DEFAULT_FRAMING };

export interface SearchResult {
  /** Unit vector from the target towards the camera. */
  back: Vec3;
  /** The closest pair's distance on screen, in viewport heights, at the worst of the aspects. */
  separation: number;
}

/** `count` unit vectors spread evenly over the sphere (golden-angle spiral), skipping those steeper than `maxSine`. */
export function fibonacciDirections(count: number, maxSine = MAX_ELEVATION_SINE): Vec3[] {
  const golden = Math.PI * (3 - Math.sqrt(5));
  const out: Vec3[] = [];
  for (let i = 0; i < count; i++) {
    const y = 1 - (2 * (i + 0.5)) / count;
    if (Math.abs(y) > maxSine) continue;
    const r = Math.sqrt(1 - y * y);
    out.push([Math.cos(golden * i) * r, y, Math.sin(golden * i) * r]);
  }
  return out;
}

/** The closest pair of `points` (n x 3) on screen, in viewport heights, from `pose` at `aspect`. */
export function separationAt(points: ArrayLike<number>, pose: Readonly<CameraPose>, fov: number, aspect: number): number {
  return minSeparation(projectPoints(points, pose, { fov, aspect }));
}

/** How well looking along -`back` separates `points` once fitted: the worst closest pair over the aspects. */
export function scoreDirection(points: ArrayLike<number>, back: Readonly<Vec3>, options: Readonly<SearchOptions> = DEFAULT_SEARCH): number {
  let worst = Infinity;
  for (const aspect of options.aspects) {
    const lens = { fov: options.fov, aspect };
    worst = Math.min(worst, separationAt(points, fitPose(points, back, lens, options.framing), options.fov, aspect));
  }
  return worst;
}

/** The lattice direction that keeps `points`' closest pair farthest apart (the first of equals). */
export function searchDirection(points: ArrayLike<number>, options: Readonly<SearchOptions> = DEFAULT_SEARCH): SearchResult {
  let best: SearchResult = { back: [0, 0, 1], separation: -Infinity };
  for (const back of fibonacciDirections(options.directions)) {
    const separation = scoreDirection(points, back, options);
    if (separation > best.separation) best = { back, separation };
  }
  return best;
}
