import { describe, expect, it } from 'vitest';
import { classCount, PIXELS, selectSplit, SPLITS, splitIndices } from '../../src/model/dataset';
import { loadMnistPackage } from '../../src/model/node/mnist-source';

const source = loadMnistPackage();

describe('dataset splits', () => {
  it('loads all ten classes of real MNIST digits from the mnist package', () => {
    const counts = Array.from({ length: 10 }, (_, d) => classCount(source, d));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(10_000);
    for (const n of counts) expect(n).toBeGreaterThanOrEqual(863);
  });

  it('takes the first 100 digits of each class for training', () => {
    const training = selectSplit(source, 'training');
    expect(training.count).toBe(1000);
    expect([...training.indices.slice(0, 100)]).toEqual(Array.from({ length: 100 }, (_, i) => i));
    const first3 = training.labels.indexOf(3);
    expect(training.images.slice(first3 * PIXELS, (first3 + 1) * PIXELS)).toEqual(source.perClass[3]!.slice(0, PIXELS));
  });

  it('takes items 500..599 of each class as held-out', () => {
    const held = selectSplit(source, 'heldOut');
    expect(held.count).toBe(1000);
    expect(Math.min(...held.indices)).toBe(SPLITS.heldOut.start);
    expect(Math.max(...held.indices)).toBe(SPLITS.heldOut.end - 1);
    for (let d = 0; d < 10; d++) expect([...held.labels].filter((l) => l === d)).toHaveLength(100);
  });

  it('keeps training, validation, held-out and reference digits disjoint and complete', () => {
    for (let d = 0; d < 10; d++) {
      const all = (['training', 'validation', 'heldOut', 'reference'] as const).flatMap((s) => splitIndices(source, s, d));
      expect(new Set(all).size).toBe(all.length);
      expect(all.length).toBe(classCount(source, d));
    }
  });

  it('gives the same split on every call (chosen by index, not by chance)', () => {
    expect(selectSplit(source, 'reference').indices).toEqual(selectSplit(source, 'reference').indices);
  });

  it('holds pixel values in [0, 1]', () => {
    const held = selectSplit(source, 'heldOut');
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of held.images) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    expect(lo).toBeGreaterThanOrEqual(0);
    expect(hi).toBeLessThanOrEqual(1);
    expect(hi).toBeGreaterThan(0.9);
  });
});
