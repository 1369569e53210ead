/**
 * Screenshot analysis without native dependencies: a small PNG decoder (node:zlib) and pixel stats.
 *
 * Supports what Chromium writes: 8-bit, non-interlaced, colour type 2 (RGB) or 6 (RGBA); also 8-bit
 * greyscale (0) and grey+alpha (4). Everything is returned as RGBA, 4 bytes per pixel, row-major.
 */
import { inflateSync } from 'node:zlib';

export interface RgbaImage {
  width: number;
  height: number;
  /** RGBA, 4 bytes per pixel, rows top to bottom, no padding. */
  data: Uint8Array;
}

export type Rgba = [number, number, number, number];
export type Rgb = [number, number, number];

const PNG_SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];

/** Decode a PNG buffer to RGBA. Throws on anything other than 8-bit non-interlaced grey/RGB(A). */
export function decodePng(buffer: Uint8Array): RgbaImage {
  const buf = Buffer.from(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  for (let i = 0; i < PNG_SIGNATURE.length; i++) {
    if (buf[i] !== PNG_SIGNATURE[i]) throw new Error('decodePng: not a PNG (bad signature)');
  }
  let offset = 8;
  let width = 0;
  let height = 0;
  let bitDepth = 0;
  let colourType = -1;
  let interlace = 0;
  const idat: Buffer[] = [];
  let sawEnd = false;
  while (offset + 8 <= buf.length) {
    const length = buf.readUInt32BE(offset);
    const type = buf.toString('latin1', offset + 4, offset + 8);
    const start = offset + 8;
    const end = start + length;
    if (end + 4 > buf.length) throw new Error(`decodePng: truncated ${type} chunk`);
    if (type === 'IHDR') {
      width = buf.readUInt32BE(start);
      height = buf.readUInt32BE(start + 4);
      bitDepth = buf[start + 8]!;
      colourType = buf[start + 9]!;
      interlace = buf[start + 12]!;
    } else if (type === 'IDAT') {
      idat.push(buf.subarray(start, end));
    } else if (type === 'IEND') {
      sawEnd = true;
      break;
    }
    offset = end + 4; // skip CRC
  }
  if (width === 0 || height === 0) throw new Error('decodePng: missing or empty IHDR');
  if (!sawEnd) throw new Error('decodePng: missing IEND (truncated PNG)');
  if (bitDepth !== 8) throw new Error(`decodePng: unsupported bit depth ${bitDepth} (only 8)`);
  if (interlace !== 0) throw new Error('decodePng: interlaced PNGs are not supported');
  const channelsByType: Record<number, number> = { 0: 1, 2: 3, 4: 2, 6: 4 };
  const channels = channelsByType[colourType];
  if (channels === undefined) throw new Error(`decodePng: unsupported colour type ${colourType}`);

  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  if (raw.length < height * (stride + 1)) throw new Error('decodePng: image data too short');

  const pixels = new Uint8Array(height * stride);
  const bpp = channels; // bytes per pixel at 8 bits
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const src = y * (stride + 1) + 1;
    const dst = y * stride;
    const prev = dst - stride; // previous (already unfiltered) row, invalid when y === 0
    for (let x = 0; x < stride; x++) {
      const value = raw[src + x]!;
      const a = x >= bpp ? pixels[dst + x - bpp]! : 0;
      const b = y > 0 ? pixels[prev + x]! : 0;
      const c = x >= bpp && y > 0 ? pixels[prev + x - bpp]! : 0;
      let out: number;
      switch (filter) {
        case 0:
          out = value;
          break;
        case 1:
          out = value + a;
          break;
        case 2:
          out = value + b;
          break;
        case 3:
          out = value + ((a + b) >> 1);
          break;
        case 4: {
          const p = a + b - c;
          const pa = Math.abs(p - a);
          const pb = Math.abs(p - b);
          const pc = Math.abs(p - c);
          out = value + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
          break;
        }
        default:
          throw new Error(`decodePng: bad filter type ${filter} on row ${y}`);
      }
      pixels[dst + x] = out & 0xff;
    }
  }

  if (channels === 4) return { width, height, data: pixels };
  const data = new Uint8Array(width * height * 4);
  for (let i = 0, j = 0; i < width * height; i++, j += channels) {
    const o = i * 4;
    if (channels === 3) {
      data[o] = pixels[j]!;
      data[o + 1] = pixels[j + 1]!;
      data[o + 2] = pixels[j + 2]!;
      data[o + 3] = 255;
    } else {
      const g = pixels[j]!;
      data[o] = g;
      data[o + 1] = g;
      data[o + 2] = g;
      data[o + 3] = channels === 2 ? pixels[j + 1]! : 255;
    }
  }
  return { width, height, data };
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Copy a rectangle out of an image (clamped to the image bounds). */
export function crop(image: RgbaImage, rect: Rect): RgbaImage {
  const x0 = Math.max(0, Math.floor(rect.x));
  const y0 = Math.max(0, Math.floor(rect.y));
  const x1 = Math.min(image.width, Math.floor(rect.x + rect.width));
  const y1 = Math.min(image.height, Math.floor(rect.y + rect.height));
  const width = Math.max(0, x1 - x0);
  const height = Math.max(0, y1 - y0);
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    const from = ((y0 + y) * image.width + x0) * 4;
    data.set(image.data.subarray(from, from + width * 4), y * width * 4);
  }
  return { width, height, data };
}

