/**
 * An exploration travels in its URL: a probe put on the pad, a slider moved, an interpolation
 * picked and a steering target set on one page write the hash; the same URL opened in a fresh page
 * brings back the probe, the slider, the interpolation's ends and the steered rollout. And the
 * particle under a resting pointer shows its decoded digit; a click on it rolls out from it.
 */
import { describe, expect, it } from 'vitest';
import { appErrors, openScene } from '../../harness/browser/scene-harness';
import { usePageSession } from '../../harness/browser/page-session';
import { steeredTo } from '../../harness/browser/steer-wait';

const session = usePageSession();

interface PeekFlow {
  canvas: HTMLCanvasElement;
  camera: { position: object };
  map: { points: Float32Array };
  sampleParticles(count: number): Promise<{ positions: Float32Array }>;
}

interface Peek {
  label: number | null;
  confidence: number | null;
  x: number;
  y: number;
}

describe('an exploration in the URL, on the wasm path', () => {
  it('reproduces the probe, its sliders, the interpolation and the steering in a fresh page; peeks at a resting particle and rolls out from it', async () => {
    const first = await openScene(session.browser(), session.server(), 'backend=wasm&particles=2048&fixedStep=1&rollouts=0', { width: 1000, height: 720 });
    let url: string;
    let probe: string;
    let label: number;
    let other: number;
    try {
      const { page } = first.tab;
      await page.keyboard.press('d');
      // A 1 drawn with the mouse.
      const pad = (await page.locator('.pad-canvas').boundingBox())!;
      await page.mouse.move(pad.x + pad.width / 2, pad.y + pad.height * 0.15);
      await page.mouse.down();
      await page.mouse.move(pad.x + pad.width / 2, pad.y + pad.height * 0.85, { steps: 8 });
      await page.mouse.up();
      await page.waitForFunction(() => (window as unknown as { latentflow: { explorer: { status(): { label: number | null } | null } } }).latentflow.explorer.status()?.label !== null, undefined, { timeout: 60_000 });
      await page.locator('.pad-augment summary').click();
      await page.locator('input[data-setting="rotation"]').fill('20');
      other = await page.evaluate(() => (window as unknown as { latentflow: { flow(): { map: { labels: Int32Array } } } }).latentflow.flow().map.labels.indexOf(6));
      await first.call(`explorer.interpolate(-1, ${other})`);
      // Keys go to the page, not to the slider that still has the focus.
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      await page.keyboard.press('5');
      for (let i = 0; i < 20 && !/target=5/.test(await page.evaluate(() => location.hash)); i++) {
        await first.call('step(1)');
        await page.waitForTimeout(250);
      }
      url = await page.evaluate(() => location.href);
      const state = await first.call<{ probe: string; ends: number[]; target: number; probeView: { rotation: number } }>('state()');
      probe = state.probe;
      expect(probe.length).toBeGreaterThan(1000);
      expect(state.ends).toEqual([-1, other]);
      expect(state.target).toBe(5);
      expect(state.probeView.rotation).toBe(20);
      for (const field of ['probe=', 'probeView=20', `ends=-1,${other}`, 'target=5']) expect(url).toContain(field);
      await page.waitForTimeout(1000);
      label = (await first.call<{ label: number }>('explorer.status()')).label;
      expect(appErrors(first.tab.errors)).toEqual([]);
    } finally {
      await first.close();
    }

    const path = new URL(url).pathname + new URL(url).search + new URL(url).hash;
    const again = await openScene(session.browser(), session.server(), path.replace(/^\/\?/, ''), { width: 1000, height: 720 });
    try {
      const { page } = again.tab;
      const steered = await steeredTo(again, 5);
      const state = await again.call<{ probe: string; ends: number[]; probeView: { rotation: number } }>('state()');
      expect(state.probe).toBe(probe);
      expect(state.probeView.rotation).toBe(20);
      expect(await page.locator('input[data-setting="rotation"]').inputValue()).toBe('20');
      expect((await again.call<{ label: number }>('explorer.status()')).label).toBe(label);
      expect(steered[0]).toBe(label);
      expect(steered).toContain(5);
      expect((await again.call<{ ends: number[] }>('explorer.interpolation()')).ends).toEqual([-1, other]);

      // Peeking at particles: rest the pointer on particles that lie off every map digit (most
      // particles sit inside a cluster, where the pointer peeks at the digit, not the particle).
      await page.keyboard.press('5');
      let peek: Peek | null = null;
      const box = (await page.locator('canvas.scene').boundingBox())!;
      const candidates = await page.evaluate(async () => {
        const flow = (window as unknown as { latentflow: { engine(): PeekFlow } }).latentflow.engine();
        const rect = flow.canvas.getBoundingClientRect();
        const sample = await flow.sampleParticles(2048);
        const Vec = flow.camera.position.constructor as new (x: number, y: number, z: number) => { project(c: unknown): { x: number; y: number; z: number } };
        const screen = (p: ArrayLike<number>, i: number) => {
          const v = new Vec(p[i * 3]!, p[i * 3 + 1]!, p[i * 3 + 2]!).project(flow.camera);
          return { x: ((v.x + 1) / 2) * rect.width, y: ((1 - v.y) / 2) * rect.height, z: v.z };
        };
        const map = flow.map.points;
        const digits = Array.from({ length: map.length / 3 }, (_, i) => screen(map, i));
        const out: { x: number; y: number; clear: number }[] = [];
        for (let i = 0; i < sample.positions.length / 3; i++) {
          const s = screen(sample.positions, i);
          if (s.z < -1 || s.z > 1 || s.x < 20 || s.y < 20 || s.x > rect.width - 20 || s.y > rect.height - 20) continue;
          if (!document.elementFromPoint(rect.left + s.x, rect.top + s.y)?.matches('canvas.scene')) continue;
          const clear = Math.min(...digits.map((d) => Math.hypot(d.x - s.x, d.y - s.y)));
          out.push({ x: s.x, y: s.y, clear });
        }
        return out.sort((a, b) => b.clear - a.clear).slice(0, 12);
      });
      expect(candidates.length).toBeGreaterThan(0);
      for (const c of candidates) {
        await page.mouse.move(box.x + c.x, box.y + c.y);
        await page.waitForTimeout(900);
        peek = await again.call<Peek | null>('explorer.peek()');
        if (peek !== null) break;
      }
      expect(peek).not.toBeNull();
      expect(await page.locator('.hover-card.particle').isVisible()).toBe(true);
      expect(await page.locator('.hover-card.particle p').textContent()).toMatch(new RegExp(`decodes to ${peek!.label} \\(\\d+%\\)`));
      await page.mouse.click(box.x + peek!.x, box.y + peek!.y);
      await page.waitForFunction((l) => (window as unknown as { latentflow: { rollouts(): { labels: number[] }[] } }).latentflow.rollouts()[0]?.labels[0] === l, peek!.label, { timeout: 60_000 });
      expect(appErrors(again.tab.errors)).toEqual([]);
    } finally {
      await again.close();
    }
  }, 300_000);
});
