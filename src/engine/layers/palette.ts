/** Class colours (one per digit) and the speed ramp, shared by every layer and both shader languages. */
import * as THREE from 'three';

/** Ten hues far apart on a dark background (after Tableau 10, brightened). */
export const DIGIT_COLOURS: readonly number[] = [
  0x4e9bff, 0xff9d3b, 0x4fd36b, 0xff5a5f, 0xb58cff, 0xc9835b, 0xff7fd0, 0xb8b8b8, 0xe6e24a, 0x3fe0e8,
];

/** Slow -> fast. */
export const SPEED_RAMP: readonly [number, number, number] = [0x2b4bff, 0x36f0c0, 0xfff36a];

export function digitColour(digit: number): THREE.Color {
  return new THREE.Color(DIGIT_COLOURS[((digit % 10) + 10) % 10]!);
}

export function digitCss(digit: number): string {
  return `#${digitColour(digit).getHexString()}`;
}

/** Linear-space colours, as shaders receive them. */
export function paletteColours(): THREE.Color[] {
  return DIGIT_COLOURS.map((hex) => new THREE.Color(hex));
}

export function rampColours(): THREE.Color[] {
  return SPEED_RAMP.map((hex) => new THREE.Color(hex));
}

/**
 * Opacity factor for additive particles: N overlapping particles add up, so keep the summed
 * brightness of a dense region roughly the same from a thousand particles to a million.
 */
export function densityScale(count: number): number {
  return Math.min(1, Math.max(0.05, Math.sqrt(1500 / Math.max(1, count))));
}

/** Opacity of a point `age` frames old in a trail of `length` frames, for `count` particles. */
export function trailAlpha(age: number, length: number, count = 1): number {
  if (!Number.isFinite(age) || age >= length - 1) return 0;
  return 0.4 * densityScale(count) * (1 - age / (length - 1)) ** 1.5;
}
