/**
 * `npm run build` output, served by `vite preview`, starts and draws in headless Chromium on the
 * wasm path. The dev server (`npm start`, every other browser test) never minifies, so a build
 * setting that breaks tfjs-backend-wasm's threads (see vite.config.ts) would only show up here,
 * and so would the content security policy meeting those threads.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { build, preview, type PreviewServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openPage } from '../../harness/browser/chromium';
import { watchCsp } from '../../harness/browser/csp-watch';
import { REPO_ROOT, freePort } from '../../harness/browser/server';

const outDir = mkdtempSync(join(tmpdir(), 'latentflow-build-'));
let server: PreviewServer | undefined;
let browser: Browser | undefined;
let base = '';

beforeAll(async () => {
  await build({ root: REPO_ROOT, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  const port = await freePort();
  server = await preview({ root: REPO_ROOT, logLevel: 'warn', build: { outDir }, preview: { port, host: '127.0.0.1', strictPort: true } });
  base = `http://127.0.0.1:${port}`;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (server ? server.httpServer.close(() => resolve()) : resolve()));
  rmSync(outDir, { recursive: true, force: true });
});

describe('production build', () => {
  it('starts on the wasm path with its threads and draws frames, with no page errors', async () => {
    const tab = await openPage(browser!, undefined, { viewport: { width: 320, height: 240 } });
    const csp = await watchCsp(tab.page, base);
    try {
      await tab.page.goto(`${base}/?backend=wasm&particles=256&fixedStep=1&bloom=0`);
      await tab.page.waitForFunction(() => document.documentElement.dataset.ready === '1' || document.documentElement.dataset.error !== undefined, undefined, {
        timeout: 120_000,
      });
      expect(await tab.page.evaluate(() => document.documentElement.dataset.error)).toBeUndefined();
      const frames = () => tab.page.evaluate('window.latentflow.stats().frame') as Promise<number>;
      const before = await frames();
      await tab.page.evaluate('window.latentflow.step(3)');
      expect(await frames()).toBe(before + 3);
      expect(await tab.page.evaluate('window.latentflow.stats().backend')).toBe('wasm');
      expect(await tab.page.evaluate(() => crossOriginIsolated)).toBe(true);
      // The built page keeps index.html's content security policy, threads and all.
      expect(await tab.page.locator('meta[http-equiv="Content-Security-Policy"]').count()).toBe(1);
      expect(await csp.violations()).toEqual([]);
      expect(csp.foreign()).toEqual([]);
      expect(tab.errors).toEqual([]);
    } finally {
      await tab.close();
    }
  });
});
