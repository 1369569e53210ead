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
        const { flow } = (window as unknown as { sketch: { flow: { group: { parent: { type: string } | null }; backend: string; layers: { list(): { name?: string }[] } } } }).sketch;
        return { parent: flow.group.parent?.type ?? null, backend: flow.backend, layers: flow.layers.list().map((l) => l.name) };
      });
      // The group lives in the sketch's scene (not the engine's own), on a path a WebGLRenderer runs.
      expect(seen.parent).toBe('Scene');
      expect(['webgl', 'wasm']).toContain(seen.backend);
      expect(seen.layers).toEqual(['clusters', 'labels', 'trails', 'particles', 'rollouts', 'sprites']);
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
      expect(labels).toHaveLength(160);
      expect(labels.every((d) => Number.isInteger(d) && d >= 0 && d <= 9)).toBe(true);
      // Particles drift through several basins: the sample reads as more than one digit.
      expect(new Set(labels).size).toBeGreaterThan(1);
    } finally {
      await tab.close();
    }
  }, 240_000);
});
