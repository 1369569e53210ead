/**
 * Full-frame time of two checkouts of the page, measured side by side in ONE browser: blocks of
 * timed `step(1)` frames alternate between them (the order swapped every round), so the drift of a
 * shared machine falls on both alike. Separate bench runs here drift by more than a 5% effect.
 *   git worktree add /tmp/a 9db9297 && ln -s "$PWD/node_modules" /tmp/a/node_modules   (same for /tmp/b)
 *   npx tsx scripts/experiments/paired-frames.ts --a /tmp/a --b /tmp/b [--rounds 8] [--backend wasm]
 * Each checkout is served by its own dev server (harness/browser/server.ts, or tests/browser/
 * server.ts in checkouts older than the test tiers); the page runs at 640x480 with
 * `?backend=B&fixedStep=1`, as the bench's full frame does. Prints one JSON line.
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { exitWithHelp } from '../lib/help.mjs';

const USAGE = `npx tsx scripts/experiments/paired-frames.ts --a DIR --b DIR [--rounds N] [--backend wasm|webgl|webgpu]
  --a, --b   two checkouts of latentflow (each with node_modules)
  --rounds   alternating rounds of 2 warm-up + 6 timed frames per checkout (default 8)
  --backend  the GPU path (default wasm)
  -h, --help this text`;
exitWithHelp(USAGE);
const { values: flags } = parseArgs({
  options: { a: { type: 'string' }, b: { type: 'string' }, rounds: { type: 'string', default: '8' }, backend: { type: 'string', default: 'wasm' } },
});
if (!flags.a || !flags.b) {
  console.error(USAGE);
  process.exit(2);
}

interface Server {
  url(path: string): string;
  close(): Promise<void>;
}
interface Tab {
  page: { evaluate(expression: string): Promise<unknown>; waitForFunction(fn: () => boolean, arg: undefined, options: { timeout: number }): Promise<unknown>; bringToFront(): Promise<void> };
}
interface Harness {
  startServer(options: { config: object }): Promise<Server>;
  launchChromium(): Promise<{ close(): Promise<void> }>;
  openPage(browser: unknown, url: string, options: { viewport: { width: number; height: number } }): Promise<Tab>;
}

/** The checkout's own browser harness, wherever that checkout kept it. */
async function harnessOf(root: string): Promise<Harness> {
  const folder = existsSync(`${root}/harness/browser/server.ts`) ? `${root}/harness/browser` : `${root}/tests/browser`;
  const server = (await import(`${folder}/server.ts`)) as Pick<Harness, 'startServer'>;
  const chromium = (await import(`${folder}/chromium.ts`)) as Pick<Harness, 'launchChromium' | 'openPage'>;
  return { ...server, ...chromium };
}

// vite prints banners with console.log; stdout is the result.
console.log = (...args: unknown[]) => console.error(...args);
const [ha, hb] = [await harnessOf(flags.a), await harnessOf(flags.b)];
const quiet = { config: { server: { hmr: false, watch: null } } };
const servers = [await ha.startServer(quiet), await hb.startServer(quiet)];
const browser = await hb.launchChromium();
const open = async (server: Server) => {
  const tab = await hb.openPage(browser, server.url(`/?backend=${flags.backend}&fixedStep=1`), { viewport: { width: 640, height: 480 } });
  await tab.page.waitForFunction(() => document.documentElement.dataset.ready === '1', undefined, { timeout: 300_000 });
  await tab.page.evaluate('window.latentflow.settleRollouts()');
  return tab;
};
const tabs = [await open(servers[0]!), await open(servers[1]!)];
const block = `(async () => { const a = window.latentflow; for (let i = 0; i < 2; i++) await a.step(1);
  const out = []; for (let i = 0; i < 6; i++) { const t = performance.now(); await a.step(1); out.push(performance.now() - t); } return out; })()`;
const samples: number[][] = [[], []];
for (let r = 0; r < Number(flags.rounds); r++) {
  for (const i of r % 2 === 0 ? [0, 1] : [1, 0]) {
    await tabs[i]!.page.bringToFront();
    samples[i]!.push(...((await tabs[i]!.page.evaluate(block)) as number[]));
  }
}
const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
const [a, b] = samples.map(median) as [number, number];
process.stdout.write(`${JSON.stringify({ backend: flags.backend, a: { root: flags.a, medianMs: Math.round(a) }, b: { root: flags.b, medianMs: Math.round(b) }, ratio: Math.round((b / a) * 1000) / 1000, frames: samples[0]!.length })}\n`);
await browser.close();
for (const s of servers) await s.close();
process.exit(0);
