/**
 * The rotation scene (?scene=rotation) end to end in headless Chromium: it starts on the shipped
 * rotation models, draws the map and a path, the three manifolds answer differently, the manifold
 * switch and the controls rerun the rollouts, bad query values get notices, and a talk passes
 * through it and back. The CPU (wasm) path and WebGL. It runs on the shared engine: only its own
 * layers are in the engine's list, and a lost GPU brings it back on the same path, downloading nothing.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRotationFigures } from '../../src/model/rotation-figures';
import { rowFigures } from '../../src/page/rotation/rotation-words';
import { openPage } from '../../harness/browser/chromium';
import { usePageSession } from '../../harness/browser/page-session';
import { decodePng } from '../../harness/browser/pixels';
import { appErrors } from '../../harness/browser/scene-harness';

const session = usePageSession();
const read = (path: string) => JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', path), 'utf8')) as unknown;
const figures = parseRotationFigures(read('assets/models/rotation-figures.json'));
const starts = (read('assets/models/rotation.json') as { scene: { starts: { labels: number[]; indices: number[] } } }).scene.starts;
/** The held-out digit the figures' rule chose, as a position in the scene's starts. */
const shown = starts.labels.findIndex((label, k) => label === figures.shown.label && starts.indices[k] === figures.shown.index);

interface RotationStatus {
  backend: string;
  view: { manifold: string; digit: number; degrees: number; steps: number; grounded: boolean };
  label: number;
  rows: { id: string; achieved: number[]; kept: boolean[]; checksum: number }[];
  rollouts: number;
  path: number[];
  pathImages: number;
}

async function openRotation(query: string) {
  const tab = await openPage(session.browser(), session.server().url(`/?scene=rotation&${query}`), { viewport: { width: 900, height: 600 } });
  await tab.page.waitForFunction(() => document.documentElement.dataset.ready === '1' || document.documentElement.dataset.error !== undefined, undefined, { timeout: 120_000 });
  const status = () => tab.page.evaluate('window.latentflow.rotation.status()') as Promise<RotationStatus>;
  return { tab, status };
}

/** Share of the canvas's pixels that are not the background. */
async function litShare(tab: Awaited<ReturnType<typeof openRotation>>['tab']): Promise<number> {
  const png = decodePng(await tab.page.locator('canvas.scene').screenshot());
  let lit = 0;
  for (let i = 0; i < png.width * png.height; i++) if (png.data[i * 4]! + png.data[i * 4 + 1]! + png.data[i * 4 + 2]! > 60) lit++;
  return lit / (png.width * png.height);
}

