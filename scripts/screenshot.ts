/**
 * npm run screenshot [-- --backend webgpu|webgl|wasm] [--particles N] [--frames N] [--out FILE] [--timeout S]
 *                    [--preset NAME] [--talk NAME] [--manifold ID]
 *                    [--explore] (draws a 7 on the pad, rolls out from it, counts the basins at
 *                    u = 0 and interpolates from the 7 to a 1: the README's "Explore by hand")
 * Renders the scene in headless Chromium (tests/browser/chromium.ts) and writes docs/screenshot.png.
 * Frames are driven deterministically (?fixedStep=1) so trails and rollouts are in place.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { launchChromium, openPage } from '../tests/browser/chromium';
import { REPO_ROOT, startServer } from '../tests/browser/server';

const { values: flags } = parseArgs({
  options: {
    backend: { type: 'string' },
    preset: { type: 'string' },
    talk: { type: 'string' },
    explore: { type: 'boolean', default: false },
    manifold: { type: 'string' },
    particles: { type: 'string', default: '4096' },
    frames: { type: 'string', default: '24' },
    out: { type: 'string', default: join(REPO_ROOT, 'docs', 'screenshot.png') },
    width: { type: 'string', default: '1280' },
    height: { type: 'string', default: '800' },
    /** Seconds to wait for the first frame (software WebGPU at 100,000 particles needs minutes). */
    timeout: { type: 'string', default: '300' },
  },
});

/** The draw pad with a mouse-drawn 7 and rollouts from it, the basins census at u = 0, the threshold curve. */
async function explore(page: Page, api: (expression: string) => Promise<unknown>): Promise<void> {
  await api('setState({ rollouts: 0 })');
  await page.keyboard.press('d');
  const box = (await page.locator('.pad-canvas').boundingBox())!;
  const at = (x: number, y: number) => [box.x + x * box.width, box.y + y * box.height] as const;
  await page.mouse.move(...at(0.25, 0.2));
  await page.mouse.down();
  for (const [x, y] of [[0.75, 0.2], [0.45, 0.85]] as const) await page.mouse.move(...at(x, y), { steps: 8 });
  await page.mouse.up();
  await page.waitForFunction(() => (window as unknown as { latentflow: { explorer: { status(): { label: number | null } | null } } }).latentflow.explorer.status()?.label === 7, undefined, { timeout: 120_000 });
  await api('setU(0, { ramp: false })');
  await api('explorer.toggleCensus()');
  await api('explorer.runCensus()');
  await api('explorer.interpolate(-1, (() => { const l = window.latentflow.flow().map.labels; return l.indexOf(1); })())');
  await api('setU(1, { ramp: false })');
  await api('explorer.rollFromProbe()');
}

const query = new URLSearchParams({ fixedStep: '1', particles: flags.particles!, trail: '12' });
if (flags.backend) query.set('backend', flags.backend);
if (flags.preset) query.set('preset', flags.preset);
if (flags.talk) query.set('talk', flags.talk);
if (flags.manifold) query.set('manifold', flags.manifold);
// No hot reload: an edit elsewhere in the tree would reload the page mid-render.
const server = await startServer({ config: { server: { hmr: false, watch: null } } });
const browser = await launchChromium();
try {
  const tab = await openPage(browser, server.url(`/?${query}`), { viewport: { width: Number(flags.width), height: Number(flags.height) } });
  await tab.page.waitForFunction(() => document.documentElement.dataset.ready === '1' || document.documentElement.dataset.error !== undefined, undefined, {
    timeout: Number(flags.timeout) * 1000,
  });
  const error = await tab.page.evaluate(() => document.documentElement.dataset.error);
  if (error !== undefined) throw new Error(`the page could not start: ${error}`);
  const api = (expression: string) => tab.page.evaluate(`window.latentflow.${expression}`);
  if (flags.explore) await explore(tab.page, api);
  const rollouts = (flags.explore ? await api('rollouts()') : await api('settleRollouts()')) as Array<{ mode: string; labels: number[] }>;
  await api(`step(${Number(flags.frames)})`);
  const stats = (await api('stats()')) as { backend: string; particles: number; frameMs: number };
  mkdirSync(dirname(flags.out!), { recursive: true });
  writeFileSync(flags.out!, await tab.page.screenshot());
  console.log(JSON.stringify({ out: flags.out, backend: stats.backend, particles: stats.particles, frameMs: Math.round(stats.frameMs), rollouts: rollouts.map((r) => `${r.mode} ${r.labels.join('')}`) }));
} finally {
  await browser.close();
  await server.close();
}
