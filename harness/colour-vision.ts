/**
 * Colour-vision maths for the palette tests: sRGB to linear, the Machado, Oliveira and Fernandes
 * (2009) simulation of dichromacy (severity 1), and OKLab (Ottosson 2020), where a Euclidean
 * distance of about 0.02 is a just-noticeable difference.
 */

export type Vision = 'normal' | 'deuteranopia' | 'protanopia' | 'tritanopia';
type Vec3 = [number, number, number];
type Mat3 = [Vec3, Vec3, Vec3];

/** Machado et al. 2009, severity 1.0, applied to linear RGB. */
const MACHADO: Record<Exclude<Vision, 'normal'>, Mat3> = {
  deuteranopia: [
    [0.367322, 0.860646, -0.227968],
    [0.280085, 0.672501, 0.047413],
    [-0.01182, 0.04294, 0.968881],
  ],
  protanopia: [
    [0.152286, 1.052583, -0.204868],
    [0.114503, 0.786281, 0.099216],
    [-0.003882, -0.048116, 1.051998],
  ],
  tritanopia: [
    [1.255528, -0.076749, -0.178779],
    [-0.078411, 0.930809, 0.147602],
    [0.004733, 0.691367, 0.3039],
  ],
};

function toLinear(channel: number): number {
  const c = channel / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

/** 0xRRGGBB to linear RGB in [0, 1]. */
export function linearRgb(hex: number): Vec3 {
  return [toLinear((hex >> 16) & 255), toLinear((hex >> 8) & 255), toLinear(hex & 255)];
}

/** How a viewer with `vision` sees linear colour `rgb` (clipped to the displayable range). */
export function simulate(rgb: Vec3, vision: Vision): Vec3 {
  if (vision === 'normal') return rgb;
  const m = MACHADO[vision];
  const row = (r: Vec3) => Math.min(1, Math.max(0, r[0] * rgb[0] + r[1] * rgb[1] + r[2] * rgb[2]));
  return [row(m[0]), row(m[1]), row(m[2])];
}

export function oklab([r, g, b]: Vec3): Vec3 {
  const l = Math.cbrt(0.4122214708 * r + 0.5363325363 * g + 0.0514459929 * b);
  const m = Math.cbrt(0.2119034982 * r + 0.6806995451 * g + 0.1073969566 * b);
  const s = Math.cbrt(0.0883024619 * r + 0.2817188376 * g + 0.6299787005 * b);
  return [
    0.2104542553 * l + 0.793617785 * m - 0.0040720468 * s,
    1.9779984951 * l - 2.428592205 * m + 0.4505937099 * s,
    0.0259040371 * l + 0.7827717662 * m - 0.808675766 * s,
  ];
}

/** OKLab distance between two sRGB colours as a viewer with `vision` sees them. */
export function seenDistance(a: number, b: number, vision: Vision): number {
  const p = oklab(simulate(linearRgb(a), vision));
  const q = oklab(simulate(linearRgb(b), vision));
  return Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]);
}

/** The closest pair of `colours` for a viewer with `vision`: its distance and indices. */
export function closestPair(colours: readonly number[], vision: Vision): { distance: number; pair: [number, number] } {
  let best = { distance: Infinity, pair: [0, 0] as [number, number] };
  for (let i = 0; i < colours.length; i++) {
    for (let j = i + 1; j < colours.length; j++) {
      const distance = seenDistance(colours[i]!, colours[j]!, vision);
      if (distance < best.distance) best = { distance, pair: [i, j] };
    }
  }
  return best;
}

/** WCAG relative luminance of an sRGB colour. */
export function relativeLuminance(hex: number): number {
  const [r, g, b] = linearRgb(hex);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG contrast ratio between two sRGB colours. */
export function contrastRatio(a: number, b: number): number {
  const [hi, lo] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}
