#!/usr/bin/env node
// `npm run bench:gpu`: installs WebGPU for Node on first use (./install.mjs), then runs
// scripts/bench-gpu.ts with the same arguments. Asked for --help, it installs nothing and lets
// bench-gpu.ts print its flags. (It stood in package.json as `install.mjs && tsx bench-gpu.ts`, where
// the installer never saw the arguments.)
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { wantsHelp } from '../lib/help.mjs';

const args = process.argv.slice(2);
if (!wantsHelp(args)) await import('./install.mjs');
const tsx = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));
const bench = spawnSync(tsx, [fileURLToPath(new URL('../bench-gpu.ts', import.meta.url)), ...args], { stdio: 'inherit' });
if (bench.error) throw bench.error;
if (bench.signal) process.kill(process.pid, bench.signal);
process.exitCode = bench.status ?? 1;
