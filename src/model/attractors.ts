import * as tf from '@tensorflow/tfjs';
import { CLASSES, digitImage, PIXELS } from './dataset';
import { judgeProbabilities, round } from './evaluate';
import { rollout, type LatentModels } from './rollout';

/**
 * The u = 0 census: where grounded rollouts settle when nothing drives them. The basins are
 * blurry prototypes that two good classifiers may read differently, so each is reported with the
 * judge's top two classes and their probabilities, not only its argmax.
 */
export interface AttractorBasin {
  /** Starts that ended in this basin. */
  count: number;
  /** The judge's two most likely classes for the basin's image, with probabilities. */
  top: [{ digit: number; p: number }, { digit: number; p: number }];
  /** The basin's decoded image (784 values in [0, 1]), for the census picture. */
  image: number[];
}

export interface AttractorCensus {
  steps: number;
  /** Final decoded images per judged class (argmax), as before. */
  histogram: number[];
  ranked: number[];
  /** Distinct end states (images within `BASIN_RADIUS` of a basin's first member join it), largest first. */
  basins: AttractorBasin[];
}

/** Mean squared pixel difference under which two end images count as one basin. */
export const BASIN_RADIUS = 0.004;

export async function attractorCensus(models: LatentModels, judge: tf.LayersModel, starts: tf.Tensor2D, steps: number): Promise<AttractorCensus> {
  const result = await rollout(models, starts, () => 0, { steps, grounded: true, keepImages: false });
  const last = tf.tidy(() => models.decoder.predict(tf.tensor2d(result.latents[steps - 1]!, starts.shape)) as tf.Tensor);
  const images = (await last.data()) as Float32Array;
  last.dispose();
  return censusOf(images, await judgeProbabilities(judge, images), steps);
}

/** The census of end images (n x 784) and the judge's probabilities for them (n x 10). */
export function censusOf(images: Float32Array, probabilities: Float32Array, steps: number): AttractorCensus {
  const n = images.length / PIXELS;
  const histogram = new Array<number>(CLASSES).fill(0);
  for (let i = 0; i < n; i++) histogram[argmax(probabilities.subarray(i * CLASSES, (i + 1) * CLASSES))]!++;
  const leaders: number[] = [];
  const counts: number[] = [];
  for (let i = 0; i < n; i++) {
    const image = digitImage(images, i);
    const at = leaders.findIndex((l) => meanSquare(digitImage(images, l), image) < BASIN_RADIUS);
    if (at >= 0) counts[at]!++;
    else {
      leaders.push(i);
      counts.push(1);
    }
  }
  const basins = leaders
    .map((l, b) => {
      const p = probabilities.subarray(l * CLASSES, (l + 1) * CLASSES);
      const order = [...p.keys()].sort((a, c) => p[c]! - p[a]!);
      return {
        count: counts[b]!,
        top: [{ digit: order[0]!, p: round(p[order[0]!]!, 3) }, { digit: order[1]!, p: round(p[order[1]!]!, 3) }] as AttractorBasin['top'],
        image: Array.from(digitImage(images, l), (v) => round(v, 3)),
      };
    })
    .sort((a, b) => b.count - a.count);
  return {
    steps,
    histogram,
    ranked: histogram.map((c, d) => [c, d] as const).sort((a, b) => b[0] - a[0]).filter(([c]) => c > 0).map(([, d]) => d),
    basins,
  };
}

function argmax(v: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < v.length; i++) if (v[i]! > v[best]!) best = i;
  return best;
}

function meanSquare(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i]! - b[i]!) ** 2;
  return s / a.length;
}
