/**
 * Live input end to end (issue 25): a fake MIDIAccess and a fake Gamepad, put in place before the
 * page loads, move u (the gauge shows it) and step presets; learn mode maps a new control that is
 * still mapped after a reload (a broken mappings file changes nothing); a clicker's PageDown /
 * PageUp step the talk and b / . blank it, in the rotation scene too; without Web MIDI or a
 * gamepad the panel says why. Small wasm pages on the fixed-step clock.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openPage, type CollectedPage } from '../../harness/browser/chromium';
import { appErrors } from '../../harness/browser/scene-harness';
import { startServer, type TestServer } from '../../harness/browser/server';

let server: TestServer | undefined;
let browser: Browser | undefined;

const SMALL = 'backend=wasm&particles=256&bloom=0&fixedStep=1&rollouts=0';
const VIEWPORT = { width: 320, height: 240 };

interface FakeOptions {
  midi: 'fake' | 'none' | 'refuse';
  gamepad: 'fake' | 'none';
  /** Marks MIDI as connected on an earlier visit, so the page connects without the panel's click. */
  wantMidi: boolean;
}

/** What the fakes let a test do in the page. */
interface Fakes {
  midi(bytes: number[], input?: string): void;
  plug(id: string, name: string): void;
  connectPad(): void;
  axis(index: number, value: number): void;
  button(index: number, value: number): void;
}

/** Runs in the page before any of its scripts: replaces Web MIDI and the Gamepad API with fakes. */
function installFakes(options: FakeOptions): void {
  if (options.wantMidi) localStorage.setItem('latentflow.midi', '1');
  type Message = { data: Uint8Array };
  class FakeInput {
    readonly type = 'input';
    readonly state = 'connected';
    readonly connection = 'open';
    onmidimessage: ((event: Message) => void) | null = null;
    constructor(
      readonly id: string,
      readonly name: string,
    ) {}
  }
  const inputs = new Map<string, FakeInput>([['in-1', new FakeInput('in-1', 'Fake knobs')]]);
  const access = { inputs, outputs: new Map(), sysexEnabled: false, onstatechange: null as ((event: { port: FakeInput }) => void) | null };
  if (options.midi === 'none') Reflect.deleteProperty(Navigator.prototype, 'requestMIDIAccess');
  else {
    const request = () => (options.midi === 'refuse' ? Promise.reject(new DOMException('MIDI access denied', 'NotAllowedError')) : Promise.resolve(access));
    Object.defineProperty(Navigator.prototype, 'requestMIDIAccess', { configurable: true, value: request });
  }
  const pad = {
    id: 'Fake pad (STANDARD GAMEPAD)',
    index: 0,
    connected: true,
    mapping: 'standard',
    timestamp: 1,
    axes: [0, 0, 0, 0],
    buttons: Array.from({ length: 17 }, () => ({ pressed: false, touched: false, value: 0 })),
  };
  let shown = false;
  if (options.gamepad === 'none') Reflect.deleteProperty(Navigator.prototype, 'getGamepads');
  else Object.defineProperty(Navigator.prototype, 'getGamepads', { configurable: true, value: () => [shown ? pad : null, null, null, null] });
  const fakes: Fakes = {
    midi: (bytes, input = 'in-1') => inputs.get(input)?.onmidimessage?.({ data: new Uint8Array(bytes) }),
    plug: (id, name) => {
      const input = new FakeInput(id, name);
      inputs.set(id, input);
      access.onstatechange?.({ port: input });
    },
    connectPad: () => {
      shown = true;
      const event = new Event('gamepadconnected');
      Object.defineProperty(event, 'gamepad', { value: pad });
      window.dispatchEvent(event);
    },
    axis: (index, value) => {
      pad.axes[index] = value;
      pad.timestamp++;
    },
    button: (index, value) => {
      pad.buttons[index] = { pressed: value >= 0.5, touched: value > 0, value };
      pad.timestamp++;
    },
  };
  Object.assign(window, { fakes });
}

interface Scene {
  tab: CollectedPage;
  page: Page;
  call<T>(expression: string): Promise<T>;
  fake(action: (f: Fakes) => void): Promise<void>;
  u(): Promise<number>;
  waitFor<A>(what: string, predicate: (arg: A) => boolean, arg: A): Promise<void>;
  status(): Promise<string>;
  reload(): Promise<void>;
}

