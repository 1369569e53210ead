/**
 * A preset's slow orbit, picked by the camera search rather than by hand: the camera swings about
 * the vertical axis to either side of the searched home direction, as far as it can (up to a
 * limit) while every pose on the way still keeps the cluster centres apart and inside the free
 * part of the viewport and keeps a gap between every two clusters' facing edges (centres alone
 * let a wide cluster reach over a small one beside it). The path is a sampled sine (one key a
 * second, linear between keys) so the camera eases at the turns and never cuts a chord through
 * the arc.
 */
import { lerpPose } from '../../src/spec/keyframes';
import type { CameraKey, CameraPose, Vec3 } from '../../src/spec/spec';
import { DEFAULT_FRAMING, fitPose, type Framing } from '../../src/engine/camera/fit';
import { CAMERA_FOV, STAGE_ASPECTS } from '../../src/engine/camera/search';
import { allInside, minSeparation, projectPoints, type ScreenPoint } from '../../src/engine/camera/view-geometry';

export interface ArcOptions {
  /** Seconds for one swing there and back. */
  period: number;
  /** The widest swing to either side of home, degrees. */
  maxDegrees: number;
  /** Smallest distance between two centres on screen every pose must keep, in viewport heights. */
  bar: number;
  /** Smallest gap between two clusters' facing edges on screen (see edgeGap), viewport heights. */
  edgeGap: number;
  /** Which way the camera first turns about the vertical axis (+1: towards +x from +z). */
  turnFirst: 1 | -1;
  framing: Readonly<Framing>;
}

export const DEFAULT_ARC: Readonly<Omit<ArcOptions, 'period' | 'turnFirst'>> = { maxDegrees: 20, bar: 0.07, edgeGap: 0.03, framing: DEFAULT_FRAMING };

export interface Arc {
  keys: CameraKey[];
  /** The swing to each side of home that every pose passed, degrees. */
  degrees: [number, number];
  /** The closest pair of centres over every checked pose and aspect, viewport heights. */
  worstSeparation: number;
  /** The narrowest gap between two clusters' edges over every checked pose and aspect (negative: they overlap). */
  worstEdgeGap: number;
}

/** The map's digits: positions (n x 3) and their classes. */
export interface MapDigits {
  points: ArrayLike<number>;
  labels: ArrayLike<number>;
}

/** A cluster's edge facing another is where this share of its digits lies behind, along the line between their centres; the rest are stragglers. */
const EDGE_SHARE = 0.9;

/** What one pose shows at its worst over every stage aspect. */
export interface ViewFigures {
  /** The closest pair of centres, viewport heights, or -1 if a centre leaves the free area. */
  separation: number;
  /** The narrowest gap between two clusters' facing edges, viewport heights (negative: they overlap); the separation without the digits. */
  edgeGap: number;
}

/** `back` turned by `degrees` about the world's vertical axis. */
function turn(back: Readonly<Vec3>, degrees: number): Vec3 {
  const a = (degrees * Math.PI) / 180;
  return [back[0] * Math.cos(a) + back[2] * Math.sin(a), back[1], -back[0] * Math.sin(a) + back[2] * Math.cos(a)];
}

/** The narrowest stage aspect: a path fitted there stays in frame on every wider screen. */
const NARROWEST = Math.min(...STAGE_ASPECTS);

const round = (v: number) => Math.round(v * 1000) / 1000;
const roundPose = (p: CameraPose): CameraPose => ({ position: p.position.map(round) as Vec3, target: p.target.map(round) as Vec3 });

/** The home turned by `degrees`, fitted for the narrowest stage, as a preset file writes it. */
function poseAt(centres: ArrayLike<number>, back: Readonly<Vec3>, degrees: number, framing: Readonly<Framing>): CameraPose {
  return roundPose(fitPose(centres, turn(back, degrees), { fov: CAMERA_FOV, aspect: NARROWEST }, framing));
}

/** The share-th smallest of `values` (sorted in place). */
function quantile(values: number[], share: number): number {
  values.sort((a, b) => a - b);
  return values[Math.floor(share * (values.length - 1))] ?? 0;
}

/**
 * The narrowest gap on screen between two clusters' facing edges: for each pair, the distance
 * between their centres less how far each reaches towards the other (EDGE_SHARE of its digits
 * lie no further along the line between them). Elongated clusters count only their reach
 * towards each other, as the eye sees it.
 */
