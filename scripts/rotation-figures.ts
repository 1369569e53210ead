/**
 * npx tsx scripts/rotation-figures.ts [--from docs/eval/latest.json] [--to assets/models/rotation-figures.json]
 * Copies the rotation figures the stage quotes, and the digit it shows by the stated rule
 * (src/model/rotation-figures.ts), out of an eval report. Run it after
 * `npm run eval -- --only rotation --into docs/eval/latest.json` (or a full eval).
 */
import { writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { rotationFigures, type RotationReportView } from '../src/model/rotation-figures';

const root = join(import.meta.dirname, '..');
const { values: flags } = parseArgs({
  options: { from: { type: 'string', default: join(root, 'docs', 'eval', 'latest.json') }, to: { type: 'string', default: join(root, 'assets', 'models', 'rotation-figures.json') } },
});
const report = JSON.parse(readFileSync(flags.from!, 'utf8')) as RotationReportView;
const figures = rotationFigures(report);
writeFileSync(flags.to!, `${JSON.stringify(figures, null, 1)}\n`);
console.error(`rotation-figures: wrote ${flags.to} (shown: the held-out ${figures.shown.label} at index ${figures.shown.index})`);
