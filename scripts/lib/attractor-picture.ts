/**
 * The u = 0 census as a picture: each basin's decoded image (largest first), with how many of the
 * 1,000 held-out starts ended there and the judge's top two readings with their probabilities.
 */
import type { AttractorCensus } from '../../src/model/attractors';
import { drawText, encodePng } from '../../harness/png';

const ZOOM = 4;
const CELL = 28 * ZOOM;
const PAD = 12;
const TEXT = 2;
const LINE = 6 * TEXT + 4;
const MAX_BASINS = 10;

/** A probability in three characters: .62, 1.0 */
function prob(p: number): string {
  return p >= 0.995 ? '1.0' : p.toFixed(2).slice(1);
}

export function attractorPicture(census: AttractorCensus): Uint8Array {
  const basins = census.basins.slice(0, MAX_BASINS);
  const width = PAD + basins.length * (CELL + PAD);
  const height = PAD + CELL + 8 + 2 * LINE + PAD;
  const rgb = new Uint8Array(width * height * 3).fill(10);
  basins.forEach((b, i) => {
    const left = PAD + i * (CELL + PAD);
    for (let y = 0; y < CELL; y++) {
      for (let x = 0; x < CELL; x++) {
        const v = Math.round(255 * Math.min(1, Math.max(0, b.image[Math.floor(y / ZOOM) * 28 + Math.floor(x / ZOOM)]!)));
        rgb.set([v, v, v], ((PAD + y) * width + left + x) * 3);
      }
    }
    const top = PAD + CELL + 8;
    drawText(rgb, width, left, top, `n ${b.count}`, TEXT, [230, 236, 255]);
    const [a, c] = b.top;
    drawText(rgb, width, left, top + LINE, `${a.digit} ${prob(a.p)} ${c.digit} ${prob(c.p)}`, TEXT, [150, 165, 210]);
  });
  return encodePng(width, height, 3, rgb);
}
