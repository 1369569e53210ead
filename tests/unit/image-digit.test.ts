/** A dropped picture to a digit (src/model/image-digit.ts): either polarity, and refusals with reasons. */
import { describe, expect, it } from 'vitest';
import { imageToDigit, NotADigitError } from '../../src/model/image-digit';
import { PIXELS } from '../../src/model/dataset';

/** A 100 x 80 picture of a "7": a bar across and a stroke down, `ink` on `paper`. */
function seven(ink: number, paper: number): Float32Array {
  const out = new Float32Array(100 * 80).fill(paper);
  for (let y = 10; y < 18; y++) for (let x = 30; x < 75; x++) out[y * 100 + x] = ink;
  for (let y = 18; y < 70; y++) for (let x = 65 - Math.floor((y - 18) / 3); x < 73 - Math.floor((y - 18) / 3); x++) out[y * 100 + x] = ink;
  return out;
}

describe('imageToDigit', () => {
  it('makes the same MNIST-style digit from dark ink on light paper as from light ink on dark', () => {
    const onPaper = imageToDigit(seven(0.1, 0.95), 100, 80);
    const onBlack = imageToDigit(seven(1, 0), 100, 80);
    expect(onPaper).toHaveLength(PIXELS);
    const maxDiff = onPaper.reduce((m, v, i) => Math.max(m, Math.abs(v - onBlack[i]!)), 0);
    expect(maxDiff).toBeLessThan(0.05);
    // White ink on black, in a 20-pixel box: the corners are paper, the middle has ink.
    expect(onPaper[0]).toBe(0);
    expect(Math.max(...onPaper)).toBeGreaterThan(0.9);
  });

  it('refuses a flat picture, a texture and a mismatched size, saying why', () => {
    expect(() => imageToDigit(new Float32Array(400).fill(0.7), 20, 20)).toThrow(NotADigitError);
    expect(() => imageToDigit(new Float32Array(400).fill(0.7), 20, 20)).toThrow(/flat/);
    const checker = Float32Array.from({ length: 400 }, (_, i) => ((i + Math.floor(i / 20)) % 2 === 0 ? 0 : 1));
    expect(() => imageToDigit(checker, 20, 20)).toThrow(/ink covers 50%/);
    expect(() => imageToDigit(new Float32Array(10), 20, 20)).toThrow(/needs 400 grey levels/);
    const bad = seven(0, 1);
    bad[5] = NaN;
    expect(() => imageToDigit(bad, 100, 80)).toThrow(/not numbers/);
  });
});
