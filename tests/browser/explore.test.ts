/**
 * Exploring by hand, end to end in headless Chromium on the CPU path and a GPU path: a digit drawn
 * on the pad with the mouse is read by the judge as that digit, lands in its cluster, and grounded
 * rollouts start from it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { appErrors, openScene } from '../../harness/browser/scene-harness';
import { usePageSession } from '../../harness/browser/page-session';
import { steeredTo } from '../../harness/browser/steer-wait';

const session = usePageSession();

interface EvalReport {
  manifolds: Record<string, { seeds: Record<string, { u_sweep: { starts: number; u: number[]; step_accuracy: number[] } }> }>;
}

interface ProbeStatus {
  label: number | null;
  confidence: number | null;
  place: [number, number, number] | null;
  updates: number;
}

/** Draws a polyline (pad coordinates 0..1) with the mouse, as a person would. */
async function draw(page: Page, points: [number, number][]): Promise<void> {
  const box = (await page.locator('.pad-canvas').boundingBox())!;
  const at = ([x, y]: [number, number]) => [box.x + x * box.width, box.y + y * box.height] as const;
  await page.mouse.move(...at(points[0]!));
  await page.mouse.down();
  for (const p of points.slice(1)) await page.mouse.move(...at(p), { steps: 4 });
  await page.mouse.up();
}

/** Clicks a button of the panel's explore folder and returns the text of the file it downloads. */
async function download(page: Page, button: string): Promise<string> {
  const started = page.waitForEvent('download', { timeout: 60_000 });
  await page.getByText(button, { exact: true }).click();
  const file = await (await started).path();
  return readFileSync(file, 'utf8');
}

const status = (page: Page) => page.evaluate(() => (window as unknown as { latentflow: { explorer: { status(): ProbeStatus | null } } }).latentflow.explorer.status());

async function settledStatus(page: Page): Promise<ProbeStatus> {
  // The probe is read after each stroke: wait until a reading has landed and no newer one is pending.
  let last = -1;
  for (;;) {
    const s = await status(page);
    if (s !== null && s.label !== null && s.updates === last) return s;
    last = s?.updates ?? -1;
    await page.waitForTimeout(500);
  }
}

function nearestCentre(place: [number, number, number], centres: number[]): number {
  let best = -1;
  let bestD = Infinity;
  for (let d = 0; d < centres.length / 3; d++) {
    const e = (place[0] - centres[d * 3]!) ** 2 + (place[1] - centres[d * 3 + 1]!) ** 2 + (place[2] - centres[d * 3 + 2]!) ** 2;
    if (e < bestD) [best, bestD] = [d, e];
  }
  return best;
}

