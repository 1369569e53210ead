/**
 * One vite server and one headless Chromium for a test file, started before its tests and closed
 * after them (no hot reload: an edit elsewhere must not reload a page mid-test).
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium } from './chromium';
import { startServer, type TestServer } from './server';

export interface PageSession {
  server(): TestServer;
  browser(): Browser;
}

export function usePageSession(): PageSession {
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    server = await startServer({ config: { server: { hmr: false } } });
    browser = await launchChromium();
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  return { server: () => server!, browser: () => browser! };
}
