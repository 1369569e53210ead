/**
 * Presets, the fixed-step clock, story mode and the autopilot, end to end in headless Chromium on
 * the wasm path with a few hundred particles (small pages: the machine has two cores).
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './browser/chromium';
import { appErrors, openScene } from './browser/scene-harness';
import { startServer, type TestServer } from './browser/server';

let server: TestServer | undefined;
let browser: Browser | undefined;

const SMALL = 'backend=wasm&particles=256&bloom=0';
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
async function render(preset: string, frames: number): Promise<string[]> {
  const scene = await openScene(browser!, server!, `preset=${preset}&fixedStep=1&frameRate=30&${SMALL}`, VIEWPORT);
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
