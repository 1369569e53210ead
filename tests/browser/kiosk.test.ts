/**
 * ?kiosk=1 (src/page/kiosk/, docs/kiosk.md) on the wasm path in live mode, as a gallery runs it:
 * no cursor, fullscreen asked for on the first input, the camera drift on the engine, and the
 * watchdog. Frames stopped dead from the test hook (as a hung GPU would stop them) are noticed
 * within ?watchdog= seconds and the engine restarts, not the page: a marker set on the window
 * before the stall is still there, the view (u and the preset) is as it was, frames advance
 * again, the new engine wears the drift too, and the status line behind i counts one restart.
 */
import { describe, expect, it } from 'vitest';
import { openPage } from '../../harness/browser/chromium';
import { usePageSession } from '../../harness/browser/page-session';
import { appErrors } from '../../harness/browser/scene-harness';

const session = usePageSession();
const WATCHDOG_S = 2;

interface KioskStatus {
  restarts: number;
  watchdog: number;
  tensors: number | null;
  fps: number;
}

type Surface = {
  latentflow: {
    kiosk: { status(): KioskStatus };
    clock(): { frame: number };
  };
  kioskMarker?: string;
  fullscreenAsked?: number;
};

describe('gallery kiosk', () => {
  it('a stall is restarted by the watchdog without a reload, keeping the view', async () => {
    const tab = await openPage(session.browser(), undefined, { viewport: { width: 320, height: 240 } });
    try {
      const { page } = tab;
      // Headless Chromium may refuse fullscreen outright: count the asking, which is the page's part.
      await page.addInitScript(() => {
        const w = window as unknown as Surface;
        w.fullscreenAsked = 0;
        Element.prototype.requestFullscreen = function () {
          w.fullscreenAsked! += 1;
          return Promise.resolve();
        };
      });
      await page.goto(session.server().url(`/?kiosk=1&watchdog=${WATCHDOG_S}&preset=attractors&backend=wasm&particles=256&bloom=0`));
      await page.waitForFunction(() => document.documentElement.dataset.ready === '1' || document.documentElement.dataset.error !== undefined, undefined, { timeout: 150_000 });
      expect(await page.evaluate(() => document.documentElement.dataset.error)).toBeUndefined();
      const api = <T>(e: string) => page.evaluate(`window.latentflow.${e}`) as Promise<T>;
      const layers = () => page.evaluate(() => (window as unknown as { latentflow: { engine(): { layers: { list(): { name?: string }[] } } } }).latentflow.engine().layers.list().map((l) => l.name ?? ''));

      expect(await page.evaluate(() => document.documentElement.classList.contains('kiosk'))).toBe(true);
      expect(await page.evaluate(() => getComputedStyle(document.querySelector('canvas.scene')!).cursor)).toBe('none');
      expect((await layers()).filter((name) => name === 'kiosk-drift')).toHaveLength(1);
      expect((await layers())[0]).toBe('kiosk-drift');
      expect(await page.evaluate(() => (window as unknown as Surface).fullscreenAsked)).toBe(0);
      // A key that does nothing else (a click on the canvas would pick a digit).
      await page.keyboard.press('Shift');
      await page.keyboard.press('Shift');
      // Once, on the first input only.
      expect(await page.evaluate(() => (window as unknown as Surface).fullscreenAsked)).toBe(1);

      await api('setU(0.5, { ramp: false })');
      await api('step(2)');
      const view = await api<Record<string, unknown>>('state()');
      const caption = await page.locator('.caption h2').textContent();
      expect(caption).not.toBe('');
      await page.evaluate(() => ((window as unknown as Surface).kioskMarker = 'set before the stall'));
      expect((await api<KioskStatus>('kiosk.status()')).restarts).toBe(0);

      await api('kiosk.stallFrames()');
      await page.waitForFunction(() => (window as unknown as Surface).latentflow.kiosk.status().watchdog === 1, undefined, { timeout: 60_000 });
      // The restarted engine draws: frames advance again on their own.
      await page.waitForFunction(() => document.documentElement.dataset.error !== undefined || (window as unknown as Surface).latentflow.kiosk.status().restarts === 1, undefined, { timeout: 120_000 });
      expect(await page.evaluate(() => document.documentElement.dataset.error)).toBeUndefined();
      const from = (await api<{ frame: number }>('clock()')).frame;
      await page.waitForFunction((n) => (window as unknown as Surface).latentflow.clock().frame >= n + 10, from, { timeout: 60_000 });

      expect(await page.evaluate(() => (window as unknown as Surface).kioskMarker)).toBe('set before the stall');
      expect(await api<Record<string, unknown>>('state()')).toEqual(view);
      expect(await page.locator('.caption h2').textContent()).toBe(caption);
      expect((await layers()).filter((name) => name === 'kiosk-drift')).toHaveLength(1);
      const notices = (await api<string[]>('notices()')).join('\n');
      // The watchdog looks once a second, so on a loaded machine it may see a longer stall than its limit.
      const said = /no frame for (\d+) s: the watchdog restarts the engine; restarting on wasm/.exec(notices);
      expect(said).not.toBeNull();
      expect(Number(said![1])).toBeGreaterThanOrEqual(WATCHDOG_S);

      const status = await api<KioskStatus>('kiosk.status()');
      expect(status).toMatchObject({ restarts: 1, watchdog: 1 });
      expect(status.tensors).toBeGreaterThan(0);
      const line = page.locator('.kiosk-status');
      expect(await line.isVisible()).toBe(false);
      await page.keyboard.press('i');
      expect(await line.isVisible()).toBe(true);
      expect(await line.textContent()).toMatch(/^up \d+ min \d+ s · restarts 1 \(watchdog 1\) · heap (\d+ MB|n\/a) · tensors \d+ · \d+ fps · build none$/);
      await page.keyboard.press('i');
      expect(await line.isVisible()).toBe(false);
      expect(appErrors(tab.errors)).toEqual([]);
    } finally {
      await tab.close();
    }
  }, 400_000);
});
