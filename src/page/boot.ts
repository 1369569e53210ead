/**
 * Page start-up: read the URL, pick a GPU path (falling back and saying so), load the models on
 * it, build the world and the app, start the clock, and expose the test surface. A lost device
 * restarts everything on the next path. Anything that stops the start shows a message, never a
 * blank page.
 */
import { BundleError } from '../model/bundle';
import { createAppRecordHost } from './record/record-host';
import { installRecording } from './record/page-recording';
import { Hud } from './chrome/hud';
import { bindKeys } from './keys';
import { Notices, showFatal } from './chrome/notices';
import { createPanel } from './panel';
import { addPresetFolder } from './present/preset-panel';
import { toggleFullscreen, toggleOverlays } from './chrome/caption';
import { App } from '../engine/engine';
import { FrameLoop } from './loop/frame-loop';
import { pathOrder, probePaths } from '../engine/backends/choose-path';
import { createPath } from '../engine/open-backend';
import type { RenderPath } from '../engine/backends/render-path';
import { ReadbackMeter } from '../engine/readback-meter';
import { createTestSurface } from './test-surface';
import { createPresentation, type Presentation } from './present/presentation';
import { loadPresetIndex } from './present/presets';
import { startView } from './present/start-view';
import { loadWorldOn, manifoldLabel } from '../engine/load-world';
import { loadManifoldIndex } from '../model/bundle';
import { pickManifold } from './manifold-choice';
import type { ManifoldIndex } from '../model/manifest';
import { addManifoldControl } from './manifold-panel';
import type { AppState, LaunchOptions, PathName } from '../spec/spec';

const COUNTER_REFRESH_MS = 2000;

/** Where start-up time went, ms: GPU path, model download + load, world (encoding), first frame. */
export const startupMs = { gpu: 0, models: 0, world: 0, firstFrame: 0 };

interface Shell {
  canvasHost: HTMLElement;
  overlay: HTMLElement;
  notices: Notices;
  hud: Hud;
}

