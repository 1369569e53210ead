/**
 * `npm run screenshot -- --scene rotation`: the rotation scene in headless Chromium, written as the
 * whole page and as the strip alone (the three manifolds' answers to the same digit and angles,
 * the figure the README shows).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { withStartedPage } from './started-page';

export interface RotationShot {
  out: string;
  /** Query parameters of the rotation view (manifold, digit, degrees, steps, grounded) and backend. */
  query: URLSearchParams;
  width: number;
  height: number;
  timeoutS: number;
}

export async function rotationShot(shot: RotationShot): Promise<Record<string, unknown>> {
  const query = new URLSearchParams(shot.query);
  query.set('scene', 'rotation');
  return withStartedPage({ query, viewport: { width: shot.width, height: shot.height }, timeoutS: shot.timeoutS }, async (tab) => {
    // Let the orbit settle a moment so the path and its digit tiles are drawn.
    await tab.page.waitForTimeout(500);
    mkdirSync(dirname(shot.out), { recursive: true });
    writeFileSync(shot.out, await tab.page.screenshot());
    const strips = shot.out.replace(/\.png$/, '-strips.png');
    writeFileSync(strips, await tab.page.locator('.rotation-strip').screenshot());
    const status = (await tab.page.evaluate('window.latentflow.rotation.status()')) as { backend: string; view: unknown; rows: { id: string; achieved: number[]; kept: boolean[] }[] };
    return { out: shot.out, strips, backend: status.backend, view: status.view, rows: status.rows.map((r) => ({ id: r.id, achieved: r.achieved, kept: r.kept.filter(Boolean).length })) };
  });
}
