/**
 * A small seeded fuzzer: hostile variants of a valid input, made the way real damage and real
 * mischief look (a field of the wrong type, a missing key, NaN and huge numbers, path traversal,
 * long strings, truncated or bit-flipped bytes). Every run with one seed makes the same cases.
 */
import { createRng, type Rng } from '../src/model/rng';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const HOSTILE: Json[] = [
  null,
  true,
  -1,
  0,
  1e308,
  -1e308,
  2 ** 53,
  0.5,
  '',
  'NaN',
  'Infinity',
  '../../etc/passwd',
  '%2e%2e%2f',
  'https://evil.example/x.json',
  '<img src=x onerror=alert(1)>',
  'x'.repeat(5000),
  '\u0000\uffff',
  [],
  {},
  [1, 'two', null],
  { __proto__: { polluted: true } } as unknown as Json,
];

export function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng.next() * items.length)]!;
}

/** Every path (list of keys) to a value inside `value`, the root included. */
function paths(value: Json, prefix: (string | number)[] = [], out: (string | number)[][] = [], limit = 400): (string | number)[][] {
  if (out.length >= limit) return out;
  out.push(prefix);
  if (Array.isArray(value)) value.slice(0, 20).forEach((v, i) => paths(v, [...prefix, i], out, limit));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) paths(v, [...prefix, k], out, limit);
  return out;
}

function setAt(root: Json, path: (string | number)[], make: (old: Json) => Json | undefined): Json {
  if (path.length === 0) return make(root) ?? null;
  const copy = structuredClone(root) as Record<string | number, Json>;
  let node = copy as Record<string | number, Json>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, Json>;
  const last = path.at(-1)!;
  const next = make(node[last]!);
  if (next === undefined) {
    if (Array.isArray(node)) node.splice(Number(last), 1);
    else delete node[last];
  } else node[last] = next;
  return copy as Json;
}

/** One to three hostile edits of `value`: a key removed, a value replaced or its type changed. */
export function mutateJson(value: Json, rng: Rng): Json {
  let out = structuredClone(value);
  const edits = 1 + Math.floor(rng.next() * 3);
  for (let e = 0; e < edits; e++) {
    const at = pick(rng, paths(out));
    const kind = rng.next();
    out = setAt(out, at, (old) => {
      if (kind < 0.25 && at.length > 0) return undefined;
      if (kind < 0.45 && typeof old === 'number') return pick(rng, [-old, old * 1e6, old + 0.5, -1, 0]);
      if (kind < 0.55 && typeof old === 'string') return old.slice(0, Math.floor(rng.next() * old.length));
      return pick(rng, HOSTILE);
    });
  }
  return out;
}

/** Text damaged the way transfers damage it: cut short, a byte flipped, a chunk doubled. */
export function mutateText(text: string, rng: Rng): string {
  const kind = rng.next();
  const at = Math.floor(rng.next() * Math.max(1, text.length));
  if (kind < 0.3) return text.slice(0, at);
  if (kind < 0.6) return `${text.slice(0, at)}${String.fromCharCode(Math.floor(rng.next() * 128))}${text.slice(at + 1)}`;
  if (kind < 0.8) return `${text.slice(0, at)}${text.slice(at, at + 40)}${text.slice(at)}`;
  return `${text.slice(0, at)}${pick(rng, ['%', '&&', '=', '#', '%00', '\n', '"'])}${text.slice(at)}`;
}

/** Bytes damaged: cut short, random bits flipped, or a float32 set to NaN or Infinity. */
export function mutateBytes(bytes: Uint8Array, rng: Rng): { bytes: Uint8Array; what: string } {
  const kind = rng.next();
  if (kind < 0.3) {
    const cut = Math.floor(rng.next() * bytes.length);
    return { bytes: bytes.slice(0, cut), what: `cut to ${cut} bytes` };
  }
  const out = bytes.slice();
  const floats = new Float32Array(out.buffer, 0, Math.floor(out.length / 4));
  const at = Math.floor(rng.next() * floats.length);
  if (kind < 0.55) {
    floats[at] = NaN;
    return { bytes: out, what: `weight ${at} NaN` };
  }
  if (kind < 0.8) {
    floats[at] = rng.next() < 0.5 ? Infinity : -Infinity;
    return { bytes: out, what: `weight ${at} infinite` };
  }
  // An exponent of all ones: the float is no longer finite, as a flipped high bit can make it.
  out[at * 4 + 3] = (out[at * 4 + 3]! | 0x7f) & 0xff;
  out[at * 4 + 2] = (out[at * 4 + 2]! | 0x80) & 0xff;
  return { bytes: out, what: `weight ${at} exponent bits set` };
}

export { createRng };