/** The pixel at (x, y) as [r, g, b, a]. */
export function pixelAt(image: RgbaImage, x: number, y: number): Rgba {
  if (x < 0 || y < 0 || x >= image.width || y >= image.height) {
    throw new RangeError(`pixelAt(${x}, ${y}) outside ${image.width}x${image.height}`);
  }
  const o = (y * image.width + x) * 4;
  const d = image.data;
  return [d[o]!, d[o + 1]!, d[o + 2]!, d[o + 3]!];
}

/** Largest per-channel absolute difference between two colours (alpha compared only if both have it). */
export function colourDistance(a: readonly number[], b: readonly number[]): number {
  const n = Math.min(a.length, b.length);
  let max = 0;
  for (let i = 0; i < n; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}

export interface PixelStats {
  width: number;
  height: number;
  pixelCount: number;
  /** Mean colour, per channel, 0..255. */
  mean: Rgba;
  /** Standard deviation per channel. */
  std: Rgba;
  /** The most frequent exact colour. */
  modal: Rgba;
  /** Fraction of pixels exactly equal to `modal`. */
  modalFraction: number;
  /** Fraction of pixels farther than `tolerance` (max channel difference) from `modal`. */
  nonModalFraction: number;
  /** Number of distinct exact colours. */
  distinctColours: number;
  /** The tolerance used for `nonModalFraction`. */
  tolerance: number;
}

/** Stats for an image. `tolerance` (default 2) is the channel difference still counted as the modal colour. */
export function pixelStats(image: RgbaImage, tolerance = 2): PixelStats {
  const n = image.width * image.height;
  const d = image.data;
  const sum = [0, 0, 0, 0];
  const sumSq = [0, 0, 0, 0];
  const counts = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const o = i * 4;
    for (let c = 0; c < 4; c++) {
      const v = d[o + c]!;
      sum[c]! += v;
      sumSq[c]! += v * v;
    }
    const key = ((d[o]! << 24) | (d[o + 1]! << 16) | (d[o + 2]! << 8) | d[o + 3]!) >>> 0;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  let modalKey = 0;
  let modalCount = 0;
  for (const [key, count] of counts) {
    if (count > modalCount) {
      modalKey = key;
      modalCount = count;
    }
  }
  const modal: Rgba = [(modalKey >>> 24) & 0xff, (modalKey >>> 16) & 0xff, (modalKey >>> 8) & 0xff, modalKey & 0xff];
  let far = 0;
  for (let i = 0; i < n; i++) {
    const o = i * 4;
    if (
      Math.abs(d[o]! - modal[0]) > tolerance ||
      Math.abs(d[o + 1]! - modal[1]) > tolerance ||
      Math.abs(d[o + 2]! - modal[2]) > tolerance ||
      Math.abs(d[o + 3]! - modal[3]) > tolerance
    ) {
      far++;
    }
  }
  const safeN = Math.max(1, n);
  const mean = sum.map((s) => s / safeN) as Rgba;
  const std = sumSq.map((s, c) => Math.sqrt(Math.max(0, s / safeN - mean[c]! * mean[c]!))) as Rgba;
  return {
    width: image.width,
    height: image.height,
    pixelCount: n,
    mean,
    std,
    modal,
    modalFraction: n > 0 ? modalCount / n : 0,
    nonModalFraction: n > 0 ? far / n : 0,
    distinctColours: counts.size,
    tolerance,
  };
}

export interface UniformOptions {
  /** Channel difference still counted as the modal colour (default 2). */
  tolerance?: number;
  /** Largest fraction of pixels allowed to differ from the modal colour (default 0.001). */
  maxNonModalFraction?: number;
}

function asImage(input: RgbaImage | Uint8Array): RgbaImage {
  return input instanceof Uint8Array ? decodePng(input) : input;
}

/** True when (almost) every pixel has one colour. Accepts a decoded image or PNG bytes. */
export function isUniform(input: RgbaImage | Uint8Array, options: UniformOptions = {}): boolean {
  const stats = pixelStats(asImage(input), options.tolerance ?? 2);
  return stats.nonModalFraction <= (options.maxNonModalFraction ?? 0.001);
}

/**
 * True when the screenshot shows nothing: (almost) one colour everywhere, whatever that colour is
 * (white page, black dead canvas, transparent). Same as `isUniform`; named for intent.
 */
export function isBlank(input: RgbaImage | Uint8Array, options: UniformOptions = {}): boolean {
  return isUniform(input, options);
}

/** Mean colour [r, g, b, a] of an image or PNG bytes. */
export function meanColour(input: RgbaImage | Uint8Array): Rgba {
  return pixelStats(asImage(input)).mean;
}

/** Fraction of pixels within `tolerance` (max channel difference, RGB only) of `colour`. */
export function fractionNear(input: RgbaImage | Uint8Array, colour: Rgb | Rgba, tolerance = 3): number {
  const image = asImage(input);
  const n = image.width * image.height;
  const d = image.data;
  let near = 0;
  for (let i = 0; i < n; i++) {
    const o = i * 4;
    if (
      Math.abs(d[o]! - colour[0]) <= tolerance &&
      Math.abs(d[o + 1]! - colour[1]) <= tolerance &&
      Math.abs(d[o + 2]! - colour[2]) <= tolerance
    ) {
      near++;
    }
  }
  return n > 0 ? near / n : 0;
}
