/** The digit palette: ten classes apart for colour-blind viewers, visible on the stage, never glowing alone. */
import { describe, expect, it } from 'vitest';
import { DIGIT_COLOURS, SPEED_RAMP } from '../../src/engine/layers/palette';
import { BLOOM_THRESHOLD } from '../../src/engine/backends/bloom-constants';
import { closestPair, contrastRatio, linearRgb, oklab, seenDistance, simulate, type Vision } from '../../harness/colour-vision';

/** The page's background (src/engine/stage.ts BACKGROUND, style.css). */
const STAGE_BACKGROUND = 0x05060a;

/**
 * Smallest OKLab distance between two digit colours, per kind of vision: measured 0.131 normal,
 * 0.076 deuteranopia, 0.089 protanopia, 0.085 tritanopia (the seven Okabe-Ito colours alone:
 * 0.156, 0.076, 0.096, 0.085). About 0.02 is a just-noticeable difference.
 */
const FLOOR: Record<Vision, number> = { normal: 0.12, deuteranopia: 0.07, protanopia: 0.08, tritanopia: 0.08 };

/** The Tableau-10-based palette this one replaced: 3 and 5 nearly merge for deuteranopes (0.024). */
const REPLACED = [0x4e9bff, 0xff9d3b, 0x4fd36b, 0xff5a5f, 0xb58cff, 0xc9835b, 0xff7fd0, 0xb8b8b8, 0xe6e24a, 0x3fe0e8];

describe('colour-vision simulation', () => {
  it('leaves greys grey and merges red with green for deuteranopes', () => {
    const grey = simulate(linearRgb(0x808080), 'deuteranopia');
    for (const c of grey) expect(c).toBeCloseTo(linearRgb(0x808080)[0], 2);
    expect(seenDistance(0xd00000, 0x00a000, 'deuteranopia')).toBeLessThan(seenDistance(0xd00000, 0x00a000, 'normal') / 3);
  });

  it('puts white at OKLab lightness 1 and black at 0', () => {
    expect(oklab(linearRgb(0xffffff))[0]).toBeCloseTo(1, 3);
    expect(oklab(linearRgb(0x000000))[0]).toBeCloseTo(0, 6);
  });
});

describe('digit palette', () => {
  it('has one colour per digit, no two the same', () => {
    expect(DIGIT_COLOURS).toHaveLength(10);
    expect(new Set(DIGIT_COLOURS).size).toBe(10);
  });

  for (const vision of Object.keys(FLOOR) as Vision[]) {
    it(`keeps every pair apart with ${vision}`, () => {
      const { distance, pair } = closestPair(DIGIT_COLOURS, vision);
      expect(distance, `digits ${pair[0]} and ${pair[1]}`).toBeGreaterThanOrEqual(FLOOR[vision]);
    });
  }

  it('would reject the palette it replaced', () => {
    expect(closestPair(REPLACED, 'deuteranopia').distance).toBeLessThan(FLOOR.deuteranopia);
    expect(closestPair(REPLACED, 'protanopia').distance).toBeLessThan(FLOOR.protanopia);
  });

  it('stands out from the stage background (WCAG 3:1 for graphics)', () => {
    for (const [digit, hex] of DIGIT_COLOURS.entries()) expect(contrastRatio(hex, STAGE_BACKGROUND), `digit ${digit}`).toBeGreaterThanOrEqual(3);
  });

  it('keeps a lone stroke below the bloom threshold, so only overlaps and highlights glow', () => {
    for (const hex of [...DIGIT_COLOURS, ...SPEED_RAMP]) {
      const [r, g, b] = linearRgb(hex);
      expect(0.2126 * r + 0.7152 * g + 0.0722 * b, hex.toString(16)).toBeLessThan(BLOOM_THRESHOLD);
    }
  });

  it('has no near-white colour (every channel >= 245 reads as washed out)', () => {
    for (const hex of DIGIT_COLOURS) expect([(hex >> 16) & 255, (hex >> 8) & 255, hex & 255].some((c) => c < 245)).toBe(true);
  });
});

describe('speed ramp', () => {
  it('gets lighter from slow to fast for every kind of vision, so its order survives colour blindness', () => {
    for (const vision of Object.keys(FLOOR) as Vision[]) {
      const lightness = SPEED_RAMP.map((hex) => oklab(simulate(linearRgb(hex), vision))[0]);
      expect(lightness[1]! - lightness[0]!, vision).toBeGreaterThan(0.1);
      expect(lightness[2]! - lightness[1]!, vision).toBeGreaterThan(0.1);
    }
  });
});
