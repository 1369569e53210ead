/**
 * Embedding (issue 25, docs/embedding.md): the example slide (examples/embed/) drives an embedded
 * latentflow through postMessage, by its own buttons, and hears ready, ok, stepReached and
 * rolloutFinished with the digits the page shows; malformed messages get an error each and change
 * nothing; messages from an origin not allowed (a sandboxed frame; 127.0.0.1 beside a localhost
 * parent, which are different origins) are ignored unanswered and counted. All on the wasm path,
 * few particles, small viewports, under the page's CSP, with no request to another origin.
 */
import { describe, expect, it } from 'vitest';
import type { Frame, Page } from 'playwright-core';
import { createServer } from 'node:http';
import { openPage } from '../../harness/browser/chromium';
import { watchCsp } from '../../harness/browser/csp-watch';
import { usePageSession } from '../../harness/browser/page-session';
import { appErrors } from '../../harness/browser/scene-harness';
import { freePort } from '../../harness/browser/server';
import type { EmbedStatus } from '../../src/page/embed/embed-host';

const session = usePageSession();
const SMALL = 'backend=wasm&particles=256&bloom=0';
const START_MS = 150_000;

type Heard = { latentflow: number; type: string; [field: string]: unknown };

/** The events the page heard so far: the example's list (window.embedExample.events), or the test host's. */
const events = (page: Page) => page.evaluate(() => (window as unknown as { embedExample: { events: Heard[] } }).embedExample.events.slice());

/** Waits for an event after the first `from` that has every field of `match`, and returns it. */
async function eventAfter(page: Page, from: number, match: Record<string, unknown>, timeout = 60_000): Promise<Heard> {
  const handle = await page.waitForFunction(
    ({ from, match }) =>
      (window as unknown as { embedExample: { events: Heard[] } }).embedExample.events.slice(from).find((e) => Object.entries(match).every(([k, v]) => JSON.stringify(e[k]) === JSON.stringify(v))) ?? null,
    { from, match },
    { timeout },
  );
  return (await handle.jsonValue()) as Heard;
}

async function frameWhere(page: Page, test: (url: string) => boolean): Promise<Frame> {
  for (let tries = 0; tries < 100; tries++) {
    const frame = page.frames().find((f) => test(f.url()));
    if (frame !== undefined) return frame;
    await page.waitForTimeout(100);
  }
  throw new Error(`no frame matched; frames: ${page.frames().map((f) => f.url()).join(', ')}`);
}

const api = <T>(frame: Frame, expression: string) => frame.evaluate(`window.latentflow.${expression}`) as Promise<T>;
const status = (frame: Frame) => api<EmbedStatus>(frame, 'embed.status()');

