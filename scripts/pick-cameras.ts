/**
 * npx tsx scripts/pick-cameras.ts [--check]
 * Re-picks every counting preset's camera by the camera search (scripts/lib/preset-cameras.ts):
 * still cameras give way to the searched home, camera paths become a swing about it. Only the
 * "camera" and "cameraPath" keys of each file change. Prints one line per preset; --check
 * writes nothing and exits 1 if a file would change.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ASSETS_DIR, readManifoldIndex } from '../src/model/node/shipped';
import { repickCameras } from './lib/preset-cameras';

const { values: flags } = parseArgs({ options: { check: { type: 'boolean', default: false } } });
const PRESETS = join(ASSETS_DIR, 'presets');
const index = JSON.parse(readFileSync(join(PRESETS, 'index.json'), 'utf8')) as { presets: string[] };
const defaultManifold = readManifoldIndex().default;

let changed = 0;
for (const name of index.presets) {
  const file = join(PRESETS, `${name}.json`);
  const text = readFileSync(file, 'utf8');
  const picked = repickCameras(text, defaultManifold);
  if (picked === null) continue;
  const differs = picked.text !== text;
  if (differs) {
    changed++;
    if (!flags.check) writeFileSync(file, picked.text);
  }
  console.log(`${name.padEnd(24)} ${picked.summary}${differs ? (flags.check ? '  (would change)' : '  (written)') : ''}`);
}
if (flags.check && changed > 0) process.exit(1);
