/** Class colours (one per digit) and the speed ramp, shared by every layer and both shader languages. */
import * as THREE from 'three';

/**
 * Ten colours that stay apart for colour-blind viewers on the near-black stage: the seven
 * Okabe-Ito colours (black is useless on this background) plus a light grey, a violet and a mint
 * picked to keep Okabe-Ito's own worst pair the worst under deuteranopia and protanopia
 * (tests/unit/palette.test.ts measures every pair in OKLab). Which digit gets which colour was chosen
 * so that digits whose clusters sit close on the shipped maps (4-9, 3-5, 7-9, 2-8) get colours far
 * apart: where their paths cross, the two still read as two.
 */
export const DIGIT_COLOURS: readonly number[] = [
  0x009e73, // 0 bluish green
  0xcc79a7, // 1 reddish purple
  0x90f0b0, // 2 mint
  0x56b4e9, // 3 sky blue
  0xf0e442, // 4 yellow
  0xe69f00, // 5 orange
  0xbbbbbb, // 6 light grey
  0xa070f8, // 7 violet
  0x0072b2, // 8 blue
  0xd55e00, // 9 vermillion
];

/** Slow -> fast: each stop clearly lighter than the last, so the order survives colour blindness. */
export const SPEED_RAMP: readonly [number, number, number] = [0x2b4bff, 0x1fb8a0, 0xfff36a];

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
 * Opacity factor for additive particles. A dense bundle sums the strokes of a share of all N
 * particles, so its brightness grows as N x this factor: 1/sqrt(N) let it grow as sqrt(N) (at
 * 65,536 particles the flow turned to a pale haze, its hues lost in the tone map's roll-off to
 * white); N^-0.75 holds that growth to N^0.25 while a lone stroke among a few thousand still
 * shows. The floor keeps each stroke above half-float rounding where a bundle sums to about 1.
 */
export function densityScale(count: number): number {
  return Math.min(1, Math.max(0.003, (1500 / Math.max(1, count)) ** 0.75));
}

/** Opacity of a point `age` frames old in a trail of `length` frames, for `count` particles. */
export function trailAlpha(age: number, length: number, count = 1): number {
  if (!Number.isFinite(age) || age >= length - 1) return 0;
  return 0.4 * densityScale(count) * (1 - age / (length - 1)) ** 1.5;
}
