/**
 * The examples in examples/ run as a creative coder would open them (served by vite, in headless
 * Chromium): each becomes ready, draws pixels that are not blank, and keeps advancing frames.
 */
import { describe, expect, it } from 'vitest';
import { openPage, type CollectedPage } from '../../harness/browser/chromium';
import { decodePng, isBlank, isUniform } from '../../harness/browser/pixels';
import { appErrors } from '../../harness/browser/scene-harness';
import { usePageSession } from '../../harness/browser/page-session';

const session = usePageSession();

async function open(path: string): Promise<CollectedPage> {
  const tab = await openPage(session.browser(), session.server().url(path), { viewport: { width: 640, height: 400 } });
  try {
    await tab.page.waitForFunction(() => document.documentElement.dataset.ready === '1', undefined, { timeout: 150_000 });
  } catch (e) {
    throw new Error(`${(e as Error).message}\npage errors:\n${tab.errors.join('\n') || '(none)'}`);
  }
  return tab;
}

const frame = (tab: CollectedPage) => tab.page.evaluate(() => (window as unknown as { sketch: { flow: { stats(): { frame: number } } } }).sketch.flow.stats().frame);

async function expectDrawingAndAdvancing(tab: CollectedPage): Promise<void> {
  const image = decodePng(await tab.page.locator('canvas').screenshot());
  expect(isBlank(image)).toBe(false);
  expect(isUniform(image)).toBe(false);
  const before = await frame(tab);
  await tab.page.waitForFunction((n) => (window as unknown as { sketch: { flow: { stats(): { frame: number } } } }).sketch.flow.stats().frame > n + 2, before, { timeout: 60_000 });
  expect(appErrors(tab.errors)).toEqual([]);
}

describe('examples', () => {
  it('a plain three.js sketch draws the latent-flow group in its own scene with its own lights and camera', async () => {
    const tab = await open('/examples/plain-sketch/');
    try {
      await expectDrawingAndAdvancing(tab);
      const seen = await tab.page.evaluate(() => {
        const { flow } = (window as unknown as { sketch: { flow: { group: { parent: { type: string } | null }; stats(): { backend: string; fps: number }; layers: { list(): { name?: string }[] } } } }).sketch;
        return { parent: flow.group.parent?.type ?? null, backend: flow.stats().backend, fps: flow.stats().fps, layers: flow.layers.list().map((l) => l.name) };
      });
      // The group lives in the sketch's scene (not the engine's own), on a path a WebGLRenderer runs.
      expect(seen.parent).toBe('Scene');
      expect(['webgl', 'wasm']).toContain(seen.backend);
      expect(seen.layers).toEqual(['clusters', 'labels', 'trails', 'particles', 'rollouts', 'sprites']);
      // The engine timed the sketch's own loop (three's setAnimationLoop) itself: the adaptive budget's input.
      expect(seen.fps).toBeGreaterThan(0);
    } finally {
      await tab.close();
    }
  }, 240_000);

  it('a custom layer rings sampled particles in the colour of the digit their decoded image reads as', async () => {
    const tab = await open('/examples/custom-layer/?backend=wasm');
    try {
      await expectDrawingAndAdvancing(tab);
      await tab.page.waitForFunction(() => (window as unknown as { sketch: { rings: { labels(): number[] } } }).sketch.rings.labels().length > 0, undefined, { timeout: 60_000 });
      const { labels, layers } = await tab.page.evaluate(() => {
        const { rings, flow } = (window as unknown as { sketch: { rings: { labels(): number[] }; flow: { layers: { list(): { name?: string }[] } } } }).sketch;
        return { labels: rings.labels(), layers: flow.layers.list().map((l) => l.name) };
      });
      expect(layers.at(-1)).toBe('decoded-rings');
      // update() only reads its params: the sketch's own are frozen (flowParams freezes them), and
      // so is a deep-frozen copy with other values driven through a few frames here. Any write
      // the engine made to either would throw (modules run in strict mode) and fail the frame.
      const driven = await tab.page.evaluate(() => {
        type Flow = { update(p: object, dt?: number): void; render(): void; stats(): { u: number } };
        const { flow, params } = (window as unknown as { sketch: { flow: Flow; params: Record<string, unknown> } }).sketch;
        const deepFreeze = <T>(value: T): T => {
          if (typeof value === 'object' && value !== null) Object.values(value).forEach(deepFreeze);
          return Object.freeze(value);
        };
        const mine = deepFreeze({ ...JSON.parse(JSON.stringify(params)), u: -0.5, rolloutDigits: [3, 5], bloom: 9 });
        const before = JSON.stringify(mine);
        for (let i = 0; i < 5; i++) flow.update(mine, 1 / 30);
        flow.render();
        const u = flow.stats().u;
        flow.update(params, 1 / 30);
        return { frozen: Object.isFrozen(params) && Object.isFrozen(params.rolloutDigits), unchanged: JSON.stringify(mine) === before, u };
      });
      expect(driven.frozen).toBe(true);
      expect(driven.unchanged).toBe(true);
      // The applied u ramps from the sketch's 0.2 towards the -0.5 asked for (2.5 per second).
      expect(driven.u).toBeLessThan(0.2);
      expect(driven.u).toBeGreaterThanOrEqual(-0.5);
      expect(labels).toHaveLength(160);
      expect(labels.every((d) => Number.isInteger(d) && d >= 0 && d <= 9)).toBe(true);
      // Particles drift through several basins: the sample reads as more than one digit.
      expect(new Set(labels).size).toBeGreaterThan(1);
    } finally {
      await tab.close();
    }
  }, 240_000);
});
