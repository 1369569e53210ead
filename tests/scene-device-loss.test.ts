/**
 * A lost GPU, provoked (issue 14): WEBGL_lose_context on WebGL, device.destroy() on WebGPU,
 * through the page's drill hook. The page says so, restarts on the same path, keeps its view and
 * the autopilot's place, draws again, and does it ten times in a row without leaking tensors,
 * GPU objects or heap. The recovery times (loss to first frame) are printed for the README.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openPage } from './browser/chromium';
import { appErrors } from './browser/scene-harness';
import { startServer, type TestServer } from './browser/server';

let server: TestServer | undefined;
let browser: Browser | undefined;
const REPEATS = 10;

beforeAll(async () => {
  server = await startServer({ config: { server: { hmr: false } } });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

interface Recovery {
  from: string;
  to: string;
  ms: number;
  afterDevice: number;
}

describe('provoked device loss', () => {
  it.each(['webgl', 'webgpu'])('%s: recovers on the same path, keeps the view and the autopilot, ten times without a leak', async (backend) => {
    const tab = await openPage(browser!, server!.url(`/?autopilot=gallery&dwell=2&fixedStep=1&frameRate=30&backend=${backend}&particles=512&bloom=0`), { viewport: { width: 480, height: 360 } });
    try {
      await tab.page.waitForFunction(() => document.documentElement.dataset.ready === '1' || document.documentElement.dataset.error !== undefined, undefined, { timeout: 120_000 });
      const api = <T>(e: string) => tab.page.evaluate(`window.latentflow.${e}`) as Promise<T>;
      const started = await api<{ backend: string }>('stats()');
      // A browser without this path falls back at start: nothing to recover on it here.
      if (started.backend !== backend) {
        console.log(`[device-loss] ${backend} is not available in this browser (started on ${started.backend}); skipped`);
        return;
      }
      const cdp = await tab.page.context().newCDPSession(tab.page);
      const heap = async () => {
        await cdp.send('HeapProfiler.collectGarbage');
        return ((await cdp.send('Runtime.getHeapUsage')) as { usedSize: number }).usedSize;
      };
      await api('step(130)');
      const story = await api<{ index: number }>('story()');
      expect(story.index).toBeGreaterThan(0);
      const view = await api<Record<string, unknown>>('state()');
      const after: { tensors: number; heap: number; textures: number; geometries: number }[] = [];
      for (let k = 1; k <= REPEATS; k++) {
        await api('drill.loseDevice()');
        // A function, not a string: the page's content security policy forbids evaluating strings.
        await tab.page.waitForFunction((n) => (window as unknown as { latentflow: { drill: { recoveries(): unknown[] } } }).latentflow.drill.recoveries().length === n, k, { timeout: 120_000 });
        const last = (await api<Recovery[]>('drill.recoveries()')).at(-1)!;
        expect(last, (await api<string[]>('notices()')).join('\n')).toMatchObject({ from: backend, to: backend });
        const stats = await api<{ backend: string; tensors: number; gpuObjects: { textures: number; geometries: number } }>('stats()');
        expect(stats.backend).toBe(backend);
        expect((await api<{ index: number }>('story()')).index).toBe(story.index);
        expect(await api<Record<string, unknown>>('state()')).toEqual(view);
        await api('step(2)');
        after.push({ tensors: stats.tensors, heap: await heap(), textures: stats.gpuObjects.textures, geometries: stats.gpuObjects.geometries });
      }
      const notices = (await api<string[]>('notices()')).join('\n');
      expect(notices).toMatch(backend === 'webgl' ? /WebGL2 context lost; restarting on webgl/ : /WebGPU device lost.*; restarting on webgpu/);
      // The autopilot goes on from where it was: two more clock seconds, the next preset.
      await api('step(60)');
      expect((await api<{ index: number }>('story()')).index).toBe((story.index + 1) % (await api<{ count: number }>('story()')).count);
      // No leak: the last recovery holds what the second held (the first may still warm caches).
      expect(after.at(-1)!.tensors).toBe(after[1]!.tensors);
      expect(after.at(-1)!.textures).toBe(after[1]!.textures);
      expect(after.at(-1)!.geometries).toBe(after[1]!.geometries);
      expect(after.at(-1)!.heap - after[1]!.heap).toBeLessThan(8 * 2 ** 20);
      const recoveries = await api<Recovery[]>('drill.recoveries()');
      const spread = (ms: number[]) => {
        const sorted = ms.sort((a, b) => a - b);
        return `median ${sorted[Math.floor(sorted.length / 2)]} ms, max ${sorted.at(-1)} ms`;
      };
      console.log(`[device-loss] ${backend}: ${REPEATS} recoveries, loss to first frame ${spread(recoveries.map((r) => r.ms))}; device available to first frame ${spread(recoveries.map((r) => r.afterDevice))}; heap ${(after[1]!.heap / 2 ** 20).toFixed(1)} -> ${(after.at(-1)!.heap / 2 ** 20).toFixed(1)} MB; tensors ${after[1]!.tensors} -> ${after.at(-1)!.tensors}`);
      expect(appErrors(tab.errors).filter((e) => !/context lost|device lost|Device was destroyed|destroyed/i.test(e))).toEqual([]);
    } finally {
      await tab.close();
    }
  }, 600_000);
});
