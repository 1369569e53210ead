/**
 * The scripts' one way into the page: a vite server (no hot reload and no file watching, so an
 * edit elsewhere never reloads a page mid-run), headless Chromium, the page at `query`, waited for
 * until it is ready; a page that shows an error instead throws it. Everything is closed after `use`.
 */
import { launchChromium, openPage, type CollectedPage } from '../../harness/browser/chromium';
import { startServer } from '../../harness/browser/server';

export interface PageRequest {
  query: URLSearchParams | string;
  viewport: { width: number; height: number };
  timeoutS: number;
}

export async function withStartedPage<T>(request: PageRequest, use: (tab: CollectedPage) => Promise<T>): Promise<T> {
  const server = await startServer({ config: { server: { hmr: false, watch: null } } });
  const browser = await launchChromium();
  try {
    const tab = await openPage(browser, server.url(`/?${request.query}`), { viewport: request.viewport });
    await tab.page.waitForFunction(() => document.documentElement.dataset.ready === '1' || document.documentElement.dataset.error !== undefined, undefined, { timeout: request.timeoutS * 1000 });
    const error = await tab.page.evaluate(() => document.documentElement.dataset.error);
    if (error !== undefined) throw new Error(`the page could not start: ${error}`);
    return await use(tab);
  } finally {
    await browser.close();
    await server.close();
  }
}