function edgeGap(centres: readonly ScreenPoint[], digits: readonly ScreenPoint[], labels: ArrayLike<number>): number {
  let least = Infinity;
  for (let a = 0; a < centres.length; a++) {
    for (let b = a + 1; b < centres.length; b++) {
      const [dx, dy] = [centres[b]!.x - centres[a]!.x, centres[b]!.y - centres[a]!.y];
      const distance = Math.hypot(dx, dy);
      if (distance === 0) return -Infinity;
      const [ux, uy] = [dx / distance, dy / distance];
      const [towardsB, towardsA]: number[][] = [[], []];
      for (let i = 0; i < labels.length; i++) {
        const p = digits[i]!;
        if (labels[i] === a) towardsB.push((p.x - centres[a]!.x) * ux + (p.y - centres[a]!.y) * uy);
        else if (labels[i] === b) towardsA.push((centres[b]!.x - p.x) * ux + (centres[b]!.y - p.y) * uy);
      }
      least = Math.min(least, distance - quantile(towardsB, EDGE_SHARE) - quantile(towardsA, EDGE_SHARE));
    }
  }
  return least;
}

/** The closest pair of centres, and of cluster edges given the map's digits, seen from `pose` over every stage aspect. */
export function worstView(centres: ArrayLike<number>, pose: Readonly<CameraPose>, framing: Readonly<Framing>, digits?: MapDigits): ViewFigures {
  let separation = Infinity;
  let gap = Infinity;
  for (const aspect of STAGE_ASPECTS) {
    const lens = { fov: CAMERA_FOV, aspect };
    const seen = projectPoints(centres, pose, lens);
    if (!allInside(seen, lens, framing.insets, 1e-3)) return { separation: -1, edgeGap: -Infinity };
    const closest = minSeparation(seen);
    separation = Math.min(separation, closest);
    gap = Math.min(gap, digits === undefined ? closest : edgeGap(seen, projectPoints(digits.points, pose, lens), digits.labels));
  }
  return { separation, edgeGap: gap };
}

const passes = (view: ViewFigures, options: Readonly<ArcOptions>) => view.separation >= options.bar && view.edgeGap >= options.edgeGap;

/** How far (whole degrees, up to `max`) the camera can turn from home towards `sign` with every degree on the way passing the bars. */
function reach(centres: ArrayLike<number>, digits: MapDigits, back: Readonly<Vec3>, sign: 1 | -1, options: Readonly<ArcOptions>): number {
  let degrees = 0;
  while (degrees < options.maxDegrees && passes(worstView(centres, poseAt(centres, back, sign * (degrees + 1), options.framing), options.framing, digits), options)) degrees++;
  return degrees;
}

/** The orbit about home direction `back` for `centres` (10 x 3) of the map's `digits`, with the keys of one period. */
export function orbitArc(centres: ArrayLike<number>, digits: MapDigits, back: Readonly<Vec3>, options: Readonly<ArcOptions>): Arc {
  const low = -reach(centres, digits, back, -1, options);
  const high = reach(centres, digits, back, 1, options);
  const middle = (low + high) / 2;
  const half = (high - low) / 2;
  const steps = Math.max(4, Math.round(options.period));
  const keys: CameraKey[] = [];
  for (let k = 0; k <= steps; k++) {
    const t = (options.period * k) / steps;
    const swing = -Math.cos((2 * Math.PI * k) / steps) * half;
    keys.push({ t: round(t), ...poseAt(centres, back, middle + options.turnFirst * swing, options.framing), ease: 'linear' });
  }
  // Between keys the director moves in a straight line: check there too, not only at the keys.
  let worstSeparation = Infinity;
  let worstEdgeGap = Infinity;
  for (let k = 0; k + 1 < keys.length; k++) {
    for (const share of [0, 0.5]) {
      const view = worstView(centres, lerpPose(keys[k]!, keys[k + 1]!, share), options.framing, digits);
      worstSeparation = Math.min(worstSeparation, view.separation);
      worstEdgeGap = Math.min(worstEdgeGap, view.edgeGap);
    }
  }
  return { keys, degrees: [low, high], worstSeparation, worstEdgeGap };
}
