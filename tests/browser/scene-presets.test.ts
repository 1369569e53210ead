/**
 * Presets, the fixed-step clock, story mode and the autopilot, end to end in headless Chromium on
 * the wasm path with a few hundred particles (small pages: the machine has two cores).
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../harness/browser/chromium';
import { appErrors, openScene } from '../../harness/browser/scene-harness';
import { startServer, type TestServer } from '../../harness/browser/server';
import { HOME_CAMERA } from '../../src/spec/spec';

let server: TestServer | undefined;
let browser: Browser | undefined;

const SMALL = 'backend=wasm&particles=256&bloom=0';
const SMALL_WEBGL = 'backend=webgl&particles=256&bloom=0';
const VIEWPORT = { width: 320, height: 240 };

interface StoryStatus {
  index: number;
  count: number;
  preset: string | null;
  caption: string;
  captionVisible: boolean;
}

beforeAll(async () => {
  server = await startServer({
    config: {
      server: { hmr: false },
      plugins: [
        {
          name: 'test-talks',
          configureServer(vite) {
            // A gallery whose second preset does not exist: the autopilot must skip it.
            vite.middlewares.use('/talks/test-broken-gallery.json', (_req, res) =>
              res.end(JSON.stringify({ title: 'broken', steps: ['attractors', 'no-such-preset', 'counting-backward'] })),
            );
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

/** Frame hashes of `frames` fixed-step frames of a preset, on a fresh page. */
async function render(preset: string, frames: number, path = SMALL): Promise<string[]> {
  const scene = await openScene(browser!, server!, `preset=${preset}&fixedStep=1&frameRate=30&${path}`, VIEWPORT);
  try {
    const hashes = [await scene.call<string>('frameHash()')];
    for (let i = 0; i < frames; i++) {
      await scene.call('step(1)');
      hashes.push(await scene.call<string>('frameHash()'));
    }
    expect(appErrors(scene.tab.errors)).toEqual([]);
    return hashes;
  } finally {
    await scene.close();
  }
}

describe('presets and the fixed-step clock', () => {
  it('renders the same preset twice with identical frames', async () => {
    // Long enough for the rollouts (10 steps, one per frame) to finish and be drawn.
    const first = await render('counting-loop', 14);
    const second = await render('counting-loop', 14);
    expect(first).toHaveLength(15);
    expect(new Set(first).size).toBeGreaterThan(10);
    expect(second).toEqual(first);
  }, 300_000);

  it('gives identical frames on the webgl path too (tfjs and three share one context there)', async () => {
    const first = await render('forward-rest-backward', 4, `${SMALL_WEBGL}&rollouts=0`);
    const second = await render('forward-rest-backward', 4, `${SMALL_WEBGL}&rollouts=0`);
    expect(new Set(first).size).toBe(5);
    expect(second).toEqual(first);
  }, 240_000);

  it('plays the preset schedule on clock time at the chosen frame rate', async () => {
    const scene = await openScene(browser!, server!, `preset=forward-rest-backward&fixedStep=1&frameRate=30&${SMALL}&rollouts=0`, VIEWPORT);
    try {
      expect(await scene.call<number | null>('presetDuration()')).toBe(24);
      const start = await scene.call<{ time: number; frame: number; frameRate: number }>('clock()');
      expect(start.frameRate).toBe(30);
      await scene.call('step(30)');
      const later = await scene.call<{ time: number; frame: number }>('clock()');
      expect(later.frame - start.frame).toBe(30);
      expect(later.time - start.time).toBeCloseTo(1, 9);
      expect((await scene.call<{ u: number }>('state()')).u).toBe(1);
      expect((await scene.call<string[]>('notices()')).filter((n) => /preset/.test(n))).toEqual([]);
    } finally {
      await scene.close();
    }
  });
});

