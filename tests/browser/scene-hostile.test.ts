/**
 * Hostile input in the page, end to end (issue 14): files dropped or pasted that are not a digit
 * picture get a notice and leave the pad as it was, a real picture of a digit goes onto the pad and
 * is read; and seeded garbled addresses (query and hash) each start the page or show a message,
 * never a blank page or an uncaught error. The CPU (wasm) path with a few hundred particles.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openPage } from '../../harness/browser/chromium';
import { usePageSession } from '../../harness/browser/page-session';
import { appErrors, openScene } from '../../harness/browser/scene-harness';
import { createRng, mutateText } from '../../harness/mutate';

const session = usePageSession();
const SMALL = 'backend=wasm&particles=256&bloom=0&fixedStep=1';

type FileKind = 'text' | 'broken-png' | 'blank-png' | 'tiny-gif' | 'one-png';

/**
 * Drops (or pastes) a file of `kind`, made in the page (the page's content security policy
 * forbids evaluating strings, so the makers live in this one function); resolves with the page's answer.
 */
async function deliver(page: Page, how: 'drop' | 'paste', kind: FileKind): Promise<string | null> {
  return page.evaluate(
    async ({ how, kind }) => {
      const png = async (w: number, h: number, draw: (g: CanvasRenderingContext2D) => void) => {
        const c = document.createElement('canvas');
        c.width = w;
        c.height = h;
        draw(c.getContext('2d')!);
        return new Promise<Blob>((resolve) => c.toBlob((b) => resolve(b!), 'image/png'));
      };
      const files: Record<string, () => Promise<File>> = {
        text: async () => new File(['just some text'], 'notes.txt', { type: 'text/plain' }),
        'broken-png': async () => new File([new Uint8Array([137, 80, 78, 71, 1, 2, 3])], 'broken.png', { type: 'image/png' }),
        'blank-png': async () =>
          new File(
            [
              await png(50, 50, (g) => {
                g.fillStyle = '#fff';
                g.fillRect(0, 0, 50, 50);
              }),
            ],
            'blank.png',
            { type: 'image/png' },
          ),
        'tiny-gif': async () => new File([new Uint8Array(8)], 'tiny.gif', { type: 'image/gif' }),
        // A "1" in dark ink on off-white paper, as a photo of a drawing would be.
        'one-png': async () =>
          new File(
            [
              await png(120, 160, (g) => {
                g.fillStyle = '#f4f1ea';
                g.fillRect(0, 0, 120, 160);
                g.strokeStyle = '#1a1a2a';
                g.lineWidth = 14;
                g.lineCap = 'round';
                g.beginPath();
                g.moveTo(62, 20);
                g.lineTo(58, 140);
                g.stroke();
              }),
            ],
            'one.png',
            { type: 'image/png' },
          ),
      };
      const data = new DataTransfer();
      data.items.add(await files[kind]!());
      if (how === 'drop') window.dispatchEvent(new DragEvent('drop', { dataTransfer: data, cancelable: true }));
      else document.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, cancelable: true, bubbles: true }));
      const api = (window as unknown as { latentflow: { explorer: { lastDrop(): Promise<string> | null } } }).latentflow;
      return (await api.explorer.lastDrop()) ?? null;
    },
    { how, kind },
  );
}

describe('hostile input in the page', () => {
  it('answers files that are not digit pictures with a notice, and reads a real picture of a digit', async () => {
    const scene = await openScene(session.browser(), session.server(), SMALL, { width: 900, height: 640 });
    const { page } = scene.tab;
    try {
      const cases: [FileKind, 'drop' | 'paste', RegExp][] = [
        ['text', 'drop', /"notes\.txt" was not put on the pad: it is a text\/plain file/],
        ['broken-png', 'drop', /"broken\.png" was not put on the pad: the picture could not be decoded/],
        ['blank-png', 'paste', /"blank\.png" was not put on the pad: the picture is flat/],
        ['tiny-gif', 'paste', /"tiny\.gif" was not put on the pad/],
      ];
      for (const [make, how, said] of cases) {
        expect(await deliver(page, how, make)).toBe('refused');
        expect((await scene.call<string[]>('notices()')).join('\n')).toMatch(said);
        expect(await page.locator('.draw-pad').isVisible()).toBe(false);
      }
      expect(await deliver(page, 'drop', 'one-png')).toBe('loaded');
      expect(await page.locator('.draw-pad').isVisible()).toBe(true);
      await page.waitForFunction(() => (window as unknown as { latentflow: { explorer: { status(): { label: number | null } | null } } }).latentflow.explorer.status()?.label != null, undefined, { timeout: 60_000 });
      expect((await scene.call<{ label: number }>('explorer.status()')).label).toBe(1);
      // The same picture pasted loads the same way.
      expect(await deliver(page, 'paste', 'one-png')).toBe('loaded');
      expect(appErrors(scene.tab.errors)).toEqual([]);
    } finally {
      await scene.close();
    }
  });

  it('starts or explains itself on every garbled address, never a blank page', async () => {
    const rng = createRng(14);
    const good = `?${SMALL}&preset=steer&u=-0.5#v=2&u=0.3&target=4&colour=speed`;
    for (let k = 0; k < 6; k++) {
      const address = mutateText(mutateText(good, rng), rng);
      const tab = await openPage(session.browser(), session.server().url(`/${address.replace(/^\/+/, '')}`), { viewport: { width: 480, height: 360 } });
      try {
        await tab.page.waitForFunction(() => document.documentElement.dataset.ready === '1' || document.querySelector('.fatal') !== null, undefined, { timeout: 120_000 });
        const fatal = await tab.page.locator('.fatal').count();
        if (fatal > 0) expect((await tab.page.locator('.fatal').textContent())!.length, address).toBeGreaterThan(10);
        else expect(await tab.page.locator('canvas.scene').count(), address).toBe(1);
        expect(appErrors(tab.errors), address).toEqual([]);
      } finally {
        await tab.close();
      }
    }
  });
});