async function waitReady(page: Page): Promise<void> {
  await page.waitForFunction(() => document.documentElement.dataset.ready === '1' || document.documentElement.dataset.error !== undefined, undefined, { timeout: 150_000 });
  expect(await page.evaluate(() => document.documentElement.dataset.error ?? null)).toBeNull();
}

/** Opens `/?<query>` with the fakes installed before the page's scripts run. */
async function open(query: string, options: Partial<FakeOptions> = {}): Promise<Scene> {
  const tab = await openPage(browser!, undefined, { viewport: VIEWPORT });
  const fakeOptions: FakeOptions = { midi: 'fake', gamepad: 'fake', wantMidi: false, ...options };
  await tab.context.addInitScript(installFakes, fakeOptions);
  const { page } = tab;
  await page.goto(server!.url(`/?${query}`), { waitUntil: 'load' });
  await waitReady(page);
  const call = <T>(expression: string) => page.evaluate(`window.latentflow.${expression}`) as Promise<T>;
  return {
    tab,
    page,
    call,
    fake: (action) => page.evaluate(`(${action.toString()})(window.fakes)`),
    u: async () => (await call<{ u: number }>('state()')).u,
    waitFor: async (what, predicate, arg) => {
      // A function, not a string: the page's CSP has no unsafe-eval for a string predicate.
      await page.waitForFunction(predicate as (value: unknown) => boolean, arg as unknown, { timeout: 30_000 }).catch((e: Error) => {
        throw new Error(`waiting for ${what}: ${e.message}`);
      });
    },
    status: async () => (await page.locator('.perform-status').textContent()) ?? '',
    reload: async () => {
      await page.reload({ waitUntil: 'load' });
      await waitReady(page);
    },
  };
}

/** The page's test surface, as the predicates below read it. */
type Surface = Window & { latentflow: { state(): { u: number }; story(): { index: number } | null } };
const uIs = (u: number) => (window as unknown as Surface).latentflow.state().u === u;
const uAtLeast = (u: number) => (window as unknown as Surface).latentflow.state().u >= u;
const uAtMost = (u: number) => (window as unknown as Surface).latentflow.state().u <= u;
const storyAt = (index: number) => (window as unknown as Surface).latentflow.story()?.index === index;
const captionHas = (text: string) => (document.querySelector('.caption')?.textContent ?? '').includes(text);
const captionIsNot = (text: string) => (document.querySelector('.caption')?.textContent ?? '') !== text;
const statusHas = (text: string) => (document.querySelector('.perform-status')?.textContent ?? '').includes(text);

/** Unfolds the panel and its perform folder (a stage starts with the panel folded). */
async function openPerformFolder(page: Page): Promise<void> {
  await page.locator('.lil-root > .lil-title').click();
  await page.locator('.lil-gui .lil-title', { hasText: /^perform \(MIDI, gamepad\)$/ }).click();
}

const button = (page: Page, name: RegExp) => page.locator('.lil-controller button', { has: page.locator('.lil-name', { hasText: name }) });

