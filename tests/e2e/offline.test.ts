/**
 * A production build works offline after one visit, and a new build replaces it cleanly
 * (src/page/kiosk/, docs/kiosk.md). One build is served by `vite preview`; the page's service
 * worker precaches it and takes the page over. Then the server goes away and the browser goes
 * offline: a reload still starts the scene on the wasm path and its rollouts count. A second
 * build (the same app, its index.html one tag longer, so its content hash differs) is served at
 * the same origin: the worker it brings replaces the old one, the old build's cache is deleted,
 * and the running page says it was updated; a reload is then served by the new build.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { build, preview, type PreviewServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openPage } from '../../harness/browser/chromium';
import { watchCsp } from '../../harness/browser/csp-watch';
import { appErrors, countingShare, type RolloutSummary } from '../../harness/browser/scene-harness';
import { REPO_ROOT, freePort } from '../../harness/browser/server';

const builds = { first: mkdtempSync(join(tmpdir(), 'latentflow-offline-a-')), second: mkdtempSync(join(tmpdir(), 'latentflow-offline-b-')) };
let server: PreviewServer | undefined;
let browser: Browser | undefined;
let port = 0;

/** The build name the worker of the build in `outDir` carries (its first line says it). */
function buildName(outDir: string): string {
  const first = readFileSync(join(outDir, 'sw.js'), 'utf8').split('\n')[0]!;
  const name = /build ([0-9a-f]+)/.exec(first)?.[1];
  if (name === undefined) throw new Error(`sw.js of ${outDir} names no build: ${first}`);
  return name;
}

async function serve(outDir: string): Promise<void> {
  server = await preview({ root: REPO_ROOT, logLevel: 'warn', build: { outDir }, preview: { port, host: '127.0.0.1', strictPort: true } });
}

/** Stops the server now: the browser's kept-alive connections are cut, not waited for. */
async function stopServing(): Promise<void> {
  const running = server?.httpServer;
  server = undefined;
  if (running === undefined) return;
  const closed = new Promise<void>((resolve) => running.close(() => resolve()));
  if ('closeAllConnections' in running) running.closeAllConnections();
  await closed;
}

beforeAll(async () => {
  await build({ root: REPO_ROOT, logLevel: 'warn', build: { outDir: builds.first, emptyOutDir: true } });
  // A new build: the same sources, one more tag in index.html, so a new content hash.
  const retag = { name: 'offline-test-second-build', transformIndexHtml: (html: string) => html.replace('</head>', '<meta name="latentflow-test-build" content="2" />\n</head>') };
  await build({ root: REPO_ROOT, logLevel: 'warn', plugins: [retag], build: { outDir: builds.second, emptyOutDir: true } });
  port = await freePort();
  browser = await launchChromium();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await stopServing();
  for (const dir of Object.values(builds)) rmSync(dir, { recursive: true, force: true });
});

type Page = { latentflow: { offline(): { controlled: boolean; build: string | null; updatedTo: string | null } } };

describe('offline', () => {
  it('starts with no network after one visit, and a new build replaces the old one and says so', async () => {
    const [first, second] = [buildName(builds.first), buildName(builds.second)];
    expect(second).not.toBe(first);
    await serve(builds.first);
    const base = `http://127.0.0.1:${port}`;
    const tab = await openPage(browser!, undefined, { viewport: { width: 320, height: 240 } });
    const csp = await watchCsp(tab.page, base);
    const { page, context } = tab;
    const ready = async () => {
      await page.waitForFunction(() => document.documentElement.dataset.ready === '1' || document.documentElement.dataset.error !== undefined, undefined, { timeout: 150_000 });
      expect(await page.evaluate(() => document.documentElement.dataset.error)).toBeUndefined();
    };
    const offline = () => page.evaluate(() => (window as unknown as Page).latentflow.offline());
    try {
      await page.goto(`${base}/?backend=wasm&particles=256&bloom=0`);
      await ready();
      // Once the worker has precached the build it takes the page over and says which build it is.
      await page
        .waitForFunction(() => navigator.serviceWorker.controller !== null && (window as unknown as Page).latentflow.offline().build !== null, undefined, { timeout: 120_000 })
        .catch(async (e: Error) => {
          const seen = await page.evaluate(async () => {
            const r = await navigator.serviceWorker.getRegistration();
            return { offline: (window as unknown as Page).latentflow.offline(), worker: [r?.installing?.state, r?.waiting?.state, r?.active?.state], caches: await caches.keys() };
          });
          throw new Error(`${e.message}\nthe worker: ${JSON.stringify(seen)}\nnotices: ${String(await page.evaluate('window.latentflow.notices()'))}`);
        });
      expect(await offline()).toMatchObject({ controlled: true, build: first, updatedTo: null });

      // No server and no network: everything comes from the worker's cache.
      await stopServing();
      await context.setOffline(true);
      await page.reload();
      await ready();
      expect(await page.evaluate('window.latentflow.stats().backend')).toBe('wasm');
      expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
      await page.evaluate('window.latentflow.setU(1, { ramp: false })');
      const rollouts = (await page.evaluate('window.latentflow.settleRollouts()')) as RolloutSummary[];
      expect(rollouts.filter((r) => r.mode === 'grounded').length).toBeGreaterThan(0);
      expect(countingShare(rollouts, 1)).toBeGreaterThan(0.85);
      const frame = (await page.evaluate('window.latentflow.clock().frame')) as number;
      await page.waitForFunction((n) => (window as unknown as { latentflow: { clock(): { frame: number } } }).latentflow.clock().frame > n + 5, frame, { timeout: 60_000 });

      // The new build at the same origin: the browser finds its worker (a page load would look
      // too; the running page asks, as a kiosk does every half hour).
      await context.setOffline(false);
      await serve(builds.second);
      await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r?.update()));
      await page.waitForFunction(() => (window as unknown as Page).latentflow.offline().updatedTo !== null, undefined, { timeout: 120_000 });
      expect((await offline()).updatedTo).toBe(second);
      expect(((await page.evaluate('window.latentflow.notices()')) as string[]).join('\n')).toContain(`updated to build ${second}; reload to use it`);
      expect(await page.evaluate(() => caches.keys())).toEqual([`latentflow-${second}`]);

      await page.reload();
      await ready();
      await page.waitForFunction(() => (window as unknown as Page).latentflow.offline().build !== null, undefined, { timeout: 60_000 });
      expect(await offline()).toMatchObject({ controlled: true, build: second, updatedTo: null });
      expect(await page.locator('meta[name="latentflow-test-build"]').count()).toBe(1);

      expect(await csp.violations()).toEqual([]);
      expect(csp.foreign()).toEqual([]);
      expect(appErrors(tab.errors)).toEqual([]);
    } finally {
      await tab.close();
    }
  }, 600_000);
});
