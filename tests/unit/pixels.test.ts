import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { pngChunk } from '../../harness/png';
import {
  colourDistance,
  crop,
  decodePng,
  fractionNear,
  isBlank,
  isUniform,
  meanColour,
  pixelAt,
  pixelStats,
  type RgbaImage,
} from '../../harness/browser/pixels';

// ---- a minimal PNG encoder, independent of the decoder under test ----

// Chunk framing (length, type, CRC) comes from the project's PNG writer; the filters, colour types
// and IDAT splits below are this encoder's own, so the decoder is tested on inputs it did not make.
function chunk(type: string, data: Uint8Array): Buffer {
  return Buffer.from(pngChunk(type, data));
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/**
 * Encode 8-bit samples (`channels` per pixel: 1 grey, 2 grey+alpha, 3 RGB, 4 RGBA).
 * Row y uses filter `filters[y % filters.length]`, so every filter type gets exercised.
 * `idatSplit` splits the compressed stream over several IDAT chunks.
 */
function encodePng(
  width: number,
  height: number,
  channels: 1 | 2 | 3 | 4,
  samples: Uint8Array,
  filters: number[] = [0, 1, 2, 3, 4],
  idatSplit = 1,
): Buffer {
  const colourType = { 1: 0, 2: 4, 3: 2, 4: 6 }[channels];
  const stride = width * channels;
  const raw = Buffer.alloc(height * (stride + 1));
  for (let y = 0; y < height; y++) {
    const f = filters[y % filters.length]!;
    raw[y * (stride + 1)] = f;
    for (let x = 0; x < stride; x++) {
      const v = samples[y * stride + x]!;
      const a = x >= channels ? samples[y * stride + x - channels]! : 0;
      const b = y > 0 ? samples[(y - 1) * stride + x]! : 0;
      const c = x >= channels && y > 0 ? samples[(y - 1) * stride + x - channels]! : 0;
      const predictor = [0, a, b, (a + b) >> 1, paeth(a, b, c)][f]!;
      raw[y * (stride + 1) + 1 + x] = (v - predictor) & 0xff;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = colourType;
  ihdr[10] = 0;
  ihdr[11] = 0;
  ihdr[12] = 0;
  const compressed = deflateSync(raw);
  const parts: Buffer[] = [];
  const step = Math.ceil(compressed.length / idatSplit);
  for (let i = 0; i < compressed.length; i += step) parts.push(chunk('IDAT', compressed.subarray(i, i + step)));
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', ihdr),
    chunk('tEXt', Buffer.from('Comment\0test', 'latin1')),
    ...parts,
    chunk('IEND', new Uint8Array(0)),
  ]);
}

/** Deterministic pseudo-random bytes. */
function noise(n: number, seed = 1): Uint8Array {
  const out = new Uint8Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s >>> 24;
  }
  return out;
}

function solid(width: number, height: number, rgba: [number, number, number, number]): Uint8Array {
  const out = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) out.set(rgba, i * 4);
  return out;
}

describe('decodePng', () => {
  it('round-trips RGBA through every filter type', () => {
    const w = 7;
    const h = 11;
    const samples = noise(w * h * 4, 42);
    const img = decodePng(encodePng(w, h, 4, samples));
    expect(img.width).toBe(w);
    expect(img.height).toBe(h);
    expect(Array.from(img.data)).toEqual(Array.from(samples));
  });

  it('round-trips RGB (alpha 255) with the stream split over several IDAT chunks', () => {
    const w = 5;
    const h = 6;
    const samples = noise(w * h * 3, 7);
    const img = decodePng(encodePng(w, h, 3, samples, [4, 3, 2, 1, 0], 3));
    expect(img.data.length).toBe(w * h * 4);
    for (let i = 0; i < w * h; i++) {
      expect([img.data[i * 4], img.data[i * 4 + 1], img.data[i * 4 + 2], img.data[i * 4 + 3]]).toEqual([
        samples[i * 3],
        samples[i * 3 + 1],
        samples[i * 3 + 2],
        255,
      ]);
    }
  });

  it('expands grey and grey+alpha to RGBA', () => {
    const grey = decodePng(encodePng(2, 1, 1, Uint8Array.from([10, 200])));
    expect(Array.from(grey.data)).toEqual([10, 10, 10, 255, 200, 200, 200, 255]);
    const greyAlpha = decodePng(encodePng(2, 1, 2, Uint8Array.from([10, 20, 200, 30])));
    expect(Array.from(greyAlpha.data)).toEqual([10, 10, 10, 20, 200, 200, 200, 30]);
  });

  it('decodes a known tiny image pixel by pixel', () => {
    // 2x2: red, green / blue, transparent white
    const samples = Uint8Array.from([255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 255, 255, 255, 0]);
    const img = decodePng(encodePng(2, 2, 4, samples));
    expect(pixelAt(img, 0, 0)).toEqual([255, 0, 0, 255]);
    expect(pixelAt(img, 1, 0)).toEqual([0, 255, 0, 255]);
    expect(pixelAt(img, 0, 1)).toEqual([0, 0, 255, 255]);
    expect(pixelAt(img, 1, 1)).toEqual([255, 255, 255, 0]);
    expect(() => pixelAt(img, 2, 0)).toThrow(RangeError);
  });

  it('rejects what it does not support, clearly', () => {
    expect(() => decodePng(Buffer.from('not a png at all'))).toThrow(/signature/);
    const png = encodePng(2, 2, 4, noise(16));
    expect(() => decodePng(png.subarray(0, png.length - 12))).toThrow(/IEND|truncated/);
    // 16-bit: patch the bit depth in IHDR (byte 8 + 8 + 8)
    const sixteen = Buffer.from(png);
    sixteen[24] = 16;
    expect(() => decodePng(sixteen)).toThrow(/bit depth/);
  });
});

