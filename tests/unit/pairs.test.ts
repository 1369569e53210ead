import { describe, expect, it } from 'vitest';
import { interpolateTarget, makeTransitionPairs, neighbourClass } from '../../src/model/pairs';
import { createRng } from '../../src/model/rng';

/** Ten "digits", one per class, each latent a constant vector equal to 10 x its class. */
function toyLatents(dim: number, perClass: number): { latents: Float32Array; labels: Int32Array } {
  const n = 10 * perClass;
  const latents = new Float32Array(n * dim);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    labels[i] = i % 10;
    latents.fill(10 * (i % 10), i * dim, (i + 1) * dim);
  }
  return { latents, labels };
}

describe('transition pairs', () => {
  it('points u > 0 to d+1 and u < 0 to d-1, wrapping 9 -> 0 and 0 -> 9', () => {
    expect(neighbourClass(4, 0.3)).toBe(5);
    expect(neighbourClass(4, -0.3)).toBe(3);
    expect(neighbourClass(9, 1)).toBe(0);
    expect(neighbourClass(0, -1)).toBe(9);
  });

  it('interpolates target = z_start + |u| (z_end - z_start)', () => {
    const out = new Float32Array(3);
    interpolateTarget([1, 2, 3], [3, 6, -1], -0.25, out);
    expect([...out]).toEqual([1.5, 3, 2]);
    interpolateTarget([1, 2, 3], [3, 6, -1], 1, out);
    expect([...out]).toEqual([3, 6, -1]);
  });

  it('makes every pair by the formula toward the neighbour the sign of u names', () => {
    const dim = 4;
    const { latents, labels } = toyLatents(dim, 3);
    const pairs = makeTransitionPairs({ latents, labels }, dim, 5000, createRng(9));
    for (let k = 0; k < pairs.count; k++) {
      const start = pairs.inputs[k * (dim + 1)]! / 10;
      const u = pairs.inputs[k * (dim + 1) + dim]!;
      const end = neighbourClass(start, u) * 10;
      const expected = start * 10 + Math.abs(u) * (end - start * 10);
      for (let i = 0; i < dim; i++) expect(pairs.targets[k * dim + i]).toBeCloseTo(expected, 4);
    }
  });

  it('draws u uniformly over [-1, 1]', () => {
    const dim = 2;
    const { latents, labels } = toyLatents(dim, 1);
    const pairs = makeTransitionPairs({ latents, labels }, dim, 100_000, createRng(1));
    const bins = new Array<number>(10).fill(0);
    for (let k = 0; k < pairs.count; k++) {
      const u = pairs.inputs[k * (dim + 1) + dim]!;
      expect(Math.abs(u)).toBeLessThanOrEqual(1);
      expect(u).not.toBe(0);
      bins[Math.min(9, Math.floor((u + 1) * 5))]!++;
    }
    for (const b of bins) expect(b / pairs.count).toBeCloseTo(0.1, 1);
  });

  it('starts the same number of pairs from every digit', () => {
    const dim = 2;
    const { latents, labels } = toyLatents(dim, 5);
    const pairs = makeTransitionPairs({ latents, labels }, dim, 500, createRng(2));
    const counts = new Map<number, number>();
    for (let k = 0; k < pairs.count; k++) {
      const start = pairs.inputs[k * (dim + 1)]!;
      counts.set(start, (counts.get(start) ?? 0) + 1);
    }
    expect([...counts.values()].every((c) => c === 50)).toBe(true);
  });

  it('draws end latents from the end set when starts are augmented views', () => {
    const dim = 2;
    const ends = toyLatents(dim, 1);
    const starts = { latents: Float32Array.from({ length: 20 * dim }, (_, i) => 10 * (Math.floor(i / dim) % 10) + 0.5), labels: Int32Array.from({ length: 20 }, (_, i) => i % 10) };
    const pairs = makeTransitionPairs(starts, dim, 200, createRng(4), ends);
    for (let k = 0; k < pairs.count; k++) {
      const zs = pairs.inputs[k * (dim + 1)]!;
      const u = pairs.inputs[k * (dim + 1) + dim]!;
      const zEnd = 10 * neighbourClass(Math.round(zs - 0.5) / 10, u);
      expect(pairs.targets[k * dim]).toBeCloseTo(zs + Math.abs(u) * (zEnd - zs), 4);
    }
  });

  it('is reproducible from its seed', () => {
    const { latents, labels } = toyLatents(3, 2);
    const a = makeTransitionPairs({ latents, labels }, 3, 1000, createRng(5));
    const b = makeTransitionPairs({ latents, labels }, 3, 1000, createRng(5));
    expect(a.inputs).toEqual(b.inputs);
    expect(a.targets).toEqual(b.targets);
  });

  it('rejects latents whose size does not match the labels', () => {
    expect(() => makeTransitionPairs({ latents: new Float32Array(7), labels: new Int32Array(2) }, 4, 10, createRng(1))).toThrow(/expected 2 x 4/);
  });
});
