/**
 * The camera search (src/engine/camera): the lattice of view directions, the fit that fills the
 * free part of the viewport, and the direction that keeps cluster centres apart on screen.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_FRAMING, DEFAULT_INSETS, clampInsets, fitPose } from '../../src/engine/camera/fit';
import { DEFAULT_SEARCH, fibonacciDirections, scoreDirection, searchDirection, separationAt } from '../../src/engine/camera/search';
import { allInside, projectPoints, type Insets } from '../../src/engine/camera/view-geometry';
import type { Vec3 } from '../../src/spec/spec';

/** A seeded generator (mulberry32) so the random sets are the same on every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function cloud(seed: number, count = 10): Float32Array {
  const next = random(seed);
  return Float32Array.from({ length: count * 3 }, () => next() * 2 - 1);
}

/** A 5 x 2 grid in the vertical x-y plane: seen edge on, columns (or rows) fall on each other. */
const GRID = Float32Array.from({ length: 30 }, (_, k) => {
  const i = Math.floor(k / 3);
  return [(i % 5) / 2 - 1, Math.floor(i / 5) - 0.5, 0][k % 3]!;
});

const lens = (aspect: number) => ({ fov: 45, aspect });

describe('view directions', () => {
  it('spreads unit vectors over the sphere, skipping the steepest, the same every time', () => {
    const all = fibonacciDirections(400, 1);
    expect(all).toHaveLength(400);
    for (const d of all) expect(Math.hypot(...d)).toBeCloseTo(1, 9);
    // Even spread: each octant holds about an eighth.
    const octant = all.filter(([x, y, z]) => x > 0 && y > 0 && z > 0).length;
    expect(octant).toBeGreaterThan(40);
    expect(octant).toBeLessThan(60);
    const shallow = fibonacciDirections(400);
    expect(shallow.length).toBeLessThan(400);
    expect(shallow.every(([, y]) => Math.abs(y) <= 0.9)).toBe(true);
    expect(fibonacciDirections(400)).toEqual(shallow);
  });
});

describe('fitting the camera to the free area', () => {
  const cases: { aspect: number; insets: Insets }[] = [
    { aspect: 16 / 9, insets: DEFAULT_INSETS },
    { aspect: 4 / 3, insets: DEFAULT_INSETS },
    { aspect: 16 / 9, insets: { top: 0, bottom: 0, left: 0, right: 0 } },
    { aspect: 9 / 16, insets: { top: 0.2, bottom: 0.1, left: 0.3, right: 0 } },
  ];

  it('keeps every point inside the viewport less the bands and the margin, for any direction', () => {
    for (const [n, { aspect, insets }] of cases.entries()) {
      const points = cloud(n + 1);
      for (const back of fibonacciDirections(40)) {
        const pose = fitPose(points, back, lens(aspect), { insets, margin: 0.05 });
        const padded = { top: insets.top + 0.05, bottom: insets.bottom + 0.05, left: insets.left + 0.05 / aspect, right: insets.right + 0.05 / aspect };
        expect(allInside(projectPoints(points, pose, lens(aspect)), lens(aspect), padded, 1e-6)).toBe(true);
      }
    }
  });

  it('fills the free area: the points reach two opposite edges and sit in the middle of the other way', () => {
    for (const [n, { aspect, insets }] of cases.entries()) {
      const points = cloud(n + 7);
      const pose = fitPose(points, [0.3, 0.4, 0.87], lens(aspect), { insets, margin: 0 });
      const seen = projectPoints(points, pose, lens(aspect));
      const xs = seen.map((p) => p.x);
      const ys = seen.map((p) => p.y);
      const left = -aspect / 2 + insets.left * aspect;
      const right = aspect / 2 - insets.right * aspect;
      const top = -0.5 + insets.top;
      const bottom = 0.5 - insets.bottom;
      const slack = [Math.min(...xs) - left, right - Math.max(...xs), Math.min(...ys) - top, bottom - Math.max(...ys)];
      const tightX = slack[0]! < 1e-4 && slack[1]! < 1e-4;
      const tightY = slack[2]! < 1e-4 && slack[3]! < 1e-4;
      expect(tightX || tightY).toBe(true);
      // The loose axis is centred in its band.
      if (!tightX) expect(slack[0]).toBeCloseTo(slack[1]!, 4);
      if (!tightY) expect(slack[2]).toBeCloseTo(slack[3]!, 4);
    }
  });

  it('looks along the direction it is given, at the target it pans to', () => {
    const back: Vec3 = [0, 0.6, 0.8];
    const { position, target } = fitPose(cloud(3), back, lens(16 / 9));
    const offset = position.map((v, k) => v - target[k]!);
    const length = Math.hypot(...offset);
    expect(offset.map((v) => v / length)).toEqual(back.map((v) => expect.closeTo(v, 9)));
  });

  it('clamps bands to [0, 0.4] and fills missing ones from the defaults', () => {
    expect(clampInsets({ top: -1, bottom: 0.9, left: Number.NaN })).toEqual({ top: 0, bottom: 0.4, left: DEFAULT_INSETS.left, right: DEFAULT_INSETS.right });
    expect(clampInsets({})).toEqual(DEFAULT_INSETS);
  });
});

describe('the direction search', () => {
  it('looks at a flat grid from well off its plane, never edge on', () => {
    const { back, separation } = searchDirection(GRID);
    expect(Math.abs(back[2])).toBeGreaterThan(0.9);
    expect(separation).toBeGreaterThan(0.06);
    // Edge on, only perspective keeps the near and far columns apart.
    expect(scoreDirection(GRID, [1, 0, 0])).toBeLessThan(0.02);
  });

  it('looks across a line of points, never along it', () => {
    const line = Float32Array.from({ length: 30 }, (_, k) => (k % 3 === 0 ? Math.floor(k / 3) / 4.5 - 1 : 0));
    const { back, separation } = searchDirection(line);
    expect(Math.abs(back[0])).toBeLessThan(0.2);
    expect(separation).toBeGreaterThan(0.03);
  });

  it('scores the direction it keeps by its worst aspect, and no lattice direction scores higher', () => {
    const points = cloud(11);
    const best = searchDirection(points);
    expect(scoreDirection(points, best.back)).toBeCloseTo(best.separation, 12);
    for (const aspect of DEFAULT_SEARCH.aspects) {
      expect(separationAt(points, fitPose(points, best.back, lens(aspect), DEFAULT_FRAMING), 45, aspect)).toBeGreaterThanOrEqual(best.separation - 1e-12);
    }
    for (const back of fibonacciDirections(DEFAULT_SEARCH.directions)) expect(scoreDirection(points, back)).toBeLessThanOrEqual(best.separation);
  });

  it('is deterministic and takes milliseconds', () => {
    const points = cloud(5);
    const t = performance.now();
    const a = searchDirection(points);
    expect(performance.now() - t).toBeLessThan(1000);
    expect(searchDirection(points)).toEqual(a);
  });
});
