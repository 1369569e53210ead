/**
 * The scene app beyond the per-path suites: bad input gets a clear on-screen message and loses
 * nothing (missing or corrupt model files, a garbled URL, no WebGPU, a lost GPU context, NaN in
 * the latent states); the live clock with its adaptive budget; hovering; ungrounded rollouts.
 * Mostly on the wasm path (the fastest here); the loss test needs a GPU context to lose.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openPage } from '../../harness/browser/chromium';
import { decodePng, pixelStats } from '../../harness/browser/pixels';
import { appErrors, openScene } from '../../harness/browser/scene-harness';
import { startServer, type TestServer } from '../../harness/browser/server';

let server: TestServer | undefined;
let browser: Browser | undefined;

beforeAll(async () => {
  server = await startServer({
    config: {
      // No HMR: an edit elsewhere in the tree must not reload a page mid-test.
      server: { hmr: false },
      plugins: [
        {
          name: 'corrupt-bundle',
          configureServer(vite) {
            vite.middlewares.use('/corrupt/models/index.json', (_req, res) => res.end('{"version": 1, "default": "x", "manifolds": [{"id": "x"}]}'));
            vite.middlewares.use('/corrupt/models/x/manifest.json', (_req, res) => res.end('{"version": 2, "models": '));
          },
        },
      ],
    },
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function fatalText(query: string): Promise<{ text: string; error: string | undefined }> {
  const tab = await openPage(browser!, server!.url(`/?${query}`));
  try {
    // The first page of a run waits for vite to transform the app: give it time on a busy machine.
    await tab.page.waitForFunction(() => document.documentElement.dataset.error !== undefined, undefined, { timeout: 120_000 });
    return {
      text: (await tab.page.locator('.fatal').textContent()) ?? '',
      error: await tab.page.evaluate(() => document.documentElement.dataset.error),
    };
  } finally {
    await tab.close();
  }
}

describe('scene app', () => {
  it('says which model file is missing instead of showing a blank page', { timeout: 150_000 }, async () => {
    const { text, error } = await fatalText('backend=wasm&assets=/no-such-bundle');
    expect(text).toContain('could not start');
    expect(text).toMatch(/model file is missing or damaged.*no-such-bundle\/models\/index\.json/);
    expect(error).toBeDefined();
  });

  it('says which model file is corrupt', async () => {
    const { text } = await fatalText('backend=wasm&assets=/corrupt');
    expect(text).toMatch(/corrupt\/models\/x\/manifest\.json.*not valid JSON/);
  });

  it('shows a notice for a garbled URL parameter and runs with the default', async () => {
    const scene = await openScene(browser!, server!, 'backend=wasm&particles=banana&fixedStep=1&bloom=0');
    try {
      const notices = await scene.call<string[]>('notices()');
      expect(notices.some((n) => /particles="banana".*using/.test(n))).toBe(true);
      expect(await scene.tab.page.locator('.notices').textContent()).toContain('banana');
      const stats = await scene.stats();
      expect(stats.backend).toBe('wasm');
      expect(stats.particles).toBe(2048);
      expect(appErrors(scene.tab.errors)).toEqual([]);
    } finally {
      await scene.close();
    }
  });

  it('respawns particles whose latent became NaN and counts them', async () => {
    const scene = await openScene(browser!, server!, 'backend=wasm&particles=512&fixedStep=1&bloom=0');
    try {
      await scene.call('poison(10)');
      await scene.call('step(4)');
      const stats = await scene.call<{ nonFinite: number; respawned: number }>('readCounters()');
      expect(stats.nonFinite).toBe(10);
      expect(stats.respawned).toBeGreaterThanOrEqual(10);
      const positions = await scene.call<number[]>('particlePositions()');
      expect(positions.every(Number.isFinite)).toBe(true);
    } finally {
      await scene.close();
    }
  });

  it('falls back from a missing WebGPU to WebGL2, then, when a lost WebGL2 context cannot be had again, to the CPU, saying so', async () => {
    const tab = await openPage(browser!);
    try {
      // A browser without WebGPU: navigator.gpu is undefined.
      await tab.page.addInitScript(() => Object.defineProperty(Navigator.prototype, 'gpu', { get: () => undefined }));
      await tab.page.goto(server!.url('/?backend=webgpu&particles=256&fixedStep=1&bloom=0'));
      await tab.page.waitForFunction(() => document.documentElement.dataset.ready === '1', undefined, { timeout: 120_000 });
      const api = <T>(e: string) => tab.page.evaluate(`window.latentflow.${e}`) as Promise<T>;
      expect((await api<{ backend: string }>('stats()')).backend).toBe('webgl');
      expect((await api<string[]>('notices()')).join('\n')).toMatch(/webgpu path unavailable.*trying webgl/);
      await tab.page.evaluate(() => {
        const canvas = document.querySelector('canvas.scene') as HTMLCanvasElement;
        const gl = canvas.getContext('webgl2')!;
        // The next WebGL2 context is refused, as after a GPU that does not come back: the restart on
        // WebGL fails and the CPU path (which draws with a context of its own) takes over.
        const getContext = HTMLCanvasElement.prototype.getContext;
        let refused = false;
        HTMLCanvasElement.prototype.getContext = function (this: HTMLCanvasElement, kind: string, ...rest: unknown[]) {
          if (kind === 'webgl2' && this !== canvas && !refused) {
            refused = true;
            return null;
          }
          return (getContext as (...a: unknown[]) => unknown).call(this, kind, ...rest);
        } as typeof getContext;
        gl.getExtension('WEBGL_lose_context')!.loseContext();
      });
      await tab.page.waitForFunction(() => document.documentElement.dataset.backend === 'wasm', undefined, { timeout: 120_000 });
      const notices = (await api<string[]>('notices()')).join('\n');
      expect(notices).toMatch(/WebGL2 context lost; restarting on webgl/);
      expect(notices).toMatch(/webgl path unavailable.*trying wasm/);
      expect(notices).toMatch(/No usable GPU path/);
      await api('step(2)');
      expect((await api<{ frame: number }>('stats()')).frame).toBeGreaterThan(1);
    } finally {
      await tab.close();
    }
  }, 240_000);

  it('lowers the particle count in live mode to hold the target frame rate', async () => {
    const tab = await openPage(browser!, server!.url(`/?backend=wasm&particles=8192&adaptive=1&fps=60${process.env.SCENE_QUERY ? `&${process.env.SCENE_QUERY}` : ''}`));
    try {
      await tab.page.waitForFunction(() => document.documentElement.dataset.ready === '1', undefined, { timeout: 60_000 });
      // A software rasteriser cannot draw 8k particles at 60 fps: the budget must step down.
      await tab.page.waitForFunction(() => (window as unknown as { latentflow: { stats(): { particles: number } } }).latentflow.stats().particles < 8192, undefined, {
        timeout: 60_000,
      });
      const stats = await tab.page.evaluate(() => (window as unknown as { latentflow: { stats(): { particles: number; frame: number; fps: number } } }).latentflow.stats());
      expect(stats.particles % 64).toBe(0);
      expect(stats.frame).toBeGreaterThan(8);
      expect(stats.fps).toBeGreaterThan(0);
      expect(await tab.page.textContent('.hud-stats')).toContain('(adaptive)');
    } finally {
      await tab.close();
    }
  }, 150_000);

  it('shows the digit under the mouse and draws ungrounded rollouts beside the grounded ones', async () => {
    const scene = await openScene(browser!, server!, 'backend=wasm&particles=256&fixedStep=1&bloom=0');
    try {
      // A digit the mouse can reach: on screen and not under the HUD or the panel.
      let target = { x: 0, y: 0, label: -1 };
      for (let i = 0; i < 2000 && target.label < 0; i += 7) {
        const p = await scene.call<{ x: number; y: number; label: number }>(`digitOnScreen(${i})`);
        const onCanvas = await scene.tab.page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.matches('canvas.scene') ?? false, p);
        if (onCanvas) target = p;
      }
      expect(target.label).toBeGreaterThanOrEqual(0);
      await scene.tab.page.mouse.move(target.x, target.y);
      const card = scene.tab.page.locator('.hover-card:not(.particle)');
      await card.waitFor({ state: 'visible' });
      expect(await card.textContent()).toMatch(/^digit \d/);
      expect(await card.textContent()).toContain(`digit ${target.label}`);
      const pixels = pixelStats(decodePng(await card.locator('canvas').screenshot()));
      expect(pixels.distinctColours).toBeGreaterThan(5);
      await scene.call('setState({ ungrounded: true })');
      const tracks = await scene.call<{ mode: string }[]>('settleRollouts()');
      expect(tracks.filter((t) => t.mode === 'grounded')).toHaveLength(10);
      expect(tracks.filter((t) => t.mode === 'ungrounded')).toHaveLength(10);
      expect(await scene.tab.page.locator('.sequences li.ungrounded').count()).toBe(10);
    } finally {
      await scene.close();
    }
  });
});
