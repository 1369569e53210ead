/**
 * A preset's slow orbit, picked by the camera search rather than by hand: the camera swings about
 * the vertical axis to either side of the searched home direction, as far as it can (up to a
 * limit) while every pose on the way still keeps the cluster centres apart and inside the free
 * part of the viewport. The path is a sampled sine (one key a second, linear between keys) so the
 * camera eases at the turns and never cuts a chord through the arc.
 */
import { lerpPose } from '../../src/spec/keyframes';
import type { CameraKey, CameraPose, Vec3 } from '../../src/spec/spec';
import { DEFAULT_FRAMING, fitPose, type Framing } from '../../src/engine/camera/fit';
import { CAMERA_FOV, STAGE_ASPECTS } from '../../src/engine/camera/search';
import { allInside, minSeparation, projectPoints } from '../../src/engine/camera/view-geometry';

export interface ArcOptions {
  /** Seconds for one swing there and back. */
  period: number;
  /** The widest swing to either side of home, degrees. */
  maxDegrees: number;
  /** Smallest distance between two centres on screen every pose must keep, in viewport heights. */
  bar: number;
  /** Which way the camera first turns about the vertical axis (+1: towards +x from +z). */
  turnFirst: 1 | -1;
  framing: Readonly<Framing>;
}

export const DEFAULT_ARC: Readonly<Omit<ArcOptions, 'period' | 'turnFirst'>> = { maxDegrees: 20, bar: 0.07, framing: DEFAULT_FRAMING };

export interface Arc {
  keys: CameraKey[];
  /** The swing to each side of home that every pose passed, degrees. */
  degrees: [number, number];
  /** The closest pair of centres over every checked pose and aspect, viewport heights. */
  worstSeparation: number;
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

/** The closest pair of centres seen from `pose` over every stage aspect, or -1 if one leaves the free area. */
export function worstView(centres: ArrayLike<number>, pose: Readonly<CameraPose>, framing: Readonly<Framing>): number {
  let worst = Infinity;
  for (const aspect of STAGE_ASPECTS) {
    const lens = { fov: CAMERA_FOV, aspect };
    const seen = projectPoints(centres, pose, lens);
    if (!allInside(seen, lens, framing.insets, 1e-3)) return -1;
    worst = Math.min(worst, minSeparation(seen));
  }
  return worst;
}

/** How far (whole degrees, up to `max`) the camera can turn from home towards `sign` with every degree on the way passing `bar`. */
function reach(centres: ArrayLike<number>, back: Readonly<Vec3>, sign: 1 | -1, options: Readonly<ArcOptions>): number {
  let degrees = 0;
  while (degrees < options.maxDegrees && worstView(centres, poseAt(centres, back, sign * (degrees + 1), options.framing), options.framing) >= options.bar) degrees++;
  return degrees;
}

/** The orbit about home direction `back` for `centres` (10 x 3), with the keys of one period. */
export function orbitArc(centres: ArrayLike<number>, back: Readonly<Vec3>, options: Readonly<ArcOptions>): Arc {
  const low = -reach(centres, back, -1, options);
  const high = reach(centres, back, 1, options);
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
  for (let k = 0; k + 1 < keys.length; k++) {
    for (const share of [0, 0.5]) worstSeparation = Math.min(worstSeparation, worstView(centres, lerpPose(keys[k]!, keys[k + 1]!, share), options.framing));
  }
  return { keys, degrees: [low, high], worstSeparation };
}
