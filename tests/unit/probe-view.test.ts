/** The explorer's augmentation probe (src/model/probe-view.ts). */
import { describe, expect, it } from 'vitest';
import { IMAGE_SIZE, PIXELS } from '../../src/model/dataset';
import { centreOfMass, inkBox } from '../../src/model/mnist-style';
import { IDENTITY_PROBE, probeView } from '../../src/model/probe-view';

function bar(): Float32Array {
  const out = new Float32Array(PIXELS);
  for (let x = 6; x < 22; x++) for (let y = 13; y < 15; y++) out[y * IMAGE_SIZE + x] = 1;
  return out;
}

describe('probe views', () => {
  it('leaves the digit as it is at the identity settings', () => {
    const src = bar();
    expect(Array.from(probeView(src, IDENTITY_PROBE))).toEqual(Array.from(src));
  });

  it('turns a horizontal bar vertical at 90 degrees', () => {
    const box = inkBox(probeView(bar(), { ...IDENTITY_PROBE, rotation: 90 }), IMAGE_SIZE, IMAGE_SIZE)!;
    expect(box.height).toBeGreaterThanOrEqual(15);
    expect(box.width).toBeLessThanOrEqual(4);
  });

  it('shrinks with the scale and moves the centre of mass by the shift', () => {
    const small = inkBox(probeView(bar(), { ...IDENTITY_PROBE, scale: 0.5 }), IMAGE_SIZE, IMAGE_SIZE)!;
    expect(small.width).toBeLessThanOrEqual(10);
    const before = centreOfMass(bar(), IMAGE_SIZE, IMAGE_SIZE);
    const after = centreOfMass(probeView(bar(), { ...IDENTITY_PROBE, shiftX: 3, shiftY: -2 }), IMAGE_SIZE, IMAGE_SIZE);
    expect(after.x - before.x).toBeCloseTo(3, 1);
    expect(after.y - before.y).toBeCloseTo(-2, 1);
  });

  it('scales the intensity, masks every pixel at mask 1, and gives the same noise for the same seed', () => {
    const dim = probeView(bar(), { ...IDENTITY_PROBE, intensity: 0.5 });
    expect(Math.max(...dim)).toBeCloseTo(0.5, 5);
    expect(probeView(bar(), { ...IDENTITY_PROBE, mask: 1 }).every((v) => v === 0)).toBe(true);
    const noisy = { ...IDENTITY_PROBE, noise: 0.2 };
    expect(Array.from(probeView(bar(), noisy, 3))).toEqual(Array.from(probeView(bar(), noisy, 3)));
    expect(Array.from(probeView(bar(), noisy, 3))).not.toEqual(Array.from(probeView(bar(), noisy, 4)));
  });
});
