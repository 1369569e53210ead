/**
 * Recording in the page, driven the way a person does it: Ctrl+Shift+S starts and stops a video
 * (the indicator counts frames, the download is a WebM ffprobe reads frame by frame) and Ctrl+S
 * saves a PNG at 2x the canvas's pixel size. One small live page serves both tests.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../harness/browser/chromium';
import { decodePng, isBlank } from '../../harness/browser/pixels';
import { openScene, appErrors, type RolloutSummary, type ScenePage } from '../../harness/browser/scene-harness';
import { QUIET_SERVER, startServer, stopServer, type TestServer } from '../../harness/browser/server';
import { layoutStrip, type Rect } from '../../src/page/record/overlay-layout';
import { probeVideo } from '../../harness/record-helpers';

let server: TestServer | undefined;
let browser: Browser | undefined;
let scene: ScenePage | undefined;
const dir = mkdtempSync(join(tmpdir(), 'latentflow-record-page-'));

beforeAll(async () => {
  server = await startServer(QUIET_SERVER);
  browser = await launchChromium();
  // Live clock (no fixedStep): the recording must switch to fixed steps itself and back after.
  scene = await openScene(browser, server, 'particles=512&adaptive=0', { width: 320, height: 240 });
});

afterAll(async () => {
  await scene?.close();
  await browser?.close();
  await stopServer(server);
  rmSync(dir, { recursive: true, force: true });
});

/** Picks `label` in the Record folder's dropdown named `name` (the folder may be folded: force). */
async function choose(page: Page, name: string, label: string): Promise<void> {
  const folder = page.locator('.lil-gui').filter({ has: page.locator(':scope > .lil-title', { hasText: /^Record$/ }) });
  await folder.locator('.lil-controller', { has: page.locator('.lil-name', { hasText: new RegExp(`^${name}$`) }) }).locator('select').selectOption({ label }, { force: true });
}

async function saved(download: Download, name: string): Promise<string> {
  const file = join(dir, name);
  await download.saveAs(file);
  return file;
}

const canvasSize = (page: Page) =>
  page.evaluate(() => {
    const c = document.querySelector<HTMLCanvasElement>('canvas.scene')!;
    return { width: c.width, height: c.height };
  });

const indicator = (page: Page) =>
  page.evaluate(() => {
    const el = document.querySelector<HTMLElement>('.record-indicator');
    return { shown: el !== null && !el.hidden, frames: Number(el?.dataset.frames ?? -1), text: el?.textContent ?? '' };
  });

describe('recording in the page', () => {
  it('Ctrl+Shift+S starts and stops a recording; the indicator counts frames; the file is a valid WebM', async () => {
    const { page } = scene!.tab;
    await choose(page, 'video size', '640x360');
    await choose(page, 'fps', '30');
    await choose(page, 'format', 'webm');

    await page.keyboard.press('Control+Shift+S');
    await page.waitForFunction(() => Number(document.querySelector<HTMLElement>('.record-indicator')?.dataset.frames ?? 0) >= 4, undefined, { timeout: 120_000 });
    const during = await indicator(page);
    expect(during.shown).toBe(true);
    expect(during.text).toMatch(/REC\s*frame \d+ .* s of video .* elapsed .*640x360/);
    // While recording the canvas draws at the recording size, whatever the window.
    expect(await canvasSize(page)).toEqual({ width: 640, height: 360 });

    const download = page.waitForEvent('download', { timeout: 120_000 });
    await page.keyboard.press('Control+Shift+S');
    const file = await saved(await download, 'clip.webm');
    const after = await indicator(page);
    expect(after.shown).toBe(false);
    expect(after.frames).toBeGreaterThanOrEqual(4);

    const video = probeVideo(file);
    expect(video).toEqual({ codec: expect.stringMatching(/^(vp9|av1|vp8)$/), width: 640, height: 360, frames: after.frames });

    // Back to the window's size and the live clock: frames keep coming without step().
    expect(await canvasSize(page)).toEqual({ width: 320, height: 240 });
    const frame = (await scene!.stats()).frame;
    await page.waitForFunction((f) => (window as unknown as { latentflow: { stats(): { frame: number } } }).latentflow.stats().frame > f + 2, frame, { timeout: 60_000 });
    expect(appErrors(scene!.tab.errors)).toEqual([]);
  }, 300_000);

  it('Ctrl+S saves a PNG still at twice the canvas pixel size, with the scene in it', async () => {
    const { page } = scene!.tab;
    const canvas = await canvasSize(page);
    const download = page.waitForEvent('download', { timeout: 60_000 });
    await page.keyboard.press('Control+S');
    const file = await saved(await download, 'still.png');
    const png = decodePng(readFileSync(file));
    expect({ width: png.width, height: png.height }).toEqual({ width: canvas.width * 2, height: canvas.height * 2 });
    expect(isBlank(png)).toBe(false);
    // The canvas is back at its own size after the still.
    expect(await canvasSize(page)).toEqual(canvas);
  }, 120_000);
});