beforeAll(async () => {
  server = await startServer({ config: { server: { hmr: false } } });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('live input', () => {
  it('a MIDI knob moves u (the gauge follows), a key steps to the next preset, a controller plugged in later is heard', async () => {
    const scene = await open(`preset=map&${SMALL}`);
    const { page } = scene;
    try {
      await openPerformFolder(page);
      expect(await scene.status()).toContain('MIDI: not connected');
      expect(await scene.status()).toContain('no gamepad connected — press a button on it');
      await button(page, /^connect MIDI$/).click();
      await scene.waitFor('the input named', statusHas, 'MIDI: Fake knobs');
      expect(await scene.u()).toBe(0);

      await scene.fake((f) => f.midi([0xb0, 7, 127]));
      await scene.waitFor('u at +1', uIs, 1);
      await scene.call('step(1)');
      expect(await page.locator('.u-readout').textContent()).toBe('u +1.00');
      await scene.fake((f) => f.midi([0xb0, 7, 32]));
      await scene.waitFor('u at -0.5', uIs, -0.5);

      // Any key (note on) steps to the next preset of presets/index.json: map, then field-forward.
      await scene.fake((f) => f.midi([0x99, 36, 100]));
      await scene.waitFor('the next preset', captionHas, 'The learned flow at u = +1');
      expect(await scene.u()).toBe(1);

      await scene.fake((f) => f.plug('in-2', 'Fake pads'));
      await scene.waitFor('both inputs named', statusHas, 'MIDI: Fake knobs, Fake pads');
      await scene.fake((f) => f.midi([0xb3, 1, 0], 'in-2'));
      await scene.waitFor('u at -1 from the second input', uIs, -1);

      // Outside a talk b keeps its meaning (bloom) and nothing is blanked.
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      await page.keyboard.press('b');
      expect((await scene.call<{ bloom: number }>('state()')).bloom).toBeGreaterThan(0);
      expect(await page.locator('.blank-screen').isVisible()).toBe(false);
      expect(appErrors(scene.tab.errors)).toEqual([]);
    } finally {
      await scene.tab.close();
    }
  }, 300_000);

  it('learn mode maps a new control that is still mapped after a reload; a broken import changes nothing, a good one maps', async () => {
    const scene = await open(`preset=map&${SMALL}`);
    const { page } = scene;
    try {
      await openPerformFolder(page);
      await button(page, /^connect MIDI$/).click();
      await scene.waitFor('MIDI connected', statusHas, 'MIDI: Fake knobs');
      await button(page, /^learn: next preset/).click();
      expect(await button(page, /^learning next preset/).count()).toBe(1);
      await scene.fake((f) => f.midi([0xb0, 20, 127]));
      await scene.waitFor('the mapping listed', statusHas, 'CC 20 (ch 1) → next preset');
      // Learning took the press: the view did not step.
      expect(await page.locator('.caption').textContent()).toContain('The map');
      expect(await scene.u()).toBe(0);

      // CC 20 is a button now: press it (let go, press) and the next preset comes.
      await scene.fake((f) => {
        f.midi([0xb0, 20, 0]);
        f.midi([0xb0, 20, 127]);
      });
      await scene.waitFor('the next preset', captionHas, 'The learned flow at u = +1');

      await scene.reload();
      // Connected at start this time (MIDI was connected on the earlier visit), the mapping kept.
      await scene.waitFor('MIDI connected again', statusHas, 'MIDI: Fake knobs');
      expect(await scene.status()).toContain('CC 20 (ch 1) → next preset');
      const before = await page.locator('.caption').textContent();
      await scene.fake((f) => {
        f.midi([0xb0, 20, 0]);
        f.midi([0xb0, 20, 127]);
      });
      await scene.waitFor('a preset step from the learned control', captionIsNot, before ?? '');

      // A broken file is refused with its reason, and the mapping in use stays.
      const file = (name: string, text: string) => ({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
      const bad = JSON.stringify({ format: 'latentflow-controls', version: 1, mappings: [{ control: { device: 'midi', kind: 'cc', channel: 17, number: 1 }, target: 'u' }] });
      await page.locator('input.perform-import').setInputFiles(file('bad.json', bad));
      await scene.waitFor('the refusal', statusHas, 'import of bad.json refused: mappings[0].control.channel must be a whole number 1..16');
      expect(await scene.status()).toContain('CC 20 (ch 1) → next preset');
      const good = JSON.stringify({ format: 'latentflow-controls', version: 1, mappings: [{ control: { device: 'midi', kind: 'note', channel: 2, number: 50 }, target: 'blank' }] });
      await page.locator('input.perform-import').setInputFiles(file('good.json', good));
      await scene.waitFor('the imported mapping', statusHas, 'note 50 (ch 2) → blank the screen');
      await scene.fake((f) => f.midi([0x91, 50, 90]));
      await scene.waitFor('the screen blanked', () => document.querySelector<HTMLElement>('.blank-screen')?.hidden === false, null);
      expect(appErrors(scene.tab.errors)).toEqual([]);
    } finally {
      await scene.tab.close();
    }
  }, 300_000);

  it('a gamepad stick moves u, its shoulder button steps presets and A starts a rollout', async () => {
    const scene = await open(SMALL);
    try {
      expect(await scene.status()).toContain('no gamepad connected — press a button on it');
      await scene.fake((f) => f.connectPad());
      await scene.waitFor('the pad named', statusHas, 'gamepad: Fake pad');
      await scene.call('setU(0)');
      await scene.fake((f) => f.axis(0, 1));
      await scene.waitFor('u pushed up', uAtLeast, 0.3);
      await scene.fake((f) => f.axis(0, 0));
      await scene.fake((f) => f.axis(0, -1));
      await scene.waitFor('u pushed down', uAtMost, -0.3);
      await scene.fake((f) => f.axis(0, 0));

      await scene.fake((f) => f.button(5, 1));
      await scene.waitFor('the first preset', captionHas, 'The map');
      await scene.fake((f) => f.button(5, 0));

      expect(await scene.call<unknown[]>('rollouts()')).toEqual([]);
      await scene.fake((f) => f.button(0, 1));
      let rollouts: { start: number }[] = [];
      for (let tries = 0; tries < 200 && rollouts.length === 0; tries++) {
        await scene.call('step(1)');
        rollouts = await scene.call<{ start: number }[]>('rollouts()');
      }
      expect(rollouts.length).toBeGreaterThan(0);
      expect(appErrors(scene.tab.errors)).toEqual([]);
    } finally {
      await scene.tab.close();
    }
  }, 300_000);

  it('without a gamepad API and with MIDI refused, the panel says why and the keys still work', async () => {
    const scene = await open(SMALL, { midi: 'refuse', gamepad: 'none' });
    const { page } = scene;
    try {
      await openPerformFolder(page);
      expect(await scene.status()).toContain('Gamepad API not available in this browser');
      await button(page, /^connect MIDI$/).click();
      await scene.waitFor('the refusal explained', statusHas, 'MIDI permission refused (NotAllowedError');
      await scene.call('setU(0)');
      // The panel keeps the keys its focused button gets (lil-gui stops them): focus back on the page.
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      await page.keyboard.press('ArrowRight');
      expect(await scene.u()).toBe(0.25);
      expect(appErrors(scene.tab.errors)).toEqual([]);
    } finally {
      await scene.tab.close();
    }
  }, 300_000);

  it('in a talk, a clicker steps (PageDown / PageUp) and blanks (b, .), and MIDI steps it and moves u on the gauge', async () => {
    const scene = await open(`talk=latent-dynamics&${SMALL}`, { wantMidi: true });
    const { page } = scene;
    const index = async () => (await scene.call<{ index: number }>('story()')).index;
    try {
      expect(await index()).toBe(0);
      await page.keyboard.press('PageDown');
      expect(await index()).toBe(1);
      await page.keyboard.press('PageUp');
      expect(await index()).toBe(0);

      const bloom = (await scene.call<{ bloom: number }>('state()')).bloom;
      await page.keyboard.press('b');
      expect(await page.locator('.blank-screen').isVisible()).toBe(true);
      await page.keyboard.press('.');
      expect(await page.locator('.blank-screen').isVisible()).toBe(false);
      expect((await scene.call<{ bloom: number }>('state()')).bloom).toBe(bloom);

      // MIDI connected at start (an earlier visit did), with the panel hidden by the talk.
      await scene.waitFor('MIDI connected', statusHas, 'MIDI: Fake knobs');
      await scene.fake((f) => f.midi([0x90, 60, 100]));
      await scene.waitFor('the next step', storyAt, 1);
      await scene.fake((f) => f.midi([0xb0, 1, 0]));
      await scene.waitFor('u at -1', uIs, -1);
      await scene.call('step(1)');
      expect(await page.locator('.u-gauge').isVisible()).toBe(true);
      expect(await page.locator('.u-readout').textContent()).toBe('u \u22121.00');
      expect(appErrors(scene.tab.errors)).toEqual([]);
    } finally {
      await scene.tab.close();
    }
  }, 300_000);

  it('a clicker works in the rotation scene a talk passes through: b / . blank it, PageUp goes back', async () => {
    const tab = await openPage(browser!, server!.url('/?talk=latent-dynamics&step=8&backend=wasm&particles=256&bloom=0'), { viewport: VIEWPORT });
    const { page } = tab;
    try {
      await page.waitForURL(/scene=rotation/, { timeout: 60_000 });
      await waitReady(page);
      await page.keyboard.press('b');
      expect(await page.locator('.blank-screen').isVisible()).toBe(true);
      await page.keyboard.press('.');
      expect(await page.locator('.blank-screen').isVisible()).toBe(false);
      await page.keyboard.press('PageUp');
      await page.waitForURL((url) => url.searchParams.get('step') === '7' && url.searchParams.get('scene') === null, { timeout: 60_000 });
      expect(appErrors(tab.errors)).toEqual([]);
    } finally {
      await tab.close();
    }
  }, 300_000);

  it('without Web MIDI the panel says so', async () => {
    const scene = await open(SMALL, { midi: 'none', gamepad: 'none' });
    try {
      expect(await scene.status()).toContain('Web MIDI not available in this browser');
      expect(await scene.page.locator('.lil-controller button', { hasText: 'connect MIDI' }).count()).toBe(0);
      expect(appErrors(scene.tab.errors)).toEqual([]);
    } finally {
      await scene.tab.close();
    }
  }, 300_000);
});
