/**
 * A lost GPU, provoked (issue 14): WEBGL_lose_context on WebGL, device.destroy() on WebGPU,
 * through the page's drill hook. The page says so, restarts on the same path, keeps its view and
 * the autopilot's place, draws again, and does it ten times in a row without leaking tensors,
 * GPU objects or heap, and without asking the server for a model or data file. The recovery times
 * (from the loss and from the new device to the first frame) are printed for docs/reliability.md.
 */
import { describe, expect, it } from 'vitest';
import { openPage } from '../../harness/browser/chromium';
import { usePageSession } from '../../harness/browser/page-session';
import { appErrors } from '../../harness/browser/scene-harness';

const session = usePageSession();
const REPEATS = 10;

interface Recovery {
  from: string;
  to: string;
  ms: number;
  afterDevice: number;
}

describe('provoked device loss', () => {
  it.each(['webgl', 'webgpu'])('%s: recovers on the same path, keeps the view and the autopilot, ten times without a leak', async (backend) => {
    const tab = await openPage(session.browser(), session.server().url(`/?autopilot=gallery&dwell=2&fixedStep=1&frameRate=30&backend=${backend}&particles=512&bloom=0`), { viewport: { width: 480, height: 360 } });
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
      // 2.3 clock seconds: the second preset (each has 2 s), with room for the 30 frames below before the third.
      await api('step(70)');
      const story = await api<{ index: number }>('story()');
      expect(story.index).toBeGreaterThan(0);
      const view = await api<Record<string, unknown>>('state()');
      const after: { tensors: number; heap: number; textures: number; geometries: number }[] = [];
      // A restart comes from the page's StartCache: it asks for no model or data file, so a
      // gallery whose network has gone still recovers. Every such request now fails.
      const refused: string[] = [];
      await tab.page.route(/\/(models|data)\//, (route) => {
        refused.push(route.request().url());
        return route.abort();
      });
      for (let k = 1; k <= REPEATS; k++) {
        await api('drill.loseDevice()');
        // A function, not a string: the page's content security policy forbids evaluating strings.
        await tab.page.waitForFunction(
          (n) => (window as unknown as { latentflow: { drill: { recoveries(): unknown[] } } }).latentflow.drill.recoveries().length === n || document.documentElement.dataset.error !== undefined,
          k,
          { timeout: 120_000 },
        );
        expect(refused, 'a restart asked the server for these').toEqual([]);
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
      // The autopilot goes on from where it was: 70 + 10 restarts' first frames + 20 + 25 frames is
      // past 4 clock seconds, the next preset.
      await api('step(25)');
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
