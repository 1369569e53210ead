import * as tf from '@tensorflow/tfjs';
import { digitImage, digitImages, IMAGE_SIZE, PIXELS } from './dataset';
import type { Rng } from './rng';

/**
 * The grounding author's augmentation recipe (DESIGN section 2). Rotation is among the
 * augmentations on purpose: it is what makes the manifold rotation-invariant.
 */
export interface AugmentConfig {
  maxShiftPx: number;
  maxRotationDeg: number;
  intensity: readonly [number, number];
  noiseSigma: number;
  maskProbability: number;
  /**
   * Elastic distortion (Simard et al. 2003): a random displacement field, uniform in [-1, 1] per
   * pixel, smoothed by a Gaussian of `sigma` px and scaled by `alpha` px. It bends strokes the way
   * handwriting varies, which shifts and rotations cannot. Absent: none (the author's recipe).
   */
  elastic?: { alpha: number; sigma: number } | null;
}

export const AUTHOR_AUGMENTATION: AugmentConfig = {
  maxShiftPx: 2,
  maxRotationDeg: 12,
  intensity: [0.85, 1.15],
  noiseSigma: 0.08,
  maskProbability: 0.08,
};

/** The geometric and photometric draw for one view, kept so tests can check the ranges. */
export interface ViewParams {
  dx: number;
  dy: number;
  angleRad: number;
  gain: number;
}

export function drawViewParams(config: AugmentConfig, rng: Rng): ViewParams {
  return {
    dx: rng.uniform(-config.maxShiftPx, config.maxShiftPx),
    dy: rng.uniform(-config.maxShiftPx, config.maxShiftPx),
    angleRad: (rng.uniform(-config.maxRotationDeg, config.maxRotationDeg) * Math.PI) / 180,
    gain: rng.uniform(config.intensity[0], config.intensity[1]),
  };
}

/** A smoothed random displacement field (x then y, 784 each), in pixels; see AugmentConfig.elastic. */
export function elasticField(alpha: number, sigma: number, rng: Rng): Float32Array {
  const n = IMAGE_SIZE;
  const radius = Math.ceil(3 * sigma);
  const kernel = Array.from({ length: 2 * radius + 1 }, (_, i) => Math.exp(-((i - radius) ** 2) / (2 * sigma * sigma)));
  const total = kernel.reduce((a, b) => a + b, 0);
  const field = new Float32Array(2 * PIXELS);
  const tmp = new Float32Array(PIXELS);
  for (let c = 0; c < 2; c++) {
    const raw = new Float32Array(PIXELS);
    for (let i = 0; i < PIXELS; i++) raw[i] = rng.uniform(-1, 1);
    // Separable blur, zero outside the image, as scipy's gaussian_filter with mode 'constant'.
    for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) {
      let v = 0;
      for (let k = -radius; k <= radius; k++) if (x + k >= 0 && x + k < n) v += kernel[k + radius]! * raw[y * n + x + k]!;
      tmp[y * n + x] = v;
    }
    for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) {
      let v = 0;
      for (let k = -radius; k <= radius; k++) if (y + k >= 0 && y + k < n) v += kernel[k + radius]! * tmp[(y + k) * n + x]!;
      field[c * PIXELS + y * n + x] = (alpha * v) / (total * total);
    }
  }
  return field;
}

/**
 * Writes one augmented view of `src` (784 values) into `dst`: rotate about the centre and shift
 * with bilinear sampling (zero outside), then, with `config.elastic`, displace by a smooth random
 * field; scale intensity, add noise, mask pixels, clamp to [0, 1].
 */
export function augmentInto(
  src: Float32Array,
  dst: Float32Array,
  params: ViewParams,
  config: AugmentConfig,
  rng: Rng,
): void {
  const warp = config.elastic && config.elastic.alpha > 0 ? elasticField(config.elastic.alpha, config.elastic.sigma, rng) : null;
  // The hot loop of grounding training (~100k pixels a batch): no closures, no allocation, and
  // the inverse map advanced incrementally along each row.
  const n = IMAGE_SIZE;
  const c = (n - 1) / 2;
  const cos = Math.cos(params.angleRad);
  const sin = Math.sin(params.angleRad);
  const { gain } = params;
  const sigma = config.noiseSigma;
  const maskP = config.maskProbability;
  for (let y = 0; y < n; y++) {
    // Inverse map: the output pixel (x, y) comes from source (sx, sy).
    const oy = y - c - params.dy;
    const ox0 = -c - params.dx;
    let sx = cos * ox0 + sin * oy + c;
    let sy = -sin * ox0 + cos * oy + c;
    for (let x = 0; x < n; x++, sx += cos, sy -= sin) {
      const px = warp ? sx + warp[y * n + x]! : sx;
      const py = warp ? sy + warp[PIXELS + y * n + x]! : sy;
      const x0 = Math.floor(px);
      const y0 = Math.floor(py);
      let v = 0;
      if (x0 >= -1 && y0 >= -1 && x0 < n && y0 < n) {
        const fx = px - x0;
        const fy = py - y0;
        const inX0 = x0 >= 0;
        const inX1 = x0 + 1 < n;
        const row0 = y0 >= 0 ? y0 * n : -1;
        const row1 = y0 + 1 < n ? (y0 + 1) * n : -1;
        const a = row0 >= 0 && inX0 ? src[row0 + x0]! : 0;
        const b = row0 >= 0 && inX1 ? src[row0 + x0 + 1]! : 0;
        const d = row1 >= 0 && inX0 ? src[row1 + x0]! : 0;
        const e = row1 >= 0 && inX1 ? src[row1 + x0 + 1]! : 0;
        v = (1 - fy) * ((1 - fx) * a + fx * b) + fy * ((1 - fx) * d + fx * e);
      }
      v *= gain;
      v += sigma * rng.normal();
      if (rng.next() < maskP) v = 0;
      dst[y * n + x] = v < 0 ? 0 : v > 1 ? 1 : v;
    }
  }
}

/**
 * Augments a batch of digits picked by position from `images` and returns it as an
 * [n, 28, 28, 1] tensor. The same rng state always gives the same batch.
 */
export function augmentBatch(
  images: Float32Array,
  positions: ArrayLike<number>,
  config: AugmentConfig,
  rng: Rng,
): tf.Tensor4D {
  const out = new Float32Array(positions.length * PIXELS);
  for (let k = 0; k < positions.length; k++) {
    const p = positions[k]!;
    const src = digitImage(images, p);
    const dst = digitImage(out, k);
    augmentInto(src, dst, drawViewParams(config, rng), config, rng);
  }
  return tf.tensor4d(out, [positions.length, IMAGE_SIZE, IMAGE_SIZE, 1]);
}

/** Clean digits picked by position, as an [n, 28, 28, 1] tensor. */
export function gatherBatch(images: Float32Array, positions: ArrayLike<number>): tf.Tensor4D {
  return tf.tensor4d(digitImages(images, Array.from(positions)), [positions.length, IMAGE_SIZE, IMAGE_SIZE, 1]);
}
