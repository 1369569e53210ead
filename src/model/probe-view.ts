/**
 * One augmented view of a digit at settings a person chooses (the explorer's sliders), where
 * training draws them at random (src/model/augment.ts): rotate and scale about the centre, shift,
 * scale the intensity, add noise and mask pixels. Noise and mask come from a fixed seed, so moving
 * one slider changes only what that slider controls.
 */
import { IMAGE_SIZE, PIXELS } from './dataset';
import { createRng } from './rng';

export interface ProbeSettings {
  /** Degrees about the centre. */
  rotation: number;
  /** 1 is the digit's own size. */
  scale: number;
  /** Pixels right and down. */
  shiftX: number;
  shiftY: number;
  /** Multiplies every pixel. */
  intensity: number;
  /** Standard deviation of added Gaussian noise. */
  noise: number;
  /** Share of pixels set to 0. */
  mask: number;
}

export const IDENTITY_PROBE: Readonly<ProbeSettings> = { rotation: 0, scale: 1, shiftX: 0, shiftY: 0, intensity: 1, noise: 0, mask: 0 };

/** The sliders' ranges: at least the seed author's playground's (rotation +-20, scale 0.7-1.3, ...). */
export const PROBE_RANGES: Readonly<Record<keyof ProbeSettings, readonly [number, number, number]>> = {
  rotation: [-45, 45, 1],
  scale: [0.5, 1.5, 0.01],
  shiftX: [-6, 6, 0.25],
  shiftY: [-6, 6, 0.25],
  intensity: [0.4, 1.6, 0.01],
  noise: [0, 0.3, 0.005],
  mask: [0, 0.5, 0.01],
};

/** `src` (784 values) seen through `settings`; `seed` fixes the noise and the mask. */
export function probeView(src: Float32Array, settings: ProbeSettings, seed = 1): Float32Array {
  const n = IMAGE_SIZE;
  const c = (n - 1) / 2;
  const angle = (settings.rotation * Math.PI) / 180;
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const scale = Math.max(1e-3, settings.scale);
  const out = new Float32Array(PIXELS);
  const rng = createRng(seed);
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n; x++) {
      // Inverse map: where in the source this output pixel comes from.
      const u = (x - c - settings.shiftX) / scale;
      const v = (y - c - settings.shiftY) / scale;
      const sx = cos * u + sin * v + c;
      const sy = -sin * u + cos * v + c;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const fx = sx - x0;
      const fy = sy - y0;
      const at = (px: number, py: number) => (px >= 0 && px < n && py >= 0 && py < n ? src[py * n + px]! : 0);
      const sample = at(x0, y0) * (1 - fx) * (1 - fy) + at(x0 + 1, y0) * fx * (1 - fy) + at(x0, y0 + 1) * (1 - fx) * fy + at(x0 + 1, y0 + 1) * fx * fy;
      const noisy = sample * settings.intensity + settings.noise * rng.normal();
      const masked = rng.uniform(0, 1) < settings.mask ? 0 : noisy;
      out[y * n + x] = Math.min(1, Math.max(0, masked));
    }
  }
  return out;
}
