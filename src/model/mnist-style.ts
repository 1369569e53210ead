/**
 * A drawing to a 28x28 digit the way MNIST's digits were made (LeCun et al.): the ink's bounding
 * box is scaled to fit a 20x20 box keeping its aspect ratio, anti-aliased by area averaging, and
 * placed in the 28x28 field so that its centre of mass sits at the field's centre. Plain
 * TypeScript: the page's draw pad and the tests use it alike.
 */
import { IMAGE_SIZE, PIXELS } from './dataset';

/** Longest side of the digit's box in the 28x28 field. */
export const FIT_BOX = 20;
/** Ink below this (0..1) is paper. */
const INK = 0.05;

export interface InkBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The bounding box of the ink in a `width` x `height` image (values 0..1), or null if there is none. */
export function inkBox(pixels: ArrayLike<number>, width: number, height: number): InkBox | null {
  let x0 = width;
  let y0 = height;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (pixels[y * width + x]! <= INK) continue;
      x0 = Math.min(x0, x);
      x1 = Math.max(x1, x);
      y0 = Math.min(y0, y);
      y1 = Math.max(y1, y);
    }
  }
  return x1 < 0 ? null : { x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 };
}

/** Area-averaged resample of `box` in the source to `outW` x `outH` (each output pixel: the mean of the source area it covers). */
function resample(pixels: ArrayLike<number>, width: number, box: InkBox, outW: number, outH: number): Float32Array {
  const out = new Float32Array(outW * outH);
  const sx = box.width / outW;
  const sy = box.height / outH;
  for (let oy = 0; oy < outH; oy++) {
    const top = box.y + oy * sy;
    const bottom = top + sy;
    for (let ox = 0; ox < outW; ox++) {
      const left = box.x + ox * sx;
      const right = left + sx;
      let sum = 0;
      for (let y = Math.floor(top); y < Math.ceil(bottom); y++) {
        const wy = Math.min(bottom, y + 1) - Math.max(top, y);
        for (let x = Math.floor(left); x < Math.ceil(right); x++) {
          const wx = Math.min(right, x + 1) - Math.max(left, x);
          sum += pixels[y * width + x]! * wx * wy;
        }
      }
      out[oy * outW + ox] = sum / (sx * sy);
    }
  }
  return out;
}

/** Centre of mass (x, y) of an image, in pixel units where pixel i spans [i, i + 1). */
export function centreOfMass(pixels: ArrayLike<number>, width: number, height: number): { x: number; y: number } {
  let mass = 0;
  let mx = 0;
  let my = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = pixels[y * width + x]!;
      mass += v;
      mx += v * (x + 0.5);
      my += v * (y + 0.5);
    }
  }
  return mass > 0 ? { x: mx / mass, y: my / mass } : { x: width / 2, y: height / 2 };
}

/**
 * `pixels`: a `width` x `height` drawing, ink 1 on paper 0. Returns the 28x28 digit (784 values in
 * [0, 1]), or null when the drawing has no ink.
 */
export function mnistStyle(pixels: ArrayLike<number>, width: number, height: number): Float32Array | null {
  if (pixels.length !== width * height) throw new RangeError(`expected ${width} x ${height} = ${width * height} pixels, got ${pixels.length}`);
  const box = inkBox(pixels, width, height);
  if (box === null) return null;
  const scale = FIT_BOX / Math.max(box.width, box.height);
  const w = Math.max(1, Math.round(box.width * scale));
  const h = Math.max(1, Math.round(box.height * scale));
  const digit = resample(pixels, width, box, w, h);
  const mass = centreOfMass(digit, w, h);
  // Whole-pixel shift, as MNIST's centring did: the centre of mass lands within half a pixel of 14.
  const dx = Math.round(IMAGE_SIZE / 2 - mass.x);
  const dy = Math.round(IMAGE_SIZE / 2 - mass.y);
  const out = new Float32Array(PIXELS);
  for (let y = 0; y < h; y++) {
    const ty = y + dy;
    if (ty < 0 || ty >= IMAGE_SIZE) continue;
    for (let x = 0; x < w; x++) {
      const tx = x + dx;
      if (tx >= 0 && tx < IMAGE_SIZE) out[ty * IMAGE_SIZE + tx] = Math.min(1, digit[y * w + x]!);
    }
  }
  return out;
}
