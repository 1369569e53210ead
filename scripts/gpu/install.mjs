// Installs WebGPU for Node (the `webgpu` package, Dawn) into tools/gpu on first use, from that
// folder's lockfile: the project's own `npm install` never fetches its 132 MB.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exitWithHelp } from '../lib/help.mjs';

exitWithHelp(`npm run gpu:install
Installs WebGPU for Node (the webgpu package, Dawn, 132 MB) into tools/gpu from that folder's
lockfile (npm ci), unless it is there already. No flags.
  -h, --help  this text; installs nothing`);

const tools = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'tools', 'gpu');
if (!existsSync(join(tools, 'node_modules', 'webgpu', 'index.js'))) {
  console.error('gpu:install: installing the webgpu package (Dawn for Node) into tools/gpu');
  execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: tools, stdio: ['ignore', 'inherit', 'inherit'] });
}