function createShell(root: HTMLElement): Shell {
  const canvasHost = document.createElement('div');
  canvasHost.className = 'canvas-host';
  const overlay = document.createElement('div');
  overlay.className = 'overlay';
  root.append(canvasHost, overlay);
  const notices = new Notices(root);
  const hud = new Hud(root);
  return { canvasHost, overlay, notices, hud };
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

class Launcher {
  private app: App | undefined;
  private loop: FrameLoop | undefined;
  private path: RenderPath | undefined;
  /** Chosen once (from ?manifold= and the index) and kept when a lost device restarts the page. */
  private manifold: Promise<{ index: ManifoldIndex; id: string }> | undefined;

  constructor(
    private readonly shell: Shell,
    private readonly state: AppState,
    private readonly launch: LaunchOptions,
    private readonly meter: ReadbackMeter,
    private readonly view: Presentation,
  ) {}

  manifoldChoice(): Promise<{ index: ManifoldIndex; id: string }> {
    this.manifold ??= loadManifoldIndex(this.base()).then((index) => {
      const pick = pickManifold(index, this.launch.manifold);
      if (pick.notice !== null) this.shell.notices.notice(pick.notice);
      return { index, id: pick.id };
    });
    return this.manifold;
  }

  private base(): string {
    return this.launch.assets || import.meta.env.BASE_URL.replace(/\/$/, '');
  }

  current(): App {
    if (this.app === undefined) throw new Error('latentflow has not started yet');
    return this.app;
  }

  currentLoop(): FrameLoop {
    if (this.loop === undefined) throw new Error('latentflow has not started yet');
    return this.loop;
  }

  /** Tries each path in turn until one runs; returns false (after a fatal message) if none does. */
  async start(order: PathName[]): Promise<boolean> {
    const { notices } = this.shell;
    for (let i = 0; i < order.length; i++) {
      const name = order[i]!;
      const next = order[i + 1];
      const canvas = document.createElement('canvas');
      canvas.className = 'scene';
      this.shell.canvasHost.replaceChildren(canvas);
      let path: RenderPath;
      try {
        const t0 = performance.now();
        path = await createPath(name, canvas);
        startupMs.gpu = performance.now() - t0;
      } catch (e) {
        notices.notice(`${name} path unavailable (${errorText(e)})${next ? `; trying ${next}` : ''}`);
        continue;
      }
      if (this.launch.backend !== null && name !== this.launch.backend) notices.notice(`running on ${name} instead of the requested ${this.launch.backend}`);
      if (name === 'wasm') notices.notice('No usable GPU path for the model: tfjs runs on the CPU (wasm) and particle positions are uploaded every frame, so fewer particles.');
      else if (path.software) notices.notice(`${name} runs on a software device (${path.device}): correct but slow${this.launch.particlesPinned ? '' : ', so few particles'}.`);
      try {
        await this.run(path, order.slice(i + 1));
        return true;
      } catch (e) {
        path.dispose();
        if (e instanceof BundleError) {
          showFatal(`A model file is missing or damaged: ${e.message}`, 'Run `npm run train` (or restore assets/models) and reload.');
          return false;
        }
        notices.error(`${name} path failed while starting: ${errorText(e)}`);
      }
    }
    showFatal('No GPU path could start (WebGPU, WebGL2 and the CPU fallback all failed).', notices.all().join('\n'));
    return false;
  }

  private async run(path: RenderPath, fallbacks: PathName[]): Promise<void> {
    const { shell, state } = this;
    const base = this.base();
    const { world, ms, bundle } = await loadWorldOn(path, base, (await this.manifoldChoice()).id);
    const manifold = manifoldLabel(bundle);
    this.view.caption.setManifold(`on the ${manifold.recipe} manifold: ${manifold.signal}`);
    startupMs.models = ms.models;
    if (!this.launch.particlesPinned) state.particles = path.defaultParticles;
    startupMs.world = ms.world;
    const t = performance.now();
    const app = new App({ path, world, state, meter: this.meter, hud: shell.hud, overlay: shell.overlay, fixedStep: this.launch.fixedStep, field: this.launch.field, manifold });
    let lastCounters = 0;
    const loop = new FrameLoop(
      app,
      this.view.clock,
      () => {
        startupMs.firstFrame = performance.now() - t;
        document.documentElement.dataset.ready = '1';
        document.documentElement.dataset.backend = path.name;
      },
      () => {
        shell.hud.update(app.stats());
        this.view.slowTick(app);
        // Two floats, read at a low rate and only in live mode: fixed-step frames read nothing back.
        if (!this.launch.fixedStep && performance.now() - lastCounters > COUNTER_REFRESH_MS) {
          lastCounters = performance.now();
          void app.refreshCounters();
        }
      },
    );
    loop.beforeFrame((time) => this.view.beforeFrame(app, time));
    this.app = app;
    this.loop = loop;
    this.path = path;
    path.onError((message) => shell.notices.error(message));
    void path.lost.then((message) => this.recover(path, message, fallbacks));
    loop.start();
  }

  private async recover(lostPath: RenderPath, message: string, fallbacks: PathName[]): Promise<void> {
    if (this.path !== lostPath) return;
    this.shell.notices.error(`${message}${fallbacks.length ? `; restarting on ${fallbacks[0]}` : ''}`);
    this.loop?.stop();
    try {
      this.app?.dispose();
    } catch {
      // The device is gone: freeing its resources may fail, and nothing is left to free.
    }
    lostPath.dispose();
    this.app = undefined;
    this.loop = undefined;
    this.path = undefined;
    await this.start(fallbacks);
  }

  resize(): void {
    this.app?.resize();
  }

  stepOnce(): void {
    if (this.launch.fixedStep) void this.loop?.step(1);
    else this.app?.requestStep();
  }
}

export async function boot(root: HTMLElement): Promise<void> {
  const meter = new ReadbackMeter();
  meter.install();
  const shell = createShell(root);
  const view = await startView(location.search, location.hash);
  const { state, launch } = view;
  for (const n of view.notices) shell.notices.notice(n);
  const presentation = await createPresentation(view, view.patch, shell.overlay, (n) => shell.notices.notice(n));
  const launcher = new Launcher(shell, state, launch, meter, presentation);
  const api = createTestSurface(() => launcher.current(), () => launcher.currentLoop(), state, () => shell.notices.all(), () => ({ ...startupMs }), presentation);
  Object.assign(window, { latentflow: api });

  // The gallery never shows a GUI: no panel, no HUD.
  if (launch.autopilot !== null) document.documentElement.classList.add('autopilot');
  const gui = launch.autopilot !== null ? null : createPanel(state, { stepOnce: () => launcher.stepOnce(), resetCamera: () => launcher.current().stage.resetCamera() });
  if (gui !== null) {
    // A missing index stops the start with its own message; the panel then just has no switch.
    launcher
      .manifoldChoice()
      .then(({ index, id }) => addManifoldControl(gui, index, id, (search) => location.assign(`${location.pathname}${search}`)))
      .catch(() => undefined);
    void loadPresetIndex().then(({ index, notices }) => {
      notices.forEach((n) => shell.notices.notice(n));
      addPresetFolder(gui, index, view.preset?.name ?? null, {
        choose: (name) => presentation.choosePreset(name),
        // Without the hash: at start-up the hash wins over ?preset= and ?talk=.
        navigate: (search) => location.assign(`${location.pathname}${search}`),
      });
    });
  }
  api.recorder = installRecording({
    parent: root,
    host: createAppRecordHost(() => launcher.current(), () => launcher.currentLoop(), state),
    gui,
    notices: shell.notices,
    stem: () => new URLSearchParams(location.search).get('preset') ?? '',
  });
  const story = presentation.story;
  bindKeys(window, state, {
    stepOnce: () => launcher.stepOnce(),
    resetCamera: () => launcher.current().stage.resetCamera(),
    togglePanels: () => toggleOverlays(),
    fullscreen: toggleFullscreen,
    toggleCaption: () => (presentation.caption.visible = !presentation.caption.visible),
    story: story && { next: () => story.next(), previous: () => story.previous() },
  });
  window.addEventListener('resize', () => launcher.resize());

  // A forced path needs no probe (and skips requesting a WebGPU adapter twice).
  const probe = launch.backend === null ? await probePaths() : null;
  await launcher.start(pathOrder(launch.backend, probe));
}
