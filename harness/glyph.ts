/** Test images for the rotation measures: an asymmetric glyph with no rotational symmetry. */
import { PIXELS } from '../src/model/dataset';

/** A thick vertical bar with a foot to the right (an L), moved `shift` pixels to the right. */
export function glyph(shift = 0): Float32Array {
  const out = new Float32Array(PIXELS);
  for (let y = 5; y < 23; y++) for (let x = 12 + shift; x < 15 + shift; x++) out[y * 28 + x] = 1;
  for (let y = 20; y < 23; y++) for (let x = 15 + shift; x < 21 + shift; x++) out[y * 28 + x] = 1;
  return out;
}