describe('story mode, the URL hash and the autopilot', () => {
  it('glides into a preset picked in the panel, and offers the talks', async () => {
    const scene = await openScene(browser!, server!, `fixedStep=1&${SMALL}&rollouts=0`, VIEWPORT);
    const { page } = scene.tab;
    try {
      expect((await scene.call<{ u: number }>('state()')).u).toBe(1);
      const folder = page.locator('.lil-gui').filter({ has: page.locator(':scope > .lil-title', { hasText: /^presets$/ }) });
      const picker = folder.locator('.lil-controller', { has: page.locator('.lil-name', { hasText: /^glide to preset$/ }) }).locator('select');
      await picker.selectOption('counting-backward', { force: true });
      await page.waitForFunction(() => (window as unknown as { latentflow: { state(): { u: number } } }).latentflow.state().u === -1, undefined, { timeout: 20_000 });
      expect(await page.locator('.caption').textContent()).toContain('Counting backward');
      // u ramps into the preset rather than jumping.
      await scene.call('step(6)');
      const ramping = (await scene.stats()).u;
      expect(ramping).toBeLessThan(1);
      expect(ramping).toBeGreaterThan(-1);
      const talks = await folder.locator('.lil-controller', { has: page.locator('.lil-name', { hasText: /^talk$/ }) }).locator('option').allTextContents();
      expect(talks).toEqual(['latent-dynamics', 'gallery']);
      expect(appErrors(scene.tab.errors)).toEqual([]);
    } finally {
      await scene.close();
    }
  }, 180_000);

  it('steps through a talk on arrow keys and presenter clicker keys, with captions', async () => {
    const scene = await openScene(browser!, server!, `talk=latent-dynamics&fixedStep=1&${SMALL}&rollouts=0`, VIEWPORT);
    const { page } = scene.tab;
    try {
      const first = await scene.call<StoryStatus>('story()');
      expect(first).toMatchObject({ index: 0, count: 8, preset: 'map', captionVisible: true });
      expect(await page.locator('.caption').textContent()).toContain('The map');
      await scene.call('step(2)');
      expect((await scene.stats()).u).toBeCloseTo(0, 5);

      await page.keyboard.press('ArrowRight');
      const second = await scene.call<StoryStatus>('story()');
      expect(second).toMatchObject({ index: 1, preset: 'field-forward' });
      expect((await scene.call<{ u: number }>('state()')).u).toBe(1);
      // The applied u ramps towards the step's u (it does not jump).
      await scene.call('step(6)');
      const ramping = (await scene.stats()).u;
      expect(ramping).toBeGreaterThan(0);
      expect(ramping).toBeLessThan(1);
      await scene.call('step(30)');
      expect((await scene.stats()).u).toBeCloseTo(1, 5);

      await page.keyboard.press('PageDown');
      expect((await scene.call<StoryStatus>('story()')).preset).toBe('counting-loop');
      await page.keyboard.press('PageUp');
      await page.keyboard.press('ArrowLeft');
      expect((await scene.call<StoryStatus>('story()')).index).toBe(0);

      await page.keyboard.press('t');
      expect(await page.locator('.caption').isVisible()).toBe(false);
      await page.keyboard.press('t');
      expect(await page.locator('.caption').isVisible()).toBe(true);
      // A talk is a stage: the scene and the caption, nothing else until h asks for the rest.
      expect(await scene.call<string[]>('notices()')).not.toEqual([]);
      for (const overlay of ['.hud', '.lil-root', '.notices p.notice']) expect(await page.locator(overlay).first().isVisible(), overlay).toBe(false);
      await page.keyboard.press('h');
      for (const overlay of ['.caption', '.hud', '.lil-root', '.notices p.notice']) expect(await page.locator(overlay).first().isVisible(), overlay).toBe(true);
      // With no rollouts (rollouts=0) the HUD shows no empty list or strip.
      for (const part of ['.hud .sequences', '.hud .strip-caption', '.hud canvas.rollout-strip']) expect(await page.locator(part).isVisible(), part).toBe(false);
      // Notices stack above the caption: they never cover it.
      const notices = (await page.locator('.notices').boundingBox())!;
      const caption = (await page.locator('.caption').boundingBox())!;
      expect(notices.height).toBeGreaterThan(0);
      expect(notices.y + notices.height).toBeLessThanOrEqual(caption.y + 0.5);
      await page.keyboard.press('h');
      for (const overlay of ['.hud', '.lil-root', '.notices p.notice']) expect(await page.locator(overlay).first().isVisible(), overlay).toBe(false);
      expect(await page.locator('.caption').isVisible()).toBe(true);
      expect(appErrors(scene.tab.errors)).toEqual([]);
    } finally {
      await scene.close();
    }
  }, 240_000);

  it('loads the default view with a notice for a garbled hash, and keeps the hash in step with the view', async () => {
    const scene = await openScene(browser!, server!, `fixedStep=1&${SMALL}#v=2&u=banana&%E0%A4%A&uKeys=1:2:3:4&camera=x`, VIEWPORT);
    try {
      const notices = await scene.call<string[]>('notices()');
      expect(notices.filter((n) => n.startsWith('URL hash'))).toHaveLength(4);
      expect(notices.join('\n')).toMatch(/URL hash: u="banana" is not a number/);
      expect(await scene.tab.page.locator('.notices').textContent()).toContain('banana');
      const state = await scene.call<{ u: number; uKeys: unknown[]; camera: unknown }>('state()');
      expect(state.u).toBe(1);
      expect(state.uKeys).toEqual([]);
      // The bad camera is dropped: the view keeps the home (and the URL no camera, below).
      expect(state.camera).toEqual(HOME_CAMERA);
      expect((await scene.stats()).frame).toBeGreaterThan(0);

      await scene.call('setState({ u: -0.5, colour: "speed" })');
      await scene.call('step(1)');
      await scene.tab.page.waitForFunction(() => location.hash.includes('u=-0.5'), undefined, { timeout: 30_000 });
      await scene.call('step(1)');
      expect(await scene.tab.page.evaluate(() => location.hash)).toBe('#v=2&u=-0.5&colour=speed');
    } finally {
      await scene.close();
    }
  });

  it('cycles presets unattended with no GUI, skipping one that fails to load', async () => {
    const scene = await openScene(browser!, server!, `autopilot=test-broken-gallery&dwell=0.1&fixedStep=1&frameRate=30&${SMALL}&rollouts=0`, VIEWPORT);
    const { page } = scene.tab;
    try {
      expect(await page.locator('.lil-gui').count()).toBe(0);
      expect(await page.locator('.hud').isVisible()).toBe(false);
      const notices = await scene.call<string[]>('notices()');
      expect(notices.join('\n')).toMatch(/preset no-such-preset could not be loaded.*its step is skipped/);
      const seen: (string | null)[] = [];
      for (let i = 0; i < 4; i++) {
        seen.push((await scene.call<StoryStatus>('story()')).preset);
        await scene.call('step(3)');
      }
      // attractors -> (no-such-preset skipped) -> counting-backward -> attractors ...
      expect(seen).toEqual(['attractors', 'counting-backward', 'attractors', 'counting-backward']);
      expect((await scene.call<{ autoRotate: boolean }>('state()')).autoRotate).toBe(true);
      expect(appErrors(scene.tab.errors)).toEqual([]);
    } finally {
      await scene.close();
    }
  });
});
