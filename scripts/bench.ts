/**
 * npm run bench -- [--json] [--quick] [--paths=webgpu,webgl,wasm] [--sweep-budget=SECONDS] [--million-budget=SECONDS] [--out=FILE]
 * npm run bench -- --summarise=docs/bench/latest.json   (Markdown tables of a saved run)
 * (every flag: USAGE in scripts/bench/args.ts, which `--help` prints)
 *
 * Node training throughput, then in headless Chromium on each GPU path: the field step across
 * particle counts beside the bare MLP forward, one frame at 1M on WebGPU, 256 grounded rollouts,
 * the real page's cold start and full frame. Progress goes to stderr; stdout gets one JSON object
 * (--json) or a short summary. Every figure left unmeasured says why.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { launchChromium, openPage } from '../harness/browser/chromium';
import { startServer } from '../harness/browser/server';
import { parseBenchArgs, USAGE } from './bench/args';
import { machineInfo } from './bench/machine';
import { benchPath } from './bench/path-bench';
import { round } from './bench/stats';
import { summaryLines } from './bench/summary';
import { trainingThroughput } from './bench/training';
import { ALL_PATHS, type BenchResult, type PathName, type PathResult, type Maybe } from './bench/types';
import { exitWithHelp } from './lib/help.mjs';

const log = (message: string) => process.stderr.write(`${message}\n`);
// tfjs and vite print banners with console.log; stdout is reserved for the result.
console.log = (...args: unknown[]) => console.error(...args);

exitWithHelp(USAGE);
const config = parseBenchArgs(process.argv.slice(2));
if (config.summarise !== null) {
  process.stdout.write(`${summaryLines(JSON.parse(readFileSync(config.summarise, 'utf8')) as BenchResult).join('\n')}\n`);
  process.exit(0);
}
const startedAt = new Date();
const t0 = performance.now();

log(`bench: ${config.quick ? 'quick' : 'full'} run on ${config.paths.join(', ')}`);
log('node: training throughput (tfjs wasm)');
const training = await trainingThroughput(config.training).catch((e: unknown) => ({ skipped: `training bench failed: ${(e as Error).message}` }));

// No HMR and no file watching: an edit anywhere in the tree during a run would otherwise reload
// the pages mid-measurement.
const server = await startServer({ config: { server: { hmr: false, watch: null } } });
const browser = await launchChromium();
const paths: Partial<Record<PathName, Maybe<PathResult>>> = {};
let chromium = 'unknown';
try {
  chromium = browser.version();
  await warmDevServer();
  for (const path of config.paths) {
    log(`chromium: ${path} path`);
    try {
      paths[path] = await benchPath(browser, server, path, config);
    } catch (e) {
      const message = (e as Error).message.split('\n')[0] ?? String(e);
      log(`  [${path}] failed: ${message}`);
      paths[path] = { skipped: `the ${path} path failed: ${message}` };
    }
  }
} finally {
  await browser.close();
  await server.close();
}

const result: BenchResult = {
  schema: 'latentflow-bench/1',
  command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(),
  quick: config.quick,
  startedAt: startedAt.toISOString(),
  elapsedS: round((performance.now() - t0) / 1000, 1),
  machine: machineInfo(chromium, 'timings from a machine shared with other jobs; compare ratios within one run'),
  sizes: config.sizes,
  paths,
  notRun: ALL_PATHS.filter((p) => !config.paths.includes(p)),
  node: { training },
};

/**
 * Loads the app once, untimed: vite transforms modules and may re-bundle dependencies (and reload
 * the page) on first request, which is the dev server's cost, not the app's cold start.
 */
async function warmDevServer(): Promise<void> {
  log('chromium: warming the dev server (one untimed app load)');
  const tab = await openPage(browser, server.url('/?backend=wasm&fixedStep=1'));
  try {
    await tab.page.waitForFunction(() => document.documentElement.dataset.ready === '1' || document.documentElement.dataset.error !== undefined, undefined, {
      timeout: config.pageTimeoutMs,
    });
  } catch (e) {
    log(`  warm-up load did not finish: ${(e as Error).message.split('\n')[0]}`);
  } finally {
    await tab.close();
  }
}

const json = JSON.stringify(result);
if (config.out !== null) {
  mkdirSync(dirname(config.out), { recursive: true });
  writeFileSync(config.out, `${JSON.stringify(result, null, 2)}\n`);
  log(`wrote ${config.out}`);
}
process.stdout.write(config.json ? `${json}\n` : `${summaryLines(result).join('\n')}\n`);