interface StillPair {
  /** Centres of the page's visible centroid labels, canvas pixels. */
  labels: { digit: number; x: number; y: number }[];
  withOverlays: string;
  without: string;
}

/** Both stills in one task, so no frame is drawn between them and only the overlays can differ. */
const stillPair = (page: Page) =>
  page.evaluate(async () => {
    type Api = { recorder: { still(o: { scale: number; overlays: boolean }): Promise<{ png: string }> } };
    const { recorder } = (window as unknown as { latentflow: Api }).latentflow;
    const canvas = document.querySelector<HTMLCanvasElement>('canvas.scene')!.getBoundingClientRect();
    const ratio = document.querySelector<HTMLCanvasElement>('canvas.scene')!.width / canvas.width;
    const labels = [...document.querySelectorAll<HTMLElement>('.centroid-label')]
      .filter((el) => el.style.display !== 'none')
      .map((el) => {
        const r = el.getBoundingClientRect();
        return { digit: Number(el.dataset.digit), x: (r.left + r.width / 2 - canvas.left) * ratio, y: (r.top + r.height / 2 - canvas.top) * ratio };
      });
    const [withOverlays, without] = await Promise.all([recorder.still({ scale: 1, overlays: true }), recorder.still({ scale: 1, overlays: false })]);
    return { labels, withOverlays: withOverlays.png, without: without.png } satisfies StillPair;
  });

const inside = (x: number, y: number, r: Rect) => x >= r.x && x < r.x + r.width && y >= r.y && y < r.y + r.height;

describe('overlays burned into stills', () => {
  it('a still with overlays differs from one without at the centroid labels and the rollout strip, and nowhere else', async () => {
    const { page } = scene!.tab;
    const rollouts = await scene!.call<RolloutSummary[]>('settleRollouts()');
    // The page's own caption (it follows u) would be burned in too: t hides it, as a presenter would.
    if (await page.locator('figure.caption').isVisible()) await page.keyboard.press('t');
    expect(await page.locator('figure.caption').isVisible()).toBe(false);
    const pair = await stillPair(page);
    const a = decodePng(Buffer.from(pair.withOverlays, 'base64'));
    const b = decodePng(Buffer.from(pair.without, 'base64'));
    expect({ width: a.width, height: a.height }).toEqual({ width: b.width, height: b.height });
    expect(isBlank(b)).toBe(false);
    expect(pair.labels.length).toBeGreaterThan(0);

    // A label's glyph and halo (15 px text at this size) stay within a few pixels of its centre.
    const near = pair.labels.map((l) => ({ x: l.x - 16, y: l.y - 16, width: 32, height: 32 }));
    const grounded = rollouts.find((r) => r.mode === 'grounded');
    const layout = grounded === undefined ? null : layoutStrip(grounded.labels.length, a);
    // The box's border is stroked across its edge and its edges fall between pixels: 2 px of slack.
    const strip = layout && { x: layout.box.x - 2, y: layout.box.y - 2, width: layout.box.width + 4, height: layout.box.height + 4 };
    const perLabel = near.map(() => 0);
    let inStrip = 0;
    let elsewhere = 0;
    for (let y = 0; y < a.height; y++) {
      for (let x = 0; x < a.width; x++) {
        const i = (y * a.width + x) * 4;
        const d = Math.max(Math.abs(a.data[i]! - b.data[i]!), Math.abs(a.data[i + 1]! - b.data[i + 1]!), Math.abs(a.data[i + 2]! - b.data[i + 2]!));
        if (d <= 16) continue;
        const labels = near.flatMap((r, k) => (inside(x, y, r) ? [k] : []));
        for (const k of labels) perLabel[k]!++;
        if (labels.length > 0) continue;
        if (strip !== null && inside(x, y, strip)) inStrip++;
        else elsewhere++;
      }
    }
    // Every visible label is drawn where the page draws its own.
    pair.labels.forEach((l, i) => expect({ digit: l.digit, changed: perLabel[i]! >= 6 }).toEqual({ digit: l.digit, changed: true }));
    if (strip !== null) expect(inStrip).toBeGreaterThan(50);
    expect(elsewhere).toBe(0);
  }, 180_000);
});