// The engineering view (?debug=1): its open panel has the export buttons, its HUD the steering line.
describe.each(['wasm', 'webgl'] as const)('the draw pad on the %s path', (path) => {
  it('reads drawn digits, places them in their clusters, moves the probe with the sliders, rolls out from the probe and a clicked digit, exports, steers to a target set with a key, and (on wasm) counts basins and measures the threshold as eval does', async () => {
    const scene = await openScene(session.browser(), session.server(), `backend=${path}&particles=256&fixedStep=1&rollouts=0&debug=1`, { width: 1100, height: 800 });
    const { page } = scene.tab;
    try {
      expect(await page.locator('.draw-pad').isVisible()).toBe(false);
      await page.keyboard.press('d');
      expect(await page.locator('.draw-pad').isVisible()).toBe(true);
      const centres = await scene.call<number[]>('clusterCentres()');

      await draw(page, [[0.5, 0.15], [0.5, 0.85]]);
      const one = await settledStatus(page);
      expect(one.label).toBe(1);
      expect(one.confidence).toBeGreaterThan(0.5);
      expect(one.confidence).toBeLessThanOrEqual(1);
      expect(nearestCentre(one.place!, centres)).toBe(1);
      expect(await page.locator('.pad-reading').textContent()).toMatch(/reads as 1 \(\d+ %\)/);

      await page.click('.pad-buttons button[data-action="clear"]');
      await draw(page, [[0.25, 0.2], [0.75, 0.2], [0.45, 0.85]]);
      const seven = await settledStatus(page);
      expect(seven.label).toBe(7);
      expect(nearestCentre(seven.place!, centres)).toBe(7);

      // Rotating the pad's digit moves the probe on the map (and leaves its trail).
      await page.locator('.pad-augment summary').click();
      await page.locator('input[data-setting="rotation"]').fill('40');
      await page.waitForFunction((n) => ((window as unknown as { latentflow: { explorer: { status(): ProbeStatus | null } } }).latentflow.explorer.status()?.updates ?? 0) > n, seven.updates, { timeout: 60_000 });
      const turned = await settledStatus(page);
      expect(turned.updates).toBeGreaterThan(seven.updates);
      expect(Math.hypot(...turned.place!.map((c, k) => c - seven.place![k]!))).toBeGreaterThan(1e-3);
      await page.locator('.pad-augment button').click();

      await scene.call('setU(1, { ramp: false })');
      await page.click('.pad-buttons button[data-action="roll out from here"]');
      await page.waitForFunction(() => (window as unknown as { latentflow: { rollouts(): unknown[] } }).latentflow.rollouts().length > 0, undefined, { timeout: 60_000 });
      const [track] = await scene.call<{ mode: string; labels: number[] }[]>('rollouts()');
      expect(track!.mode).toBe('grounded');
      expect(track!.labels[0]).toBe(7);
      expect(track!.labels[1]).toBe(8);

      // The exports parse and hold what the page shows.
      const json = await download(page, 'export rollouts + probe (JSON)');
      const data = JSON.parse(json) as { schema: string; rollouts: { mode: string; steps: { label: number; confidence: number; latent: number[]; position: number[]; u: number }[] }[]; probe: { label: number; image: number[] } };
      expect(data.schema).toBe('latentflow-exploration/1');
      expect(data.rollouts.map((r) => r.steps.map((s) => s.label))).toEqual([track!.labels]);
      expect(data.rollouts[0]!.steps.every((s) => s.latent.length === 64 && s.position.length === 3 && s.confidence > 0 && s.confidence <= 1)).toBe(true);
      expect(data.rollouts[0]!.steps.slice(1).every((s) => s.u === 1)).toBe(true);
      expect(data.probe.label).toBe(7);
      expect(data.probe.image).toHaveLength(784);
      const csv = (await download(page, 'export rollouts (CSV)')).trim().split('\n');
      expect(csv[0]!.split(',').slice(0, 7)).toEqual(['rollout', 'mode', 'start', 'step', 'u', 'label', 'confidence']);
      expect(csv).toHaveLength(1 + track!.labels.length);
      expect(csv.slice(1).map((row) => Number(row.split(',')[5]))).toEqual(track!.labels);
      expect((await download(page, 'save the strip (PNG)')).slice(1, 4)).toBe('PNG');

      // A click on a map digit (not a drag) starts a rollout from that digit.
      let target = { x: 0, y: 0, label: -1 };
      for (let i = 3; i < 2000 && target.label < 0; i += 7) {
        const p = await scene.call<{ x: number; y: number; label: number }>(`digitOnScreen(${i})`);
        const onCanvas = await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.matches('canvas.scene') ?? false, p);
        if (onCanvas && p.label !== 7 && p.label !== 3) target = p;
      }
      expect(target.label).toBeGreaterThanOrEqual(0);
      await page.mouse.click(target.x, target.y);
      await page.waitForFunction((label) => (window as unknown as { latentflow: { rollouts(): { labels: number[] }[] } }).latentflow.rollouts()[0]?.labels[0] === label, target.label, { timeout: 60_000 });

      // Steering: key 3 sets the target and the controller drives there from the clicked digit,
      // the shorter way round, then holds (the pad is cleared first so the digit is the start).
      await page.click('.pad-buttons button[data-action="clear"]');
      await page.keyboard.press('3');
      expect((await scene.call<{ target: number }>('state()')).target).toBe(3);
      const steered = await steeredTo(scene, 3);
      expect(steered[0]).toBe(target.label);
      const reached = steered.indexOf(3);
      expect(reached, steered.join(' ')).toBeGreaterThan(0);
      expect(reached, steered.join(' ')).toBeLessThanOrEqual(7);
      expect(await page.locator('.hud .sequence').first().textContent()).toContain('steer to 3');
      expect(await page.locator('.hud').textContent()).toMatch(/steered to 3, u per step [+\u2212]1/);
      await page.keyboard.press('3');
      expect((await scene.call<{ target: number }>('state()')).target).toBe(-1);

      if (path === 'wasm') {
        // The basins census at u = 0: every fifth map digit on this path, 30 grounded steps each.
        await scene.call('setU(0, { ramp: false })');
        await scene.call('explorer.toggleCensus()');
        await scene.call('explorer.runCensus()');
        const census = await scene.call<{ u: number; total: number; counts: number[]; steps: number }>('explorer.census()');
        expect(census).toMatchObject({ u: 0, total: 400, steps: 30 });
        expect(census.counts.reduce((a, b) => a + b, 0)).toBe(400);
        expect(await page.locator('.census p').textContent()).toContain('400 grounded rollouts, 30 steps at u = 0.00');
        // The map shows it: the census's digits in their end digit's colour, the rest dimmed.
        const tint = await page.evaluate(() => Array.from((window as unknown as { latentflow: { engine(): { mapTint(): Int32Array | null } } }).latentflow.engine().mapTint() ?? []));
        expect(tint).toHaveLength(2000);
        expect(tint.filter((d) => d >= 0)).toHaveLength(400);
        expect(Array.from({ length: 10 }, (_, d) => tint.filter((e) => e === d).length)).toEqual(census.counts);
        await scene.call('explorer.toggleCensus()');
        expect(await page.evaluate(() => (window as unknown as { latentflow: { engine(): { mapTint(): Int32Array | null } } }).latentflow.engine().mapTint())).toBeNull();

        // Interpolation between a 1 and a 7: the straight latent path leaves the manifold between
        // the clusters, so re-grounding moves its middle further than its ends.
        const [a, b] = await page.evaluate(() => {
          const labels = (window as unknown as { latentflow: { flow(): { map: { labels: Int32Array } } } }).latentflow.flow().map.labels;
          return [labels.indexOf(1), labels.indexOf(7)];
        });
        await scene.call(`explorer.interpolate(${a}, ${b})`);
        const path = await scene.call<{ ends: number[]; distances: number[] }>('explorer.interpolation()');
        expect(path.ends).toEqual([a, b]);
        expect(path.distances).toHaveLength(33);
        const middle = Math.max(...path.distances.slice(8, 25));
        expect(middle).toBeGreaterThan(Math.max(path.distances[0]!, path.distances[32]!));
        expect(await page.locator('.interpolation').isVisible()).toBe(true);

        // The threshold curve: the chart draws what it measures; on eval's own digits and settings
        // the page gives eval's numbers (docs/eval/latest.json, the shipped seed).
        const sweep = await scene.call<{ us: number[]; stepAccuracy: number[]; starts: number }>('explorer.sweep([-1, 0, 1])');
        expect(sweep.us).toEqual([-1, 0, 1]);
        expect(sweep.starts).toBe(100);
        expect(sweep.stepAccuracy[2]).toBeGreaterThan(sweep.stepAccuracy[1]!);
        expect(await page.locator('.threshold').isVisible()).toBe(true);
        const same = await page.evaluate(() =>
          (window as unknown as { latentflow: { engine(): { models: { uSweep(o: object): Promise<{ stepAccuracy: number[]; starts: number }> } } } }).latentflow.engine().models.uSweep({ us: [1], startsPerClass: 50, steps: 10 }),
        );
        const evalReport = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'eval', 'latest.json'), 'utf8')) as EvalReport;
        const models = join(import.meta.dirname, '..', '..', 'assets', 'models');
        const { default: manifold } = JSON.parse(readFileSync(join(models, 'index.json'), 'utf8')) as { default: string };
        const shipped = JSON.parse(readFileSync(join(models, manifold, 'manifest.json'), 'utf8')) as { seed: number };
        const evalSweep = evalReport.manifolds[manifold]!.seeds[String(shipped.seed)]!.u_sweep;
        expect(same.starts).toBe(evalSweep.starts);
        [1].forEach((u, i) => expect(Math.abs(same.stepAccuracy[i]! - evalSweep.step_accuracy[evalSweep.u.indexOf(u)]!), `u = ${u}`).toBeLessThan(0.02));
      }
      expect(appErrors(scene.tab.errors)).toEqual([]);
    } finally {
      await scene.close();
    }
  }, 240_000);
});