describe('the rotation scene', () => {
  it.each(['wasm', 'webgl'])('runs on %s: map, path, three strips, and the controls rerun it', async (backend) => {
    const { tab, status } = await openRotation(`backend=${backend}`);
    try {
      expect(await tab.page.evaluate(() => document.documentElement.dataset.error)).toBeUndefined();
      const first = await status();
      expect(first.backend).toBe(backend);
      // By default the digit the rotation figures' rule chose, and the caption says so.
      expect(first.view).toEqual({ manifold: 'ssl', digit: shown, degrees: 7.5, steps: 8, grounded: true });
      expect(first.label).toBe(figures.shown.label);
      expect(await tab.page.locator('.caption').textContent()).toContain(`the held-out ${figures.shown.label} nearest the median`);
      expect(new URL(tab.page.url()).searchParams.get('digit')).toBeNull();
      expect(first.rows.map((r) => r.id)).toEqual(['plain-ae', 'ssl', 'ssl-no-rotation']);
      // Three different manifolds give three different strips of 9 images.
      expect(new Set(first.rows.map((r) => r.checksum.toFixed(3))).size).toBe(3);
      for (const row of first.rows) {
        expect(row.achieved).toHaveLength(9);
        expect(row.kept).toHaveLength(8);
      }
      expect(await tab.page.locator('.strip-row').count()).toBe(3);
      expect(await tab.page.locator('.strip-cells canvas').count()).toBe(27);
      expect(await tab.page.locator('.strip-row.active').getAttribute('data-manifold')).toBe('ssl');
      // Each row quotes the eval's figures for its manifold.
      expect(await tab.page.locator('.strip-score').allTextContents()).toEqual(first.rows.map((r) => rowFigures(figures.manifolds[r.id as keyof typeof figures.manifolds])));
      expect(await litShare(tab)).toBeGreaterThan(0.01);

      // The manifold switch: a click on a strip row puts that manifold on the map.
      await tab.page.locator('.strip-row[data-manifold="plain-ae"]').click();
      // A function, not a string: the page's content security policy forbids evaluating strings.
      await tab.page.waitForFunction(() => (window as unknown as { latentflow: { rotation: { status(): { view: { manifold: string } } | null } } }).latentflow.rotation.status()?.view.manifold === 'plain-ae');
      const plain = await status();
      expect(plain.rollouts).toBe(first.rollouts + 3);
      expect(plain.path).not.toEqual(first.path);
      // The decoded images along the drawn path are now the plain autoencoder's.
      expect(plain.pathImages).not.toBeCloseTo(first.pathImages, 3);
      expect(plain.pathImages).toBeCloseTo(plain.rows[0]!.checksum, 3);
      expect(await tab.page.locator('.strip-row.active').getAttribute('data-manifold')).toBe('plain-ae');
      expect(new URL(tab.page.url()).searchParams.get('manifold')).toBe('plain-ae');

      // The other way round: the plain autoencoder's achieved angles change sign with the asked ones.
      await tab.page.evaluate('window.latentflow.rotation.set({ degrees: -7.5, steps: 4 })');
      const back = await status();
      expect(back.rows[0]!.achieved).toHaveLength(5);
      expect(back.rows[0]!.achieved.at(-1)!).toBeLessThan(0);
      expect(plain.rows[0]!.achieved[4]!).toBeGreaterThan(0);
      expect(appErrors(tab.errors)).toEqual([]);
    } finally {
      await tab.close();
    }
  });

  it('runs on the shared engine: its own layers in the list, and back after a lost GPU with no download', async () => {
    const { tab, status } = await openRotation('backend=webgl');
    try {
      const api = <T>(e: string) => tab.page.evaluate(`window.latentflow.${e}`) as Promise<T>;
      // The engine's particle field, map and rollouts are out of the list: the scene draws only its own.
      expect(await api<string[]>('layers()')).toEqual(['rotation-map', 'rotation-path', 'labels']);
      expect(await api<{ backend: string; particles: number }>('stats()')).toMatchObject({ backend: 'webgl', particles: 64 });
      const first = await status();
      const refused: string[] = [];
      await tab.page.route(/\/(models|data)\//, (route) => {
        refused.push(route.request().url());
        return route.abort();
      });
      const tensors: number[] = [];
      for (let k = 1; k <= 2; k++) {
        await api('drill.loseDevice()');
        // A function, not a string: the page's content security policy forbids evaluating strings.
        await tab.page.waitForFunction(
          (n) => {
            const lf = (window as unknown as { latentflow: { drill: { recoveries(): unknown[] }; rotation: { status(): { rollouts: number } | null } } }).latentflow;
            return (lf.drill.recoveries().length === n && lf.rotation.status()!.rollouts === 3 * (n + 1)) || document.documentElement.dataset.error !== undefined;
          },
          k,
          { timeout: 120_000 },
        );
        expect(refused, 'a restart asked the server for these').toEqual([]);
        expect((await api<{ to: string }[]>('drill.recoveries()')).at(-1)).toMatchObject({ from: 'webgl', to: 'webgl' });
        tensors.push((await api<{ tensors: number }>('stats()')).tensors);
        // The restarted engine draws the same scene: the same rollouts, path and layers.
        const again = await status();
        expect(again.rows.map((r) => r.checksum.toFixed(2))).toEqual(first.rows.map((r) => r.checksum.toFixed(2)));
        expect(again.path).toEqual(first.path);
        expect(await api<string[]>('layers()')).toEqual(['rotation-map', 'rotation-path', 'labels']);
      }
      expect((await api<string[]>('notices()')).join('\n')).toMatch(/WebGL2 context lost; restarting on webgl/);
      // The lost engine's networks went with it: nothing piles up from one restart to the next.
      expect(tensors[1]).toBe(tensors[0]);
      await tab.page.waitForTimeout(500);
      expect(await litShare(tab)).toBeGreaterThan(0.01);
      await api('rotation.set({ steps: 3 })');
      expect((await status()).rows[0]!.achieved).toHaveLength(4);
      expect(appErrors(tab.errors)).toEqual([]);
    } finally {
      await tab.close();
    }
  });

  it('names each bad query value in a notice and starts with the rest', async () => {
    const { tab, status } = await openRotation('backend=wasm&manifold=nope&digit=5000&degrees=90&steps=3');
    try {
      const notices = (await tab.page.evaluate('window.latentflow.notices()')) as string[];
      expect(notices.join('\n')).toMatch(/manifold="nope"/);
      expect(notices.join('\n')).toMatch(/digit="5000"/);
      expect(notices.join('\n')).toMatch(/degrees="90"/);
      expect((await status()).view).toMatchObject({ manifold: 'ssl', digit: shown, degrees: 7.5, steps: 3 });
    } finally {
      await tab.close();
    }
  });

  it('is a step of the talk: the counting scene sends the presenter there, and p comes back', async () => {
    const tab = await openPage(session.browser(), session.server().url('/?talk=latent-dynamics&step=8&backend=wasm&particles=256&bloom=0'), { viewport: { width: 900, height: 600 } });
    try {
      await tab.page.waitForURL(/scene=rotation/, { timeout: 60_000 });
      await tab.page.waitForFunction(() => document.documentElement.dataset.ready === '1', undefined, { timeout: 120_000 });
      expect(await tab.page.locator('.caption').textContent()).toMatch(/rotation experiment.*8 \/ 8|8 \/ 8.*rotation experiment/is);
      await tab.page.keyboard.press('p');
      // Step 7 (the grounding preset) runs on the ssl manifold: its page opens with that manifold.
      await tab.page.waitForURL((url) => url.searchParams.get('step') === '7' && url.searchParams.get('manifold') === 'ssl', { timeout: 60_000 });
      await tab.page.waitForFunction(() => document.documentElement.dataset.ready === '1', undefined, { timeout: 120_000 });
      const story = (await tab.page.evaluate('window.latentflow.story()')) as { index: number; preset: string };
      expect(story).toMatchObject({ index: 6, preset: 'grounded-vs-ungrounded' });
    } finally {
      await tab.close();
    }
  });
});
