/**
 * The README's "Explore by hand" pictures, one per tool, staged with the mouse and the page's test
 * surface the way a visitor would get there (npm run screenshot -- --explore TOOL).
 */
import type { Page } from 'playwright-core';

export const EXPLORE_SHOTS = ['all', 'draw', 'rollouts', 'interpolate', 'census', 'threshold', 'steer', 'peek'] as const;
export type ExploreShot = (typeof EXPLORE_SHOTS)[number];

type Api = (expression: string) => Promise<unknown>;

const judged = (page: Page, digit: number) =>
  page.waitForFunction((d) => (window as unknown as { latentflow: { explorer: { status(): { label: number | null } | null } } }).latentflow.explorer.status()?.label === d, digit, { timeout: 120_000 });

/** Draws a 7 on the pad with the mouse and waits until the judge reads it. */
async function drawSeven(page: Page): Promise<void> {
  await page.keyboard.press('d');
  const box = (await page.locator('.pad-canvas').boundingBox())!;
  const at = (x: number, y: number) => [box.x + x * box.width, box.y + y * box.height] as const;
  await page.mouse.move(...at(0.25, 0.2));
  await page.mouse.down();
  for (const [x, y] of [[0.75, 0.2], [0.45, 0.85]] as const) await page.mouse.move(...at(x, y), { steps: 8 });
  await page.mouse.up();
  await judged(page, 7);
}

const firstOf = (digit: number) => `(() => window.latentflow.flow().map.labels.indexOf(${digit}))()`;

/** Steps frames until `done` holds in the page (the explore tools tick after each fixed step). */
async function stepUntil(page: Page, api: Api, done: string, timeoutMs = 120_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await page.evaluate(done))) {
    if (Date.now() > until) throw new Error(`screenshot: timed out waiting for ${done}`);
    await api('step(1)');
    await page.waitForTimeout(200);
  }
}

export async function stageExplore(page: Page, api: Api, shot: ExploreShot): Promise<void> {
  await api('setState({ rollouts: 0 })');
  switch (shot) {
    case 'all':
      await drawSeven(page);
      await api('setU(0, { ramp: false })');
      await api('explorer.toggleCensus()');
      await api('explorer.runCensus()');
      await api(`explorer.interpolate(-1, ${firstOf(1)})`);
      await api('setU(1, { ramp: false })');
      await api('explorer.rollFromProbe()');
      return;
    case 'draw': {
      // The probe's trail as the rotation slider sweeps: invariance, then where it breaks.
      await drawSeven(page);
      await page.locator('.pad-augment summary').click();
      for (const r of [10, 20, 30, 40, 45]) {
        await page.locator('input[data-setting="rotation"]').fill(String(r));
        await page.waitForTimeout(700);
      }
      return;
    }
    case 'rollouts':
      await api('setState({ ungrounded: true })');
      await api('setU(1, { ramp: false })');
      // Past the spec's debounce, so its (empty) set does not replace the one started here.
      await api('step(30)');
      await api(`flow().rollouts.start({ images: window.latentflow.flow().map.images.slice(${firstOf(2)} * 784, (${firstOf(2)} + 1) * 784), u: 1, steps: 10, ungrounded: true })`);
      return;
    case 'interpolate':
      await api(`explorer.interpolate(${firstOf(1)}, ${firstOf(7)})`);
      return;
    case 'census':
      await api('setU(0, { ramp: false })');
      await api('explorer.toggleCensus()');
      await api('explorer.runCensus()');
      return;
    case 'threshold':
      await api('setU(0.9, { ramp: false })');
      await api('explorer.sweep()');
      return;
    case 'steer':
      await page.keyboard.press('3');
      await stepUntil(page, api, 'window.latentflow.explorer.steering()?.shown?.target === 3');
      return;
    case 'peek': {
      const box = (await page.locator('canvas.scene').boundingBox())!;
      for (let gx = 0.35; gx < 0.7; gx += 0.05) {
        for (let gy = 0.35; gy < 0.7; gy += 0.05) {
          await page.mouse.move(box.x + gx * box.width, box.y + gy * box.height);
          await page.waitForTimeout(900);
          if (await page.evaluate('window.latentflow.explorer.peek() !== null')) return;
        }
      }
      throw new Error('screenshot: no particle came under the pointer');
    }
  }
}
