/** The soak's verdict (scripts/lib/soak-trend.ts): a steady climb fails; flat noise and counts that follow the preset pass. */
import { describe, expect, it } from 'vitest';
import { slope, trends, type SoakSample } from '../../scripts/lib/soak-trend';

function series(n: number, at: (i: number) => Partial<SoakSample>): SoakSample[] {
  return Array.from({ length: n }, (_, i) => ({
    t: i * 5, frame: i * 60, tensors: 40, tensorBytes: 4e6, heap: 60e6, geometries: 30, textures: 12, programs: 9, frameMs: 20, respawned: 0, nonFinite: 0, preset: 0, ...at(i),
  }));
}

describe('soak trends', () => {
  it('fits a least-squares slope', () => {
    expect(slope([0, 1, 2, 3], [1, 3, 5, 7])).toBeCloseTo(2, 10);
    expect(slope([0, 1, 2], [4, 4, 4])).toBe(0);
    expect(slope([1], [3])).toBe(0);
  });

  it('passes a flat run with noise and a warm-up climb in the first half', () => {
    const t = trends(series(40, (i) => ({ heap: 60e6 + (i < 20 ? i * 1e6 : 0) + ((i * 7919) % 5) * 3e5, tensors: 40 + (i % 2) })));
    expect(Object.values(t).every((x) => x.ok)).toBe(true);
  });

  it('passes counts that follow the preset on show, cycle after cycle', () => {
    // Five presets of 4 samples each, twice: each shows its own number of paths and textures.
    const t = trends(series(40, (i) => ({ preset: Math.floor(i / 4) % 5, geometries: [10, 20, 20, 8, 17][Math.floor(i / 4) % 5]!, textures: [19, 28, 28, 16, 24][Math.floor(i / 4) % 5]!, tensors: 50 + (i % 3 === 0 ? 5 : 0) })));
    expect(Object.values(t).every((x) => x.ok)).toBe(true);
  });

  it('fails one tensor leaked every sample, and a texture every other', () => {
    const t = trends(series(40, (i) => ({ tensors: 40 + i, textures: 12 + Math.floor(i / 2) })));
    expect(t.tensors.ok).toBe(false);
    expect(t.tensors.slopePerMinute).toBeCloseTo(12, 5);
    expect(t.tensors.growth).toBe(20);
    expect(t.textures.ok).toBe(false);
    expect(t.heap.ok).toBe(true);
  });

  it('fails a heap that grows 10 MB over the judged half', () => {
    const t = trends(series(40, (i) => ({ heap: 60e6 + i * 0.5e6 })));
    expect(t.heap.ok).toBe(false);
    expect(t.heap.growth).toBeGreaterThan(9e6);
  });
});
