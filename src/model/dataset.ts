/**
 * The digits latentflow learns from: how a set of them is held (one flat array; a digit image cut
 * out of it, or several gathered), and the fixed splits of DESIGN section 1. Splits are chosen
 * by index within each class, never by chance, so every run sees the same digits.
 */
export const IMAGE_SIZE = 28;
export const PIXELS = IMAGE_SIZE * IMAGE_SIZE;
export const CLASSES = 10;

/*
 * A set of digits is one flat array, image after image (n x 784, values in [0, 1]): a split, the
 * map's digits, the steps of a rollout track. These three cut a digit out of one or gather several.
 */

/** How many digit images `images` holds; a length that is not whole images is an error. */
export function digitCount(images: Float32Array): number {
  if (images.length % PIXELS !== 0) throw new RangeError(`expected whole ${PIXELS}-pixel digit images, got ${images.length} values`);
  return images.length / PIXELS;
}

/** Digit `index` of `images`, as a view into it (no copy): slice() it to keep it or change it. */
export function digitImage(images: Float32Array, index: number): Float32Array {
  if (!Number.isInteger(index) || index < 0 || (index + 1) * PIXELS > images.length) {
    throw new RangeError(`there is no digit ${index} among ${Math.floor(images.length / PIXELS)} images`);
  }
  return images.subarray(index * PIXELS, (index + 1) * PIXELS);
}

/** Digits `rows` of `images` (repeats allowed), copied in that order into one new array (rows x 784). */
export function digitImages(images: Float32Array, rows: readonly number[]): Float32Array {
  const out = new Float32Array(rows.length * PIXELS);
  rows.forEach((row, k) => out.set(digitImage(images, row), k * PIXELS));
  return out;
}

/** Index ranges within each class's list of digits, half-open [start, end). */
export const SPLITS = {
  training: { start: 0, end: 100 },
  validation: { start: 400, end: 500 },
  heldOut: { start: 500, end: 600 },
} as const;

export type SplitName = keyof typeof SPLITS | 'reference';

/** A set of digits as one flat array (N x 784, values in [0, 1]) with their labels. */
export interface DigitSet {
  readonly images: Float32Array;
  readonly labels: Int32Array;
  /** Position of each digit within its class's list in the mnist package, for provenance. */
  readonly indices: Int32Array;
  readonly count: number;
}

/** Every digit of each class, as the mnist package lists them: perClass[d] is (n_d x 784). */
export interface DigitSource {
  readonly perClass: readonly Float32Array[];
}

export function classCount(source: DigitSource, digit: number): number {
  return source.perClass[digit]!.length / PIXELS;
}

/**
 * The reference split is every digit that is in none of training, validation or held-out: it is
 * what the judge learns from, so it never sees a digit that a reported figure is measured on.
 */
export function splitIndices(source: DigitSource, split: SplitName, digit: number): number[] {
  const n = classCount(source, digit);
  if (split !== 'reference') {
    const { start, end } = SPLITS[split];
    if (end > n) throw new Error(`class ${digit} has ${n} digits; split ${split} needs ${end}`);
    return range(start, end);
  }
  const taken = (i: number) =>
    Object.values(SPLITS).some(({ start, end }) => i >= start && i < end);
  return range(0, n).filter((i) => !taken(i));
}

export function selectSplit(source: DigitSource, split: SplitName): DigitSet {
  const picks: Array<[number, number]> = [];
  for (let d = 0; d < CLASSES; d++) {
    for (const i of splitIndices(source, split, d)) picks.push([d, i]);
  }
  const images = new Float32Array(picks.length * PIXELS);
  const labels = new Int32Array(picks.length);
  const indices = new Int32Array(picks.length);
  picks.forEach(([d, i], k) => {
    images.set(digitImage(source.perClass[d]!, i), k * PIXELS);
    labels[k] = d;
    indices[k] = i;
  });
  return { images, labels, indices, count: picks.length };
}

/** The digits of `set` whose label is `digit`, as positions into `set`. */
export function positionsOfClass(set: DigitSet, digit: number): number[] {
  const out: number[] = [];
  for (let k = 0; k < set.count; k++) if (set.labels[k] === digit) out.push(k);
  return out;
}

export function subset(set: DigitSet, positions: readonly number[]): DigitSet {
  const labels = Int32Array.from(positions, (p) => set.labels[p]!);
  const indices = Int32Array.from(positions, (p) => set.indices[p]!);
  return { images: digitImages(set.images, positions), labels, indices, count: positions.length };
}

/** The first `perClass` digits of each class of `set`, class by class. */
export function firstOfEachClass(set: DigitSet, perClass: number): DigitSet {
  const picks: number[] = [];
  for (let d = 0; d < CLASSES; d++) picks.push(...positionsOfClass(set, d).slice(0, perClass));
  return subset(set, picks);
}

function range(start: number, end: number): number[] {
  return Array.from({ length: end - start }, (_, i) => start + i);
}
