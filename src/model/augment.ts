import * as tf from '@tensorflow/tfjs';
import { IMAGE_SIZE, PIXELS } from './dataset';
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

/**
 * Writes one augmented view of `src` (784 values) into `dst`: rotate about the centre and shift
 * with bilinear sampling (zero outside), scale intensity, add noise, mask pixels, clamp to [0, 1].
 */
export function augmentInto(
  src: Float32Array,
  dst: Float32Array,
  params: ViewParams,
  config: AugmentConfig,
  rng: Rng,
): void {
  const c = (IMAGE_SIZE - 1) / 2;
  const cos = Math.cos(params.angleRad);
  const sin = Math.sin(params.angleRad);
  for (let y = 0; y < IMAGE_SIZE; y++) {
    for (let x = 0; x < IMAGE_SIZE; x++) {
      // Inverse map: where in the source does this output pixel come from?
      const ox = x - c - params.dx;
      const oy = y - c - params.dy;
      const sx = cos * ox + sin * oy + c;
      const sy = -sin * ox + cos * oy + c;
      let v = bilinear(src, sx, sy) * params.gain;
      v += config.noiseSigma * rng.normal();
      if (rng.next() < config.maskProbability) v = 0;
      dst[y * IMAGE_SIZE + x] = v < 0 ? 0 : v > 1 ? 1 : v;
    }
  }
}

function bilinear(img: Float32Array, x: number, y: number): number {
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  const fx = x - x0;
  const fy = y - y0;
  const at = (xi: number, yi: number): number =>
    xi < 0 || yi < 0 || xi >= IMAGE_SIZE || yi >= IMAGE_SIZE ? 0 : img[yi * IMAGE_SIZE + xi]!;
  return (
    (1 - fy) * ((1 - fx) * at(x0, y0) + fx * at(x0 + 1, y0)) +
    fy * ((1 - fx) * at(x0, y0 + 1) + fx * at(x0 + 1, y0 + 1))
  );
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
    const src = images.subarray(p * PIXELS, (p + 1) * PIXELS);
    const dst = out.subarray(k * PIXELS, (k + 1) * PIXELS);
    augmentInto(src, dst, drawViewParams(config, rng), config, rng);
  }
  return tf.tensor4d(out, [positions.length, IMAGE_SIZE, IMAGE_SIZE, 1]);
}

/** Clean digits picked by position, as an [n, 28, 28, 1] tensor. */
export function gatherBatch(images: Float32Array, positions: ArrayLike<number>): tf.Tensor4D {
  const out = new Float32Array(positions.length * PIXELS);
  for (let k = 0; k < positions.length; k++) {
    const p = positions[k]!;
    out.set(images.subarray(p * PIXELS, (p + 1) * PIXELS), k * PIXELS);
  }
  return tf.tensor4d(out, [positions.length, IMAGE_SIZE, IMAGE_SIZE, 1]);
}
