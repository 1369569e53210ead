/** The draw pad's MNIST-style preprocessing (src/model/mnist-style.ts). */
import { describe, expect, it } from 'vitest';
import { IMAGE_SIZE } from '../../src/model/dataset';
import { FIT_BOX, centreOfMass, inkBox, mnistStyle } from '../../src/model/mnist-style';

/** A `size` x `size` canvas with a filled rectangle of ink. */
function rectangle(size: number, x: number, y: number, w: number, h: number): Float32Array {
  const out = new Float32Array(size * size);
  for (let r = y; r < y + h; r++) for (let c = x; c < x + w; c++) out[r * size + c] = 1;
  return out;
}

describe('MNIST-style centring', () => {
  it('gives null for a drawing with no ink, and refuses a wrong pixel count', () => {
    expect(mnistStyle(new Float32Array(280 * 280), 280, 280)).toBeNull();
    expect(() => mnistStyle(new Float32Array(10), 280, 280)).toThrow(/280 x 280/);
  });

  it('fits the longer side of the ink into 20 pixels and keeps the aspect ratio', () => {
    const tall = mnistStyle(rectangle(280, 100, 40, 50, 200), 280, 280)!;
    const box = inkBox(tall, IMAGE_SIZE, IMAGE_SIZE)!;
    expect(box.height).toBe(FIT_BOX);
    expect(box.width).toBe(5);
    const wide = inkBox(mnistStyle(rectangle(280, 20, 100, 240, 60), 280, 280)!, IMAGE_SIZE, IMAGE_SIZE)!;
    expect(wide.width).toBe(FIT_BOX);
    expect(wide.height).toBe(5);
  });

  it('puts the centre of mass within half a pixel of the centre of the 28x28 field', () => {
    // An L shape: its centre of mass is far from its box's centre.
    const ink = rectangle(280, 30, 30, 30, 200);
    for (let r = 200; r < 230; r++) for (let c = 30; c < 200; c++) ink[r * 280 + c] = 1;
    const digit = mnistStyle(ink, 280, 280)!;
    const mass = centreOfMass(digit, IMAGE_SIZE, IMAGE_SIZE);
    expect(Math.abs(mass.x - 14)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(mass.y - 14)).toBeLessThanOrEqual(0.5);
  });

  it('anti-aliases: a thin diagonal stroke gives grey pixels, and values stay in [0, 1]', () => {
    const ink = new Float32Array(280 * 280);
    for (let r = 40; r < 240; r++) for (let c = r - 4; c < r + 4; c++) ink[r * 280 + c] = 1;
    const digit = mnistStyle(ink, 280, 280)!;
    expect(digit.some((v) => v > 0.05 && v < 0.95)).toBe(true);
    expect(digit.every((v) => v >= 0 && v <= 1)).toBe(true);
  });

  it('gives the same digit wherever and at whatever size the same shape is drawn', () => {
    const small = mnistStyle(rectangle(280, 10, 10, 20, 80), 280, 280)!;
    const large = mnistStyle(rectangle(280, 120, 30, 50, 200), 280, 280)!;
    let diff = 0;
    for (let i = 0; i < small.length; i++) diff = Math.max(diff, Math.abs(small[i]! - large[i]!));
    expect(diff).toBeLessThan(0.05);
  });
});
