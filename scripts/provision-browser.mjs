#!/usr/bin/env node
// `npm test`'s first step: make sure the browser tests have a browser (and the recording tests
// ffprobe), the way .ci/run does. Finds Chromium or Chrome ($CHROMIUM_PATH or the usual paths);
// if there is none, installs Debian's `chromium` with apt-get when it can (as root, or with
// password-less sudo); otherwise stops with one line saying what to install. Nothing is ever
// downloaded from anywhere but the system's own package archive.
import { spawnSync } from 'node:child_process';
import { findBrowser } from '../harness/browser/browser-path.mjs';
import { exitWithHelp } from './lib/help.mjs';

exitWithHelp(`npm run pretest   (npm test's first step)
Makes sure the browser tests have Chromium or Chrome and the recording tests ffprobe: looks for the
browser at $CHROMIUM_PATH, else the usual paths; installs what is missing (chromium,
fonts-liberation, ffmpeg) with apt-get when it can (as root, or with password-less sudo); otherwise
exits 1 with one line saying what to install. No flags: $CHROMIUM_PATH names the browser.
  -h, --help  this text; finds and installs nothing`);

const has = (command) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

function aptInstall(packages) {
  if (!has('apt-get')) return false;
  const sudo = isRoot ? [] : has('sudo') && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0 ? ['sudo', '-n'] : null;
  if (sudo === null) return false;
  const run = (args) => {
    const [command, ...rest] = [...sudo, ...args];
    const result = spawnSync(command, rest, { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    return result.status === 0;
  };
  console.error(`provision-browser: installing ${packages.join(' ')} with apt-get`);
  return run(['apt-get', 'update']) && run(['apt-get', 'install', '-y', '--no-install-recommends', ...packages]);
}

const missing = [];
// A $CHROMIUM_PATH that points nowhere is a mistake to report, not a reason to install another browser.
if (findBrowser() === null && !process.env.CHROMIUM_PATH?.trim()) missing.push('chromium', 'fonts-liberation');
if (!has('ffprobe')) missing.push('ffmpeg');
if (missing.length > 0 && !aptInstall(missing)) {
  // Fall through to the checks below, which say what is still missing.
}
const browser = findBrowser();
if (browser === null) {
  const where = process.env.CHROMIUM_PATH ? ` ($CHROMIUM_PATH=${process.env.CHROMIUM_PATH} does not exist)` : '';
  console.error(`npm test needs Chromium or Chrome${where}: install it (Debian/Ubuntu: sudo apt-get install chromium) or set CHROMIUM_PATH to its executable.`);
  process.exit(1);
}
if (!has('ffprobe')) {
  console.error('npm test needs ffprobe for the recording tests: install ffmpeg (Debian/Ubuntu: sudo apt-get install ffmpeg).');
  process.exit(1);
}
console.error(`provision-browser: using ${browser}`);
