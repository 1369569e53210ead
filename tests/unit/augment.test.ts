import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { augmentBatch, augmentInto, AUTHOR_AUGMENTATION, drawViewParams, elasticField } from '../../src/model/augment';
import { PIXELS, selectSplit } from '../../src/model/dataset';
import { loadMnistPackage } from '../../src/model/node/mnist-source';
import { createRng } from '../../src/model/rng';

const training = selectSplit(loadMnistPackage(), 'training');
const quiet = { ...AUTHOR_AUGMENTATION, noiseSigma: 0, maskProbability: 0 };

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('augmentation', () => {
  it('draws shifts, rotations and gains inside the author recipe ranges', () => {
    const rng = createRng(3);
    for (let i = 0; i < 2000; i++) {
      const p = drawViewParams(AUTHOR_AUGMENTATION, rng);
      expect(Math.abs(p.dx)).toBeLessThanOrEqual(2);
      expect(Math.abs(p.dy)).toBeLessThanOrEqual(2);
      expect(Math.abs(p.angleRad)).toBeLessThanOrEqual((12 * Math.PI) / 180);
      expect(p.gain).toBeGreaterThanOrEqual(0.85);
      expect(p.gain).toBeLessThanOrEqual(1.15);
    }
  });

  it('is the identity with no shift, rotation, gain change, noise or mask', () => {
    const src = training.images.subarray(0, PIXELS);
    const dst = new Float32Array(PIXELS);
    augmentInto(src, dst, { dx: 0, dy: 0, angleRad: 0, gain: 1 }, quiet, createRng(1));
    for (let i = 0; i < PIXELS; i++) expect(dst[i]).toBeCloseTo(src[i]!, 5);
  });

  it('shifts by whole pixels exactly', () => {
    const src = training.images.subarray(0, PIXELS);
    const dst = new Float32Array(PIXELS);
    augmentInto(src, dst, { dx: 2, dy: -1, angleRad: 0, gain: 1 }, quiet, createRng(1));
    expect(dst[10 * 28 + 12]).toBeCloseTo(src[11 * 28 + 10]!, 5);
  });

  it('rotates: a 90 degree turn moves a pixel right of centre to below it', () => {
    const src = new Float32Array(PIXELS);
    src[13 * 28 + 20] = 1; // row 13, column 20: right of the centre (13.5, 13.5)
    const dst = new Float32Array(PIXELS);
    augmentInto(src, dst, { dx: 0, dy: 0, angleRad: Math.PI / 2, gain: 1 }, quiet, createRng(1));
    const peak = dst.indexOf(Math.max(...dst));
    expect(Math.floor(peak / 28)).toBeGreaterThan(16);
  });

  it('keeps every pixel in [0, 1] after noise and gain', () => {
    const batch = augmentBatch(training.images, [0, 1, 2, 3, 500, 999], AUTHOR_AUGMENTATION, createRng(5));
    const v = batch.dataSync();
    expect(Math.min(...v)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...v)).toBeLessThanOrEqual(1);
    expect(batch.shape).toEqual([6, 28, 28, 1]);
    batch.dispose();
  });

  it('masks about 8% of pixels and adds noise of sigma 0.08', () => {
    const src = new Float32Array(PIXELS).fill(0.5);
    const dst = new Float32Array(PIXELS);
    const rng = createRng(11);
    let zeros = 0;
    let sq = 0;
    let n = 0;
    for (let t = 0; t < 50; t++) {
      augmentInto(src, dst, { dx: 0, dy: 0, angleRad: 0, gain: 1 }, AUTHOR_AUGMENTATION, rng);
      for (const v of dst) {
        if (v === 0) zeros++;
        else {
          sq += (v - 0.5) ** 2;
          n++;
        }
      }
    }
    expect(zeros / (50 * PIXELS)).toBeGreaterThan(0.06);
    expect(zeros / (50 * PIXELS)).toBeLessThan(0.1);
    expect(Math.sqrt(sq / n)).toBeCloseTo(0.08, 2);
  });

  it('gives the same batch for the same seed and a different one for another seed', () => {
    const a = augmentBatch(training.images, [7, 8, 9], AUTHOR_AUGMENTATION, createRng(42)).dataSync();
    const b = augmentBatch(training.images, [7, 8, 9], AUTHOR_AUGMENTATION, createRng(42)).dataSync();
    const c = augmentBatch(training.images, [7, 8, 9], AUTHOR_AUGMENTATION, createRng(43)).dataSync();
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it('bends strokes elastically: a smooth field whose size follows alpha, and none at alpha 0', () => {
    const std = (f: Float32Array) => Math.sqrt(f.reduce((a, x) => a + x * x, 0) / f.length);
    const small = elasticField(10, 4, createRng(5));
    const large = elasticField(40, 4, createRng(5));
    expect(std(large) / std(small)).toBeCloseTo(4, 5);
    // Smooth: neighbouring pixels move nearly together (a raw uniform field would not).
    let step = 0;
    for (let i = 0; i < PIXELS - 1; i++) if ((i + 1) % 28 !== 0) step += Math.abs(large[i + 1]! - large[i]!);
    expect(step / (27 * 28)).toBeLessThan(0.25 * std(large));
    // Simard's alpha 34, sigma 4 moves pixels by about a pixel: visible, not scrambling.
    const simard = std(elasticField(34, 4, createRng(6)));
    expect(simard).toBeGreaterThan(0.3);
    expect(simard).toBeLessThan(3);
    const src = training.images.subarray(0, PIXELS);
    const still = { dx: 0, dy: 0, angleRad: 0, gain: 1 };
    const plain = new Float32Array(PIXELS);
    const zero = new Float32Array(PIXELS);
    const bent = new Float32Array(PIXELS);
    augmentInto(src, plain, still, quiet, createRng(1));
    augmentInto(src, zero, still, { ...quiet, elastic: { alpha: 0, sigma: 4 } }, createRng(1));
    augmentInto(src, bent, still, { ...quiet, elastic: { alpha: 34, sigma: 4 } }, createRng(1));
    expect(zero).toEqual(plain);
    expect(bent).not.toEqual(plain);
    // Bending moves ink; it does not make or lose much of it.
    const ink = (a: Float32Array) => a.reduce((s, x) => s + x, 0);
    expect(Math.abs(ink(bent) / ink(plain) - 1)).toBeLessThan(0.25);
  });
});
