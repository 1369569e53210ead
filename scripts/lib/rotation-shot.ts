/**
 * `npm run screenshot -- --scene rotation`: the rotation scene in headless Chromium, written as the
 * whole page and as the strip alone (the three manifolds' answers to the same digit and angles,
 * the figure the README shows).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { launchChromium, openPage } from '../../tests/browser/chromium';
import { startServer } from '../../tests/browser/server';

export interface RotationShot {
  out: string;
  /** Query parameters of the rotation view (manifold, digit, degrees, steps, grounded) and backend. */
  query: URLSearchParams;
  width: number;
  height: number;
  timeoutS: number;
}

export async function rotationShot(shot: RotationShot): Promise<Record<string, unknown>> {
  const server = await startServer({ config: { server: { hmr: false, watch: null } } });
  const browser = await launchChromium();
  try {
    const query = new URLSearchParams(shot.query);
    query.set('scene', 'rotation');
    const tab = await openPage(browser, server.url(`/?${query}`), { viewport: { width: shot.width, height: shot.height } });
    await tab.page.waitForFunction(() => document.documentElement.dataset.ready === '1' || document.documentElement.dataset.error !== undefined, undefined, { timeout: shot.timeoutS * 1000 });
    const error = await tab.page.evaluate(() => document.documentElement.dataset.error);
    if (error !== undefined) throw new Error(`the rotation scene could not start: ${error}`);
    // Let the orbit settle a moment so the path and its digit tiles are drawn.
    await tab.page.waitForTimeout(500);
    mkdirSync(dirname(shot.out), { recursive: true });
    writeFileSync(shot.out, await tab.page.screenshot());
    const strips = shot.out.replace(/\.png$/, '-strips.png');
    writeFileSync(strips, await tab.page.locator('.rotation-strip').screenshot());
    const status = (await tab.page.evaluate('window.latentflow.rotation.status()')) as { backend: string; view: unknown; rows: { id: string; achieved: number[]; kept: boolean[] }[] };
    return { out: shot.out, strips, backend: status.backend, view: status.view, rows: status.rows.map((r) => ({ id: r.id, achieved: r.achieved, kept: r.kept.filter(Boolean).length })) };
  } finally {
    await browser.close();
    await server.close();
  }
}
