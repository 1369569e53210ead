/** The rotation experiment's image measures (src/model/rotation-measure.ts). */
import { describe, expect, it } from 'vitest';
import { glyph } from '../../harness/glyph';
import { PIXELS } from '../../src/model/dataset';
import { ANGLE_GRID, correlation, estimateAngle, keptInstance, nearestExemplar, rotateImage, rotatedStarts, slopeThroughOrigin } from '../../src/model/rotation-measure';

describe('rotation measures', () => {
  it('recovers the angle a glyph was turned by, to within a degree or two', () => {
    const start = glyph();
    const turned = rotatedStarts(start);
    for (const a of [-40, -15, -7, 0, 8, 22, 45]) {
      const { angle, match } = estimateAngle(rotateImage(start, a), turned);
      expect(Math.abs(angle - a), `asked ${a}`).toBeLessThanOrEqual(2);
      expect(match).toBeGreaterThan(0.9);
    }
    expect(ANGLE_GRID[0]).toBe(-75);
    expect(ANGLE_GRID.at(-1)).toBe(75);
  });

  it('scores identical images 1, unrelated ones near 0, and a flat image 0', () => {
    const a = glyph();
    expect(correlation(a, a)).toBeCloseTo(1, 6);
    expect(correlation(a, new Float32Array(PIXELS))).toBe(0);
    expect(Math.abs(correlation(a, rotateImage(a, 90)))).toBeLessThan(0.5);
  });

  it('tells the same instance turned from another instance of the glyph', () => {
    const exemplars = new Float32Array(3 * PIXELS);
    exemplars.set(glyph(-4), 0);
    exemplars.set(glyph(0), PIXELS);
    exemplars.set(glyph(4), 2 * PIXELS);
    expect(nearestExemplar(glyph(0), exemplars)).toBe(1);
    // The start turned by 20 degrees, turned back: still exemplar 1.
    expect(keptInstance(rotateImage(glyph(0), 20), 20, 1, exemplars)).toBe(true);
    // Another instance (shifted) at the asked angle: it snapped.
    expect(keptInstance(rotateImage(glyph(4), 20), 20, 1, exemplars)).toBe(false);
  });

  it('fits the slope of achieved against asked angles through the origin', () => {
    expect(slopeThroughOrigin([10, 20, 30], [5, 10, 15])).toBeCloseTo(0.5, 9);
    expect(slopeThroughOrigin([10, -10], [10, -10])).toBeCloseTo(1, 9);
    expect(slopeThroughOrigin([0, 0], [3, 4])).toBe(0);
  });
});