describe('pixel stats', () => {
  it('finds a uniform image uniform and blank', () => {
    const img: RgbaImage = { width: 10, height: 10, data: solid(10, 10, [51, 153, 204, 255]) };
    const stats = pixelStats(img);
    expect(stats.modal).toEqual([51, 153, 204, 255]);
    expect(stats.modalFraction).toBe(1);
    expect(stats.nonModalFraction).toBe(0);
    expect(stats.distinctColours).toBe(1);
    expect(stats.mean).toEqual([51, 153, 204, 255]);
    expect(stats.std).toEqual([0, 0, 0, 0]);
    expect(isUniform(img)).toBe(true);
    expect(isBlank(img)).toBe(true);
    expect(fractionNear(img, [52, 152, 205])).toBe(1);
  });

  it('sees a small square on a background as not blank, and crops it out', () => {
    const w = 20;
    const h = 10;
    const data = solid(w, h, [255, 255, 255, 255]);
    for (let y = 2; y < 6; y++) for (let x = 3; x < 8; x++) data.set([255, 0, 128, 255], (y * w + x) * 4);
    const png = encodePng(w, h, 4, data);
    const img = decodePng(png);

    const stats = pixelStats(img);
    expect(stats.modal).toEqual([255, 255, 255, 255]);
    expect(stats.nonModalFraction).toBeCloseTo(20 / 200, 10);
    expect(stats.distinctColours).toBe(2);
    expect(stats.std[0]).toBe(0);
    expect(stats.std[1]).toBeGreaterThan(0);
    expect(isBlank(png)).toBe(false);
    expect(isUniform(img, { maxNonModalFraction: 0.2 })).toBe(true);

    const square = crop(img, { x: 3, y: 2, width: 5, height: 4 });
    expect(square.width).toBe(5);
    expect(square.height).toBe(4);
    expect(isUniform(square)).toBe(true);
    expect(meanColour(square)).toEqual([255, 0, 128, 255]);
    expect(colourDistance(pixelStats(square).modal, [255, 0, 128])).toBe(0);
    expect(fractionNear(img, [255, 0, 128])).toBeCloseTo(0.1, 10);

    const clamped = crop(img, { x: 15, y: 8, width: 100, height: 100 });
    expect([clamped.width, clamped.height]).toEqual([5, 2]);
  });

  it('computes mean and std per channel', () => {
    // Two pixels: 0 and 200 in red -> mean 100, std 100.
    const img: RgbaImage = { width: 2, height: 1, data: Uint8Array.from([0, 10, 20, 255, 200, 10, 20, 255]) };
    const stats = pixelStats(img);
    expect(stats.mean).toEqual([100, 10, 20, 255]);
    expect(stats.std[0]).toBeCloseTo(100, 10);
    expect(stats.std[1]).toBeCloseTo(0, 10);
    expect(stats.nonModalFraction).toBe(0.5);
    expect(isUniform(img)).toBe(false);
    expect(isUniform(img, { tolerance: 255 })).toBe(true);
  });
});
