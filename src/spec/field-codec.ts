/** The shape every field codec has, and the small checks the codecs share. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; expected: string };

export interface FieldCodec<T> {
  fromJson(value: unknown): Parsed<T>;
  fromText(text: string): Parsed<T>;
  toText(value: T): string;
}

export const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
export const bad = <T>(expected: string): Parsed<T> => ({ ok: false, expected });

export function inRange(x: number, [lo, hi]: readonly [number, number], integer = false): boolean {
  return Number.isFinite(x) && x >= lo && x <= hi && (!integer || Number.isInteger(x));
}

/** A number from text: no empty strings, hex or whitespace tricks (Number('') is 0). */
export function textNumber(text: string): number {
  return /^\s*[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?\s*$/i.test(text) ? Number(text) : NaN;
}
