/**
 * npm run stage-figures [-- --from docs/eval/latest.json --to assets/models/stage-figures.json]
 * Copies the figures the stage quotes (src/model/stage-figures.ts) out of an eval report; `npm run
 * eval -- --out docs/eval/latest.json` does the same after every full eval.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { stageFigures, type EvalReportView } from '../src/model/stage-figures';
import { exitWithHelp } from './lib/help.mjs';

exitWithHelp(`npm run stage-figures [-- --from docs/eval/latest.json --to assets/models/stage-figures.json]
  --from      the eval report to read (default docs/eval/latest.json)
  --to        the figures file to write (default assets/models/stage-figures.json)
  -h, --help  this text; writes nothing`);

const root = join(import.meta.dirname, '..');
const { values: flags } = parseArgs({
  options: { from: { type: 'string', default: join(root, 'docs', 'eval', 'latest.json') }, to: { type: 'string', default: join(root, 'assets', 'models', 'stage-figures.json') } },
});
const report = JSON.parse(readFileSync(flags.from!, 'utf8')) as EvalReportView;
writeFileSync(flags.to!, `${JSON.stringify(stageFigures(report), null, 1)}\n`);
console.error(`stage-figures: wrote ${flags.to}`);