describe('embedding', () => {
  it('the example slide drives u, a preset, a talk step, play/pause and a rollout, and hears every event', async () => {
    const tab = await openPage(session.browser(), undefined, { viewport: { width: 900, height: 520 } });
    const origin = new URL(session.server().url('/')).origin;
    const watch = await watchCsp(tab.page, origin);
    const { page } = tab;
    try {
      await page.goto(session.server().url(`/examples/embed/?${SMALL}&talk=latent-dynamics`));
      const ready = await eventAfter(page, 0, { type: 'ready' }, START_MS).catch((e: Error) => {
        throw new Error(`${e.message}\npage errors:\n${tab.errors.join('\n') || '(none)'}`);
      });
      expect(ready).toMatchObject({ latentflow: 1, version: 1, backend: 'wasm', paused: false, talk: { talk: 'latent-dynamics', index: 0, count: 8, preset: 'map' } });
      expect(ready.presets).toContain('counting-backward');
      expect(ready.commands).toEqual(['hello', 'setU', 'preset', 'step', 'play', 'pause', 'rollout']);
      const frame = await frameWhere(page, (url) => url.includes('embed=1'));
      expect(await status(frame)).toMatchObject({ allowed: [origin], parent: origin, ready: true, obeyed: 0, refused: 0 });

      // The scene alone: no title, HUD, panel, notices, caption, gauge or cards, and the canvas fills the frame.
      const chrome = await frame.evaluate(() => {
        const shown = (selector: string) => [...document.querySelectorAll(selector)].filter((el) => el.getClientRects().length > 0).length;
        const canvas = document.querySelector('canvas.scene')!.getBoundingClientRect();
        return { shown: ['.title', '.hud', '.lil-gui', '.notices', '.caption', '.u-gauge', '.stage-cards', '.explore-panel'].map(shown), canvas: [canvas.width, canvas.height], size: [innerWidth, innerHeight] };
      });
      expect(chrome.shown).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
      expect(chrome.canvas).toEqual(chrome.size);

      // u from the slider: applied, and any schedule of the view given up.
      let n = (await events(page)).length;
      await page.locator('#u').evaluate((el: HTMLInputElement) => {
        el.value = '-0.5';
        el.dispatchEvent(new Event('input'));
      });
      await eventAfter(page, n, { type: 'ok', of: 'setU' });
      expect(await api<{ u: number; uKeys: unknown[] }>(frame, 'state()')).toMatchObject({ u: -0.5, uKeys: [] });

      // A preset by its button: its u (-1) and its rollout digits, with the query's particles and bloom kept.
      n = (await events(page)).length;
      await page.locator('button[data-preset="counting-backward"]').click();
      await eventAfter(page, n, { type: 'ok', of: 'preset' });
      expect(await api<{ u: number; rolloutDigits: number[]; particles: number; bloom: number }>(frame, 'state()')).toMatchObject({ u: -1, rolloutDigits: [9], particles: 256, bloom: 0 });

      // The talk's next step: stepReached, then ok, and the page's talk is there.
      n = (await events(page)).length;
      await page.getByRole('button', { name: 'next step' }).click();
      const step = await eventAfter(page, n, { type: 'stepReached' });
      expect(step).toMatchObject({ talk: 'latent-dynamics', index: 1, count: 8, preset: 'field-forward' });
      await eventAfter(page, n, { type: 'ok', of: 'step' });
      expect(await api<{ index: number }>(frame, 'story()')).toMatchObject({ index: 1 });

      // Pause and play.
      n = (await events(page)).length;
      await page.locator('#play').click();
      await eventAfter(page, n, { type: 'ok', of: 'pause' });
      expect(await api<{ paused: boolean }>(frame, 'state()')).toMatchObject({ paused: true });
      await page.locator('#play').click();
      await eventAfter(page, n, { type: 'ok', of: 'play' });
      expect(await api<{ paused: boolean }>(frame, 'state()')).toMatchObject({ paused: false });

      // A rollout from a 3: ok at once, then the judged digits, the same the page shows.
      n = (await events(page)).length;
      await page.getByRole('button', { name: 'roll out from a 3' }).click();
      await eventAfter(page, n, { type: 'ok', of: 'rollout' });
      const rolled = await eventAfter(page, n, { type: 'rolloutFinished' }, 120_000);
      const digits = rolled.digits as number[];
      const steps = (await api<{ rolloutSteps: number }>(frame, 'state()')).rolloutSteps;
      expect(rolled).toMatchObject({ digit: 3, steps });
      expect(digits).toHaveLength(steps + 1);
      expect(digits.every((d) => Number.isInteger(d) && d >= 0 && d <= 9)).toBe(true);
      // The start is a typical held-out 3, and the judge reads it so.
      expect(digits[0]).toBe(3);
      const shown = await api<{ mode: string; labels: number[] }[]>(frame, 'rollouts()');
      expect(shown.filter((t) => t.mode === 'grounded').map((t) => t.labels)).toContainEqual(digits);
      expect(await page.locator('#digits').textContent()).toContain(`from a 3: ${digits.join(' \u2192 ')}`);

      // Malformed messages: an error each, naming what is wrong, and nothing changes.
      const before = await frame.evaluate(() => {
        const lf = (window as unknown as { latentflow: { state(): Record<string, unknown>; story(): { index: number }; rollouts(): unknown } }).latentflow;
        const { u, paused, rolloutDigits, rolloutSteps, particles, uKeys } = lf.state();
        return JSON.stringify({ u, paused, rolloutDigits, rolloutSteps, particles, uKeys, step: lf.story().index, rollouts: lf.rollouts() });
      });
      const counts = await status(frame);
      n = (await events(page)).length;
      const bad: unknown[] = [
        { latentflow: 1, type: 'setU', u: Number.NaN, id: 'nan' },
        { latentflow: 1, type: 'setU', u: 2, id: 'far' },
        { latentflow: 2, type: 'setU', u: 0.5, id: 'v2' },
        { latentflow: 1, type: 'reload', id: 'what' },
        { latentflow: 1, type: 'preset', name: 'no-such-preset', id: 'np' },
        { latentflow: 1, type: 'preset', name: 'rotation', id: 'rot' },
        { latentflow: 1, type: 'preset', name: 'x'.repeat(100_000), id: 'huge' },
        { latentflow: 1, type: 'step', index: 8, id: 'past' },
        { latentflow: 1, type: 'rollout', digit: 12, id: 'd12' },
        { latentflow: 1, type: 'pause', now: true, id: 'extra' },
        'setU 0.5',
        null,
        [1, 2, 3],
      ];
      await page.evaluate(({ messages, to }) => {
        const target = (document.getElementById('latentflow') as HTMLIFrameElement).contentWindow!;
        for (const m of messages) target.postMessage(m, to);
      }, { messages: bad, to: origin });
      await page.waitForFunction(({ from, count }) => (window as unknown as { embedExample: { events: Heard[] } }).embedExample.events.slice(from).filter((e) => e.type === 'error').length >= count, { from: n, count: bad.length }, { timeout: 30_000 });
      const errors = (await events(page)).slice(n).filter((e) => e.type === 'error');
      const byId = Object.fromEntries(errors.filter((e) => e.id !== null).map((e) => [e.id as string, e]));
      expect(byId.nan).toMatchObject({ code: 'bad-value', of: 'setU', message: 'setU: u must be a number in [-1, 1], not NaN' });
      expect(byId.far).toMatchObject({ code: 'bad-value', message: 'setU: u must be a number in [-1, 1], not 2' });
      expect(byId.v2).toMatchObject({ code: 'version', message: 'protocol version 2 is not spoken here; this page speaks version 1' });
      expect(byId.what).toMatchObject({ code: 'unknown-type' });
      expect(byId.np).toMatchObject({ code: 'unknown-preset', of: 'preset' });
      expect(byId.np!.message).toMatch(/^preset "no-such-preset" is not one of map, /);
      expect(byId.rot).toMatchObject({ code: 'unavailable', of: 'preset' });
      expect(byId.huge).toMatchObject({ code: 'bad-value', message: 'preset: name must be a preset name (up to 64 letters, digits, - and _), not a text of 100000 characters' });
      expect(byId.past).toMatchObject({ code: 'bad-value', message: 'step: index 8 is past the last step of talk latent-dynamics (0..7)' });
      expect(byId.d12).toMatchObject({ code: 'bad-value', of: 'rollout' });
      expect(byId.extra).toMatchObject({ code: 'bad-value', message: 'pause has no field "now" (its fields: none)' });
      expect(errors.filter((e) => e.id === null).map((e) => e.code)).toEqual(['not-a-message', 'not-a-message', 'not-a-message']);
      // No ok slipped in between, and the view is as it was.
      expect((await events(page)).slice(n).filter((e) => e.type !== 'error')).toEqual([]);
      const after = await frame.evaluate(() => {
        const lf = (window as unknown as { latentflow: { state(): Record<string, unknown>; story(): { index: number }; rollouts(): unknown } }).latentflow;
        const { u, paused, rolloutDigits, rolloutSteps, particles, uKeys } = lf.state();
        return JSON.stringify({ u, paused, rolloutDigits, rolloutSteps, particles, uKeys, step: lf.story().index, rollouts: lf.rollouts() });
      });
      expect(after).toBe(before);
      expect(await status(frame)).toMatchObject({ obeyed: counts.obeyed, refused: counts.refused + bad.length, ignored: counts.ignored });

      // From an origin not allowed (a sandboxed frame's opaque origin), and from a window that is not the parent: ignored, counted, unanswered.
      const u = (await api<{ u: number }>(frame, 'state()')).u;
      n = (await events(page)).length;
      await page.evaluate(() => {
        const other = document.createElement('iframe');
        other.sandbox.add('allow-scripts');
        other.srcdoc = '<script>parent.frames[0].postMessage({ latentflow: 1, type: "setU", u: 0.9, id: "sandboxed" }, "*")</script>';
        document.body.append(other);
      });
      await frame.waitForFunction(() => (window as unknown as { latentflow: { embed: { status(): EmbedStatus } } }).latentflow.embed.status().ignored.origin === 1, undefined, { timeout: 30_000 });
      await frame.evaluate(() => window.postMessage({ latentflow: 1, type: 'setU', u: 0.9, id: 'self' }, location.origin));
      await frame.waitForFunction(() => (window as unknown as { latentflow: { embed: { status(): EmbedStatus } } }).latentflow.embed.status().ignored.source === 1, undefined, { timeout: 30_000 });
      // hello is answered with a fresh ready: anything the two had changed would show in it.
      await page.evaluate(() => (window as unknown as { embedExample: { send(type: string): string } }).embedExample.send('hello'));
      const again = await eventAfter(page, n, { type: 'ready' });
      expect(again).toMatchObject({ u, talk: { index: 1 } });
      expect(u).not.toBe(0.9);
      expect((await events(page)).slice(n).map((e) => e.type)).toEqual(['ready']);
      expect((await api<{ u: number }>(frame, 'state()')).u).toBe(u);

      expect(await watch.violations()).toEqual([]);
      expect(await frame.evaluate(() => (window as unknown as { __csp: string[] }).__csp.slice())).toEqual([]);
      expect(watch.foreign()).toEqual([]);
      expect(appErrors(tab.errors)).toEqual([]);
    } finally {
      await tab.close();
    }
  }, 400_000);

  it('obeys only the origins it is told: a localhost parent when named, never 127.0.0.1 beside it', async () => {
    const server = session.server();
    // The slide host: a page of its own at localhost (a second, tiny server: no COEP, as a slide
    // deck's host would be), framing latentflow at 127.0.0.1 told to obey localhost only, and
    // beside it a second frame at 127.0.0.1 itself, the latentflow page's own origin.
    const hostPort = await freePort();
    const parentOrigin = `http://localhost:${hostPort}`;
    const embedded = server.url(`/?embed=1&${SMALL}&origins=${encodeURIComponent(parentOrigin)}`);
    const other = server.url('/__embed-test-other.html');
    const hostPage = `<!doctype html><body><iframe id="lf" src="${embedded}" style="width:320px;height:200px"></iframe><iframe id="other" src="${other}"></iframe>
<script>window.embedExample = { events: [] }; addEventListener('message', (e) => { if (e.origin === '${server.baseUrl}') window.embedExample.events.push(e.data); });</script></body>`;
    const host = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end(hostPage);
    });
    await new Promise<void>((resolve) => host.listen(hostPort, '127.0.0.1', resolve));
    const tab = await openPage(session.browser(), undefined, { viewport: { width: 560, height: 360 } }).catch(async (e: unknown) => {
      host.close();
      throw e;
    });
    const { page, context } = tab;
    try {
      await context.route(other, (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><p>another page at 127.0.0.1</p>' }));
      await page.goto(`${parentOrigin}/`);
      const ready = await eventAfter(page, 0, { type: 'ready' }, START_MS).catch((e: Error) => {
        throw new Error(`${e.message}\npage errors:\n${tab.errors.join('\n') || '(none)'}`);
      });
      expect(ready).toMatchObject({ latentflow: 1, backend: 'wasm', talk: null });
      const frame = await frameWhere(page, (url) => url.includes('embed=1'));
      expect(await status(frame)).toMatchObject({ allowed: [parentOrigin], parent: parentOrigin });

      await page.evaluate((to) => (document.getElementById('lf') as HTMLIFrameElement).contentWindow!.postMessage({ latentflow: 1, type: 'setU', u: 0.25, id: 'from-localhost' }, to), server.baseUrl);
      await eventAfter(page, 0, { type: 'ok', id: 'from-localhost' });
      expect((await api<{ u: number }>(frame, 'state()')).u).toBe(0.25);

      // The latentflow page's own origin, not on the list: ignored and counted, and the parent hears nothing of it.
      const heard = (await events(page)).length;
      const sibling = await frameWhere(page, (url) => url.endsWith('/__embed-test-other.html'));
      await sibling.evaluate(() => (parent.frames[0] as Window).postMessage({ latentflow: 1, type: 'setU', u: 0.9, id: 'from-127' }, '*'));
      await sibling.evaluate(() => (parent.frames[0] as Window).postMessage({ latentflow: 1, type: 'rollout', digit: 1 }, '*'));
      await frame.waitForFunction(() => (window as unknown as { latentflow: { embed: { status(): EmbedStatus } } }).latentflow.embed.status().ignored.origin === 2, undefined, { timeout: 30_000 });
      expect((await api<{ u: number }>(frame, 'state()')).u).toBe(0.25);
      expect(await status(frame)).toMatchObject({ obeyed: 1, refused: 0, ignored: { origin: 2, source: 0 } });
      expect(await events(page)).toHaveLength(heard);
      expect(appErrors(tab.errors)).toEqual([]);
    } finally {
      await tab.close();
      await new Promise((resolve) => host.close(resolve));
    }
  }, 300_000);
});
