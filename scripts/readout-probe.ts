/**
 * npm run probe:readouts [-- --runs 10] [--query "backend=webgpu&particles=1500"] [--out FILE]
 * The probe that found issue 26's fault, as a person would run it: on a live page, u set to +1 and
 * the particle positions read twice 1.5 s apart, then the same at u = -1, `runs` times. Prints one
 * JSON line: the runs, the path and every page error or console error seen. Exit 1 if any.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { exitWithHelp } from './lib/help.mjs';
import { withStartedPage } from './lib/started-page';

exitWithHelp(`npm run probe:readouts [-- --runs 10] [--query "backend=webgpu&particles=1500"] [--out FILE]
  --runs      how many times to read at u = +1 and u = -1, 1 to 1000 (default 10)
  --query     the page's query string (default "backend=webgpu&particles=1500")
  --out       also write the report, indented, to FILE
  -h, --help  this text; opens no browser`);

const { values: flags } = parseArgs({
  options: {
    runs: { type: 'string', default: '10' },
    query: { type: 'string', default: 'backend=webgpu&particles=1500' },
    out: { type: 'string' },
  },
});
const runs = Number(flags.runs);
if (!Number.isInteger(runs) || runs < 1 || runs > 1000) {
  console.error(`probe:readouts: --runs takes a whole number from 1 to 1000; got ${flags.runs}`);
  process.exit(2);
}

const started = performance.now();
const result = await withStartedPage({ query: flags.query!, viewport: { width: 480, height: 360 }, timeoutS: 240 }, async (tab) => {
  const call = (expression: string) => tab.page.evaluate(`window.latentflow.${expression}`);
  const reads: number[] = [];
  for (let run = 0; run < runs; run++) {
    for (const u of [1, -1]) {
      await call(`setU(${u})`);
      reads.push(((await call('particlePositions()')) as number[]).length / 4);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      reads.push(((await call('particlePositions()')) as number[]).length / 4);
    }
    console.error(`probe:readouts: run ${run + 1}/${runs}, ${tab.errors.length} errors so far`);
  }
  const backend = await tab.page.evaluate(() => document.documentElement.dataset.backend ?? '');
  return { backend, reads: reads.length, particlesRead: [Math.min(...reads), Math.max(...reads)], errors: [...tab.errors], consoleErrors: tab.console.filter((l) => l.startsWith('error')) };
});
const report = {
  schema: 'latentflow-readout-probe/1',
  date: new Date().toISOString(),
  query: flags.query,
  runs,
  ...result,
  seconds: Math.round((performance.now() - started) / 100) / 10,
};
if (flags.out) {
  mkdirSync(dirname(flags.out), { recursive: true });
  writeFileSync(flags.out, `${JSON.stringify(report, null, 2)}\n`);
}
console.log(JSON.stringify(report));
process.exit(report.errors.length + report.consoleErrors.length === 0 ? 0 : 1);
