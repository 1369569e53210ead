#!/usr/bin/env node
// `npm run build:lib [-- TSC_FLAGS]`: the library, `vite build --config vite.lib.config.ts`
// (dist/latentflow.js), then `tsc -p tsconfig.lib.json` (its declarations, dist/types), the
// flags going to tsc as they did when the two stood in package.json. Asked for --help, it builds
// nothing (there, vite would have built before tsc saw the flag).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { exitWithHelp } from './lib/help.mjs';

exitWithHelp(`npm run build:lib [-- TSC_FLAGS]
Builds the library where package.json's exports point: vite build --config vite.lib.config.ts
(dist/latentflow.js, an ES module with three and tfjs external), then tsc -p tsconfig.lib.json
(its declarations, dist/types). TSC_FLAGS go to tsc (npx tsc --help lists them).
  -h, --help  this text; builds nothing`);

const bin = (name) => join(import.meta.dirname, '..', 'node_modules', '.bin', name);
/** Runs one stage; a failed stage ends the build with its exit status, as `&&` did. */
function stage(command, args) {
  const run = spawnSync(bin(command), args, { stdio: 'inherit' });
  if (run.error) throw run.error;
  if (run.signal) process.kill(process.pid, run.signal);
  if (run.status !== 0) process.exit(run.status ?? 1);
}
stage('vite', ['build', '--config', 'vite.lib.config.ts']);
stage('tsc', ['-p', 'tsconfig.lib.json', ...process.argv.slice(2)]);
