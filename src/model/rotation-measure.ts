/**
 * The rotation experiment's measures (issue 13), on images alone: how far a decoded image is
 * turned from its start (the best-matching angle of the rotated start, by correlation over a fine
 * grid), and whether it is still the start's own instance or snapped to another digit of the same
 * class (rotated back by the asked angle, is its nearest training exemplar still the start's?).
 */
import { PIXELS } from './dataset';
import { IDENTITY_PROBE, probeView } from './probe-view';

/** The image turned by `degrees` about its centre (positive: clockwise on screen), bilinear. */
export function rotateImage(image: Float32Array, degrees: number): Float32Array {
  return degrees === 0 ? Float32Array.from(image) : probeView(image, { ...IDENTITY_PROBE, rotation: degrees });
}

/** The angles the estimate tries: -75..75 degrees in steps of 1. */
export const ANGLE_GRID: readonly number[] = Array.from({ length: 151 }, (_, i) => i - 75);

/** Pearson correlation of two images (0 when either is flat). */
export function correlation(a: Float32Array, b: Float32Array): number {
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < PIXELS; i++) {
    ma += a[i]!;
    mb += b[i]!;
  }
  ma /= PIXELS;
  mb /= PIXELS;
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < PIXELS; i++) {
    const x = a[i]! - ma;
    const y = b[i]! - mb;
    ab += x * y;
    aa += x * x;
    bb += y * y;
  }
  return aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : 0;
}

/** The start turned by every angle of the grid, made once and reused for all of its steps. */
export function rotatedStarts(start: Float32Array, grid: readonly number[] = ANGLE_GRID): Float32Array[] {
  return grid.map((a) => rotateImage(start, a));
}

/** The grid angle whose turned start best matches `image`, and how well (its correlation). */
export function estimateAngle(image: Float32Array, turned: readonly Float32Array[], grid: readonly number[] = ANGLE_GRID): { angle: number; match: number } {
  let best = 0;
  let bestR = -Infinity;
  turned.forEach((t, i) => {
    const r = correlation(t, image);
    if (r > bestR) [best, bestR] = [i, r];
  });
  return { angle: grid[best]!, match: bestR };
}

/** Index (into `exemplars`, n x 784) of the exemplar nearest `image` in squared pixel distance. */
export function nearestExemplar(image: Float32Array, exemplars: Float32Array): number {
  let best = -1;
  let bestD = Infinity;
  for (let e = 0; e < exemplars.length / PIXELS; e++) {
    let d = 0;
    for (let i = 0; i < PIXELS; i++) {
      const t = image[i]! - exemplars[e * PIXELS + i]!;
      d += t * t;
      if (d >= bestD) break;
    }
    if (d < bestD) [best, bestD] = [e, d];
  }
  return best;
}

/**
 * Whether a step kept the start's instance: its image turned back by the asked angle is nearest
 * the same exemplar of the class as the start itself.
 */
export function keptInstance(image: Float32Array, askedDegrees: number, startExemplar: number, exemplars: Float32Array): boolean {
  return nearestExemplar(rotateImage(image, -askedDegrees), exemplars) === startExemplar;
}

/** Least-squares slope through the origin of achieved against asked angles. */
export function slopeThroughOrigin(asked: readonly number[], achieved: readonly number[]): number {
  let xy = 0;
  let xx = 0;
  asked.forEach((x, i) => {
    xy += x * achieved[i]!;
    xx += x * x;
  });
  return xx > 0 ? xy / xx : 0;
}
