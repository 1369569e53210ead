/**
 * The soak as a picture: one panel per watched series (tensors, tensor MB, heap MB, geometries,
 * textures, frame ms), each its own scale with its minimum and maximum written at the left, time
 * along the bottom; the second half (the part judged) on a lighter ground.
 */
import { drawText, encodePng } from '../../harness/png';
import type { SoakSample } from './soak-trend';

const PANELS: { get: (s: SoakSample) => number; colour: [number, number, number] }[] = [
  { get: (s) => s.tensors, colour: [120, 180, 255] },
  { get: (s) => s.tensorBytes / 2 ** 20, colour: [120, 220, 200] },
  { get: (s) => s.heap / 2 ** 20, colour: [255, 200, 90] },
  { get: (s) => s.geometries, colour: [200, 150, 255] },
  { get: (s) => s.textures, colour: [255, 130, 170] },
  { get: (s) => s.frameMs, colour: [180, 180, 180] },
];
const WIDTH = 900;
const PANEL = 90;
const LEFT = 110;
const GAP = 10;

const fmt = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(2));

export function soakPlot(samples: readonly SoakSample[]): Uint8Array {
  const height = GAP + PANELS.length * (PANEL + GAP);
  const rgb = new Uint8Array(WIDTH * height * 3).fill(12);
  const t0 = samples[0]?.t ?? 0;
  const t1 = Math.max(t0 + 1e-9, samples.at(-1)?.t ?? 1);
  const xOf = (t: number) => LEFT + Math.round(((t - t0) / (t1 - t0)) * (WIDTH - LEFT - GAP - 1));
  const halfX = xOf(samples[Math.floor(samples.length / 2)]?.t ?? t0);
  PANELS.forEach((panel, p) => {
    const top = GAP + p * (PANEL + GAP);
    for (let y = top; y < top + PANEL; y++) for (let x = LEFT; x < WIDTH - GAP; x++) rgb.fill(x >= halfX ? 30 : 20, (y * WIDTH + x) * 3, (y * WIDTH + x) * 3 + 3);
    const values = samples.map(panel.get);
    const lo = Math.min(...values);
    const hi = Math.max(...values);
    const yOf = (v: number) => top + PANEL - 4 - Math.round(((v - lo) / Math.max(1e-9, hi - lo)) * (PANEL - 8));
    drawText(rgb, WIDTH, 8, top + 4, fmt(hi), 2, panel.colour);
    drawText(rgb, WIDTH, 8, top + PANEL - 16, fmt(lo), 2, panel.colour);
    let last: [number, number] | null = null;
    samples.forEach((s, i) => {
      const x = xOf(s.t);
      const y = yOf(values[i]!);
      if (last !== null) {
        const steps = Math.max(Math.abs(x - last[0]), Math.abs(y - last[1]), 1);
        for (let k = 0; k <= steps; k++) {
          const px = Math.round(last[0] + ((x - last[0]) * k) / steps);
          const py = Math.round(last[1] + ((y - last[1]) * k) / steps);
          rgb.set(panel.colour, (py * WIDTH + px) * 3);
        }
      }
      last = [x, y];
    });
  });
  return encodePng(WIDTH, height, 3, rgb);
}
