/**
 * The explore panels a preset puts on stage, in headless Chromium on the CPU path at 1280x720:
 * ?preset=steer shows its steered rollout once the rollouts are settled (as a screenshot or the
 * stage check takes the view) with a readout of what that rollout did; ?preset=threshold-sweep
 * opens the threshold curve with its crossings rounded for people, and its × closes it in the
 * view too. Each panel is in stage-sized type and docked clear of every cluster centre, of the
 * other overlays and of the other panels.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { measureDom, type DomMeasure } from '../../harness/stage-measure';
import { appErrors, openScene, type RolloutSummary } from '../../harness/browser/scene-harness';
import { usePageSession } from '../../harness/browser/page-session';

const session = usePageSession();
const VIEW = { width: 1280, height: 720 };

type Box = DomMeasure['overlays'][number]['box'];
const inside = (b: Box, x: number, y: number) => x >= b.x && x <= b.x + b.width && y >= b.y && y <= b.y + b.height;
const overlap = (a: Box, b: Box) => Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x) > 1 && Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y) > 1;

/** The stage check's own reading of the page (harness/stage-measure.ts). */
async function measure(page: Page): Promise<DomMeasure> {
  // tsx keeps function names with an `__name` helper that measureDom's source then calls.
  await page.evaluate('globalThis.__name = globalThis.__name ?? ((f) => f)');
  return page.evaluate(measureDom);
}

/** Checks the explore panel `name` is on screen, in stage type, and covers no centre, overlay or panel. */
function expectDocked(dom: DomMeasure, name: string): void {
  const panel = dom.overlays.find((o) => o.name.includes(name));
  expect(panel, `${name} among ${dom.overlays.map((o) => o.name).join(', ')}`).toBeDefined();
  const box = panel!.box;
  const front = dom.centres.filter((c) => c.front);
  expect(front.length).toBeGreaterThan(0);
  for (const c of front) expect(inside(box, c.x, c.y), `${name} covers centre ${c.digit}`).toBe(false);
  for (const o of dom.overlays) if (o !== panel) expect(overlap(box, o.box), `${name} on ${o.name}`).toBe(false);
  const texts = dom.texts.filter((t) => inside(box, t.box.x + 1, t.box.y + 1));
  expect(texts.length).toBeGreaterThan(0);
  for (const t of texts) expect(t.px / dom.height, `"${t.text}" in ${name}`).toBeGreaterThanOrEqual(0.025);
}

describe('explore panels a preset puts on stage, on the wasm path', () => {
  it('?preset=steer shows the steered rollout to 7 and a readout of it, docked clear of the clusters', async () => {
    const scene = await openScene(session.browser(), session.server(), 'preset=steer&backend=wasm&particles=512&fixedStep=1', VIEW);
    try {
      // Settling finishes the steered set (the view's own) instead of putting the count's (none) in its place.
      const settled = await scene.call<RolloutSummary[]>('settleRollouts()');
      expect(settled).toHaveLength(1);
      expect(settled[0]!.mode).toBe('grounded');
      expect(settled[0]!.labels).toContain(7);
      expect(settled[0]!.labels.at(-1)).toBe(7);
      expect(await scene.call<number | null>('explorer.steering()?.shown?.target ?? null')).toBe(7);
      await scene.call('step(2)');
      expect((await scene.call<{ target: number }>('state()')).target).toBe(7);
      const { page } = scene.tab;
      const labels = settled[0]!.labels;
      const reached = labels.indexOf(7);
      expect(await page.locator('.steer-readout h2').textContent()).toBe(`Steering ${labels[0]} \u2192 7`);
      const readout = await page.locator('.steer-readout p').allTextContents();
      expect(readout[0]).toBe(labels.slice(0, reached + 1).join(' \u2192 '));
      expect(readout[1]).toMatch(new RegExp(`^reached in ${reached} steps? at u`));
      expect(readout[2]).toBe(`then read as 7 on ${labels.slice(reached + 1).filter((d) => d === 7).length} of the next ${labels.length - reached - 1} steps`);
      expectDocked(await measure(page), 'steer-readout');
      expect(appErrors(scene.tab.errors)).toEqual([]);
    } finally {
      await scene.close();
    }
  }, 240_000);

  it('?preset=threshold-sweep opens the threshold curve, rounded for people and docked clear of the clusters; its × closes it in the view', async () => {
    const scene = await openScene(session.browser(), session.server(), 'preset=threshold-sweep&backend=wasm&particles=512&fixedStep=1', VIEW);
    try {
      const { page } = scene.tab;
      expect((await scene.call<{ thresholdCurve: boolean }>('state()')).thresholdCurve).toBe(true);
      expect(await page.locator('.threshold').isVisible()).toBe(true);
      // The sweep (a minute on this path) grows the panel when its figures land: it is docked again.
      await page.waitForFunction(() => /crosses 0\.5/.test(document.querySelector('.threshold')?.textContent ?? ''), undefined, { timeout: 180_000 });
      expect(await page.locator('.threshold p').first().textContent()).toMatch(/^crosses 0\.5 at u = (\d\.\d\d|never) and (\u2212\d\.\d\d|never)$/);
      await scene.call('step(1)');
      expectDocked(await measure(page), 'threshold');
      await page.locator('.threshold .panel-close').click();
      expect(await page.locator('.threshold').isVisible()).toBe(false);
      expect((await scene.call<{ thresholdCurve: boolean }>('state()')).thresholdCurve).toBe(false);
      expect(appErrors(scene.tab.errors)).toEqual([]);
    } finally {
      await scene.close();
    }
  }, 240_000);
});
