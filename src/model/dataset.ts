/**
 * The digits latentflow learns from, and the fixed splits of DESIGN section 1.
 * Splits are chosen by index within each class, never by chance, so every run sees the same digits.
 */
export const IMAGE_SIZE = 28;
export const PIXELS = IMAGE_SIZE * IMAGE_SIZE;
export const CLASSES = 10;

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
    images.set(source.perClass[d]!.subarray(i * PIXELS, (i + 1) * PIXELS), k * PIXELS);
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
  const images = new Float32Array(positions.length * PIXELS);
  const labels = new Int32Array(positions.length);
  const indices = new Int32Array(positions.length);
  positions.forEach((p, k) => {
    images.set(set.images.subarray(p * PIXELS, (p + 1) * PIXELS), k * PIXELS);
    labels[k] = set.labels[p]!;
    indices[k] = set.indices[p]!;
  });
  return { images, labels, indices, count: positions.length };
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
