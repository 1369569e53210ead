import { describe, expect, it } from 'vitest';
import { BLEND_NEIGHBOURS, neighbourBlend, unitRows } from '../../src/model/neighbour-blend';

const DIM = 4;

/** Reference latents along the axes of a 4-D space and a map position for each. */
const AXES = Float32Array.from([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]);
const PLACES = Float32Array.from([1, 0, 0, 0, 1, 0, 0, 0, 1, -1, -1, -1]);

describe('neighbourBlend (the author placement: 12 nearest references, weighted by 1 / distance)', () => {
  it('uses the author neighbourhood of 12 by default', () => {
    expect(BLEND_NEIGHBOURS).toBe(12);
  });

  it('puts a latent equal to a reference on that reference position', () => {
    const placed = neighbourBlend(AXES, PLACES, Float32Array.from([0, 0, 1, 0]), DIM, 3);
    expect(Array.from(placed).map((v) => Number(v.toFixed(6)))).toEqual([0, 0, 1]);
  });

  it('weighs each neighbour by the inverse of its distance between unit latents', () => {
    // Unit query at 30 degrees from axis 0 towards axis 1: distances 2 sin(15 deg) and 2 sin(30 deg).
    const a = Math.PI / 6;
    const placed = neighbourBlend(AXES, PLACES, Float32Array.from([Math.cos(a), Math.sin(a), 0, 0]), DIM, 2);
    const w0 = 1 / (2 * Math.sin(a / 2));
    const w1 = 1 / (2 * Math.sin((Math.PI / 2 - a) / 2));
    expect(placed[0]).toBeCloseTo(w0 / (w0 + w1), 5);
    expect(placed[1]).toBeCloseTo(w1 / (w0 + w1), 5);
    expect(placed[2]).toBeCloseTo(0, 6);
  });

  it('ignores the length of latents: a latent and its multiple land on the same place', () => {
    const query = Float32Array.from([0.3, -0.2, 0.9, 0.1]);
    const scaled = query.map((v) => v * 7);
    const refs = Float32Array.from(AXES, (v, i) => v * (1 + Math.floor(i / DIM)));
    const round = (a: Float32Array) => Array.from(a).map((v) => Number(v.toFixed(5)));
    expect(round(neighbourBlend(refs, PLACES, scaled, DIM, 3))).toEqual(round(neighbourBlend(AXES, PLACES, query, DIM, 3)));
  });

  it('blends every reference when there are fewer than k, and places many queries at once', () => {
    const queries = Float32Array.from([1, 1, 1, 1, 0, 0, 0, 1]);
    const placed = neighbourBlend(AXES, PLACES, queries, DIM);
    expect(placed).toHaveLength(6);
    // Equidistant from all four references: the plain mean of their places.
    expect(Array.from(placed.subarray(0, 3)).map((v) => Number(v.toFixed(6)))).toEqual([0, 0, 0]);
    expect(Array.from(placed.subarray(3)).map((v) => Number(v.toFixed(5)))).toEqual([-1, -1, -1]);
  });

  it('gives the same places from pre-normalised references', () => {
    const query = Float32Array.from([0.5, 0.2, -0.4, 0.3]);
    const refs = Float32Array.from(AXES, (v) => v * 3);
    expect(Array.from(neighbourBlend(unitRows(refs, DIM), PLACES, query, DIM, 3, true))).toEqual(Array.from(neighbourBlend(refs, PLACES, query, DIM, 3)));
  });

  it('refuses references and positions of different counts', () => {
    expect(() => neighbourBlend(AXES, PLACES.subarray(0, 9), AXES, DIM)).toThrow(/4 reference latents against 3 positions/);
  });
});

describe('unitRows', () => {
  it('scales each row to length 1 and leaves a zero row zero', () => {
    const out = unitRows(Float32Array.from([3, 4, 0, 0]), 2);
    expect(Array.from(out)).toEqual([0.6000000238418579, 0.800000011920929, 0, 0]);
  });
});
