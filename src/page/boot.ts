/**
 * Page start-up: read the URL, start latentflow through createLatentFlow on the best GPU path
 * (the engine falls back and restarts after a lost device; the page says so), wire the chrome
 * (HUD, panel, keys, hover card, labels), the presentation and the recorder to the engine, and
 * expose the test surface. Each restart of the engine is wired again. Anything that stops the
 * start shows a message, never a blank page.
 */
import { BundleError, createLatentFlow, engineOf, FrameLoop, loadManifoldIndex, pathOrder, probePaths, type Engine, type LatentFlow, type ManifoldIndex } from '../engine';
import { digitCount, digitImage } from '../model/dataset';
import { flowParams } from '../spec/flow-params';
import type { AppState, LaunchOptions, PathName } from '../spec/spec';
import { toggleFullscreen, toggleOverlays } from './chrome/caption';
import { createCentroidLabels } from './chrome/centroid-labels';
import { Hud } from './chrome/hud';
import { Notices, showFatal } from './chrome/notices';
import { DrawPad } from './explore/draw-pad';
import { acceptDroppedDigits } from './explore/drop-digit';
import { ExploreTools } from './explore/explore-tools';
import { attachHover } from './hover';
import { bindKeys } from './keys';
import { pickManifold } from './manifold-choice';
import { addManifoldControl } from './manifold-panel';
import { createPanel } from './panel';
import { addPresetFolder } from './present/preset-panel';
import { createPresentation, type Presentation } from './present/presentation';
import { loadPresetIndex } from './present/presets';
import { startView } from './present/start-view';
import { installKioskPage } from './kiosk/kiosk-page';
import type { Kiosk } from './kiosk/kiosk';
import { installPerform } from './perform/perform';
import { createAppRecordHost } from './record/record-host';
import { installRecording } from './record/page-recording';
import { StageChrome } from './stage/stage-chrome';
import { startEmbed } from './embed/embed-page';
import { createTestSurface } from './test-surface';

const COUNTER_REFRESH_MS = 2000;

/** Where start-up time went, ms: GPU path, model download + load, world (encoding), first frame. */
export const startupMs = { gpu: 0, models: 0, world: 0, firstFrame: 0 };

interface Shell {
  /** The draw pad outlives a lost GPU: the next engine picks up its digit. */
  pad: DrawPad | null;
  root: HTMLElement;
  /** The explore panels at the top centre: the basins census and the threshold curve. */
  top: HTMLElement;
  canvasHost: HTMLElement;
  overlay: HTMLElement;
  /** Notices above the caption, in one column: neither ever covers the other. */
  bottom: HTMLElement;
  notices: Notices;
  hud: Hud;
}

function createShell(root: HTMLElement): Shell {
  const canvasHost = document.createElement('div');
  canvasHost.className = 'canvas-host';
  const overlay = document.createElement('div');
  overlay.className = 'overlay';
  const bottom = document.createElement('div');
  bottom.className = 'bottom-stack';
  const top = document.createElement('div');
  top.className = 'explore-top';
  root.append(canvasHost, overlay, bottom, top);
  const notices = new Notices(bottom);
  const hud = new Hud(root);
  return { pad: null, root, top, canvasHost, overlay, bottom, notices, hud };
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

class Launcher {
  private flow: LatentFlow | undefined;
  /** The engine the page is wired to (the flow's current one). */
  private engine: Engine | undefined;
  private loop: FrameLoop | undefined;
  private detach: (() => void)[] = [];
  /** ?kiosk=1: the camera drift goes on each engine the page runs. */
  kiosk: Kiosk | null = null;
  private tools: ExploreTools | null = null;
  /** Kept when a lost device restarts the engine. */
  private censusOn = false;
  /** Each recovery from a lost device (the engine's 'recovered' events), oldest first. */
  readonly recoveries: { from: PathName; to: PathName; ms: number; afterDevice: number }[] = [];
  /** What became of the last dropped or pasted file (the test surface awaits it). */
  lastDrop: Promise<'loaded' | 'refused'> | null = null;
  /** Chosen once (from ?manifold= and the index) and kept when a lost device restarts the page. */
  private manifold: Promise<{ index: ManifoldIndex; id: string }> | undefined;

  constructor(
    private readonly shell: Shell,
    private readonly state: AppState,
    private readonly launch: LaunchOptions,
    private readonly view: Presentation,
    private readonly stage: StageChrome,
  ) {}

  manifoldChoice(): Promise<{ index: ManifoldIndex; id: string }> {
    this.manifold ??= loadManifoldIndex(this.base()).then((index) => {
      const pick = pickManifold(index, this.launch.manifold);
      if (pick.notice !== null) this.shell.notices.notice(pick.notice);
      return { index, id: pick.id };
    });
    return this.manifold;
  }

  base(): string {
    return this.launch.assets || import.meta.env.BASE_URL.replace(/\/$/, '');
  }

  current(): Engine {
    if (this.engine === undefined) throw new Error('latentflow has not started yet');
    return this.engine;
  }

  currentFlow(): LatentFlow {
    if (this.flow === undefined) throw new Error('latentflow has not started yet');
    return this.flow;
  }

  currentLoop(): FrameLoop {
    if (this.loop === undefined) throw new Error('latentflow has not started yet');
    return this.loop;
  }

  /** Starts on the first path of `order` that runs; returns false (after a fatal message) if none does. */
  async start(order: PathName[]): Promise<boolean> {
    const { notices } = this.shell;
    let left = order;
    while (left.length > 0) {
      const canvas = document.createElement('canvas');
      canvas.className = 'scene';
      this.shell.canvasHost.replaceChildren(canvas);
      let flow: LatentFlow;
      try {
        // Without a pinned count the engine starts with its path's own default.
        const { particles: _unpinned, ...unpinned } = flowParams(this.state);
        const params = this.launch.particlesPinned ? flowParams(this.state) : unpinned;
        const { field, fixedStep } = this.launch;
        flow = await createLatentFlow({ canvas, assets: this.base(), manifold: (await this.manifoldChoice()).id, backend: left, params, seed: this.state.seed, field, fixedStep, onNotice: (text) => notices.notice(text) });
      } catch (e) {
        if (e instanceof BundleError) {
          showFatal(`A model file is missing or damaged: ${e.message}`, 'Run `npm run train` (or restore assets/models) and reload.');
          return false;
        }
        break;
      }
      const engine = engineOf(flow)!;
      try {
        this.listen(flow);
        this.run(flow, engine);
        return true;
      } catch (e) {
        this.teardown();
        flow.dispose();
        this.flow = undefined;
        notices.error(`${engine.backend} path failed while starting: ${errorText(e)}`);
        left = left.slice(left.indexOf(engine.backend) + 1);
      }
    }
    showFatal('No GPU path could start (WebGPU, WebGL2 and the CPU fallback all failed).', this.shell.notices.all().join('\n'));
    return false;
  }

  /** The flow's events, heard for its whole life (they outlive its restarts). */
  private listen(flow: LatentFlow): void {
    const { shell, state } = this;
    this.flow = flow;
    // The engine's own count (its path's, or the adaptive budget's) is the view's.
    flow.on('particles', (count) => (state.particles = count));
    flow.on('rollouts', (set) => shell.hud.showRollouts(set));
    flow.on('error', (message) => shell.notices.error(message));
    flow.on('lost', ({ message, next }) => {
      shell.notices.error(`${message}${next ? `; restarting on ${next}` : ''}`);
      this.teardown();
    });
    flow.on('restarted', () => {
      const engine = engineOf(flow);
      try {
        if (engine !== null) this.run(flow, engine);
      } catch (e) {
        shell.notices.error(`${engine?.backend ?? 'the'} path failed while restarting: ${errorText(e)}`);
      }
    });
    flow.on('recovered', (recovery) => this.recoveries.push(recovery));
    flow.on('stopped', () => showFatal('No GPU path could start again after the GPU was lost.', shell.notices.all().join('\n')));
  }

  /** Wires the page to `engine` (at the start, and again after each restart). */
  private run(flow: LatentFlow, engine: Engine): void {
    const { shell, state } = this;
    this.engine = engine;
    const { backend, software, device, startup } = flow.stats();
    Object.assign(startupMs, startup);
    const { notices } = shell;
    if (this.launch.backend !== null && backend !== this.launch.backend) notices.notice(`running on ${backend} instead of the requested ${this.launch.backend}`);
    if (backend === 'wasm') notices.notice('No usable GPU path for the model: tfjs runs on the CPU (wasm) and particle positions are uploaded every frame, so fewer particles.');
    else if (software) notices.notice(`${backend} runs on a software device (${device}): correct but slow${this.launch.particlesPinned ? '' : ', so few particles'}.`);
    const manifold = engine.manifold;
    this.view.caption.setManifold(`on the ${manifold.recipe} manifold: ${manifold.signal}`);
    // The engine chose the particle count for its path unless the URL pinned one.
    if (!this.launch.particlesPinned) state.particles = flow.stats().particles;
    // HTML labels in place of the engine's in-scene sprites: crisp, and read by screen readers.
    engine.layers.remove('labels')?.dispose();
    engine.layers.add(createCentroidLabels(shell.overlay, engine.clusterCentres()), { before: 'trails' });
    const t = performance.now();
    let lastCounters = 0;
    // The engine's own loop (src/engine/frame-loop.ts); the engine times its frames itself.
    const loop = new FrameLoop(flow, {
      clock: this.view.clock,
      draw: ({ delta }) => {
        flow.update(flowParams(state), delta);
        flow.render();
        this.stage.frame(engine, state);
      },
      onFirstFrame: () => {
        startupMs.firstFrame = performance.now() - t;
        document.documentElement.dataset.ready = '1';
        document.documentElement.dataset.backend = engine.backend;
      },
      onSlowTick: () => {
        shell.hud.update(flow.stats());
        this.tools?.tick();
        this.view.slowTick(engine);
        // Two floats, read at a low rate and only in live mode: fixed-step frames read nothing back.
        if (!this.launch.fixedStep && performance.now() - lastCounters > COUNTER_REFRESH_MS) {
          lastCounters = performance.now();
          void engine.probe.refreshCounters();
        }
      },
    });
    loop.beforeFrame((time) => this.view.beforeFrame(engine, time));
    this.detach = [attachHover(engine, shell.overlay, () => state.clusters, (index, shift) => this.tools?.clickDigit(index, shift))];
    if (shell.pad === null) {
      const { images } = flow.map;
      const count = digitCount(images);
      const pad = new DrawPad(shell.root, (i) => (i >= 0 && i < count ? digitImage(images, i).slice() : null), count);
      shell.pad = pad;
      const show = (digit: Float32Array) => {
        pad.visible = true;
        pad.loadImage(digit);
      };
      acceptDroppedDigits(window, { show, notice: (text) => shell.notices.notice(text) }, (read) => (this.lastDrop = read));
    }
    const tools = new ExploreTools(engine, shell.pad, shell.top, shell.overlay, state, this.censusOn, (text) => shell.notices.notice(text), () => this.toggleCensus());
    this.tools = tools;
    this.detach.push(() => tools.dispose());
    if (this.kiosk !== null) this.detach.push(this.kiosk.wire(engine, loop));
    this.loop = loop;
    flow.resize(window.devicePixelRatio);
    loop.start();
  }

  /** Unwires the page from the engine (it was lost, or failed while the page wired it). */
  private teardown(): void {
    this.loop?.stop();
    for (const undo of this.detach.splice(0)) undo();
    this.engine = undefined;
    this.loop = undefined;
  }

  resize(): void {
    this.flow?.resize(window.devicePixelRatio);
  }

  /** The current engine's explore tools, or null before it starts. */
  currentTools(): ExploreTools | null {
    return this.tools;
  }

  toggleCensus(): void {
    this.censusOn = !this.censusOn;
    if (this.tools !== null) this.tools.census.enabled = this.censusOn;
  }

  togglePad(): void {
    if (this.shell.pad !== null) this.shell.pad.visible = !this.shell.pad.visible;
  }

  stepOnce(): void {
    if (this.launch.fixedStep) void this.loop?.step(1);
    else this.engine?.requestStep();
  }
}

export async function boot(root: HTMLElement): Promise<void> {
  const shell = createShell(root);
  const view = await startView(location.search, location.hash);
  if (view.redirect !== null) {
    location.replace(view.redirect);
    return;
  }
  const { state, launch } = view;
  for (const n of view.notices) shell.notices.notice(n);
  const presentation = await createPresentation(view, view.patch, shell.bottom, (n) => shell.notices.notice(n));
  // A page of its own (no preset, talk or autopilot) keeps its caption true to the u on screen.
  const stage = new StageChrome(shell.bottom, root, presentation.caption, view.preset === null && launch.talk === null && launch.autopilot === null);
  const launcher = new Launcher(shell, state, launch, presentation, stage);
  const api = createTestSurface(() => launcher.currentFlow(), () => launcher.current(), () => launcher.currentLoop(), state, () => shell.notices.all(), () => ({ ...startupMs }), presentation);
  Object.assign(window, { latentflow: api });
  // Listening from the first moment: a parent's early message is answered, not lost.
  const embed = launch.embed ? startEmbed(launch, state, presentation) : null;
  api.embed = embed;
  // Offline after the first visit (a production build), and the gallery kiosk (docs/kiosk.md).
  const { offline, kiosk } = installKioskPage(launch, root, { flow: () => launcher.currentFlow(), loop: () => launcher.currentLoop() }, (n) => shell.notices.notice(n));
  Object.assign(api, { offline, kiosk: kiosk?.api ?? null });
  launcher.kiosk = kiosk;

  // Every page is a stage (the scene, the title, one caption, the digit cards and the u gauge;
  // the panel folded to its title bar; the engineering HUD behind h) unless ?debug=1 asks for the
  // engineering view. A talk or the gallery also hides the panel and the notices; the gallery
  // never shows a GUI at all.
  const classes = document.documentElement.classList;
  if (launch.autopilot !== null) classes.add('autopilot');
  if (launch.autopilot !== null || launch.talk !== null) classes.add('talk');
  classes.add(launch.debug ? 'debug' : 'stage');
  const gui = launch.autopilot !== null || launch.embed ? null : createPanel(state, { stepOnce: () => launcher.stepOnce(), resetCamera: () => launcher.current().resetCamera() });
  if (gui !== null && !launch.debug) gui.close();
  void launcher.manifoldChoice().then(({ id }) => stage.useFigures(launcher.base(), id, (n) => shell.notices.notice(n))).catch(() => undefined);
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
  const tools = () => launcher.currentTools();
  api.explorer = {
    status: () => tools()?.probe.status() ?? null,
    rollFromProbe: () => tools()?.probe.rollFromProbe() ?? Promise.resolve(),
    census: () => tools()?.census.status() ?? null,
    runCensus: () => tools()?.census.run() ?? Promise.resolve(),
    toggleCensus: () => launcher.toggleCensus(),
    exploration: () => tools()?.exploration() ?? null,
    sweep: async (us) => (await tools()?.chart.compute(us)) ?? null,
    interpolate: (a, b) => tools()?.interpolate(a, b) ?? Promise.resolve(),
    interpolation: () => tools()?.interpolation.status() ?? null,
    steering: () => tools()?.steering.status() ?? null,
    peek: () => tools()?.peek.current() ?? null,
    peekAt: (x, y) => tools()?.peek.peekAt(x, y) ?? Promise.resolve(null),
    lastDrop: () => launcher.lastDrop,
  };
  api.drill = {
    loseDevice: () => launcher.currentFlow().debug.loseDevice(),
    recoveries: () => launcher.recoveries.slice(),
  };
  if (gui !== null) {
    const explore = gui.addFolder('explore');
    explore.add({ draw: () => launcher.togglePad() }, 'draw').name('draw a digit (d)');
    explore.add({ basins: () => launcher.toggleCensus() }, 'basins').name('basins census (k)');
    explore.add({ sweep: () => void tools()?.chart.compute() }, 'sweep').name('threshold curve (u sweep)');
    explore.add({ json: () => void tools()?.save('json') }, 'json').name('export rollouts + probe (JSON)');
    explore.add({ csv: () => void tools()?.save('csv') }, 'csv').name('export rollouts (CSV)');
    explore.add({ png: () => void tools()?.save('png') }, 'png').name('save the strip (PNG)');
  }
  api.recorder = installRecording({
    parent: root,
    host: createAppRecordHost(() => launcher.current(), () => launcher.currentLoop(), state),
    gui,
    notices: shell.notices,
    stem: () => new URLSearchParams(location.search).get('preset') ?? '',
  });
  const story = presentation.story;
  // MIDI controllers, gamepads and the clicker's black screen (docs/performing.md).
  const perform = installPerform({ state, gui, story, preset: view.preset?.name ?? null, choosePreset: (name) => presentation.choosePreset(name), flow: () => launcher.currentFlow(), thresholds: () => stage.thresholds(), notice: (n) => shell.notices.notice(n) });
  bindKeys(window, state, {
    stepOnce: () => launcher.stepOnce(),
    resetCamera: () => launcher.current().resetCamera(),
    togglePanels: () => toggleOverlays(),
    fullscreen: toggleFullscreen,
    toggleCaption: () => (presentation.caption.visible = !presentation.caption.visible),
    togglePad: () => launcher.togglePad(),
    toggleCensus: () => launcher.toggleCensus(),
    story: story && { next: () => story.next(), previous: () => story.previous() },
    blank: () => perform.toggleBlank(),
  });
  window.addEventListener('resize', () => launcher.resize());

  // A forced path needs no probe (and skips requesting a WebGPU adapter twice).
  const probe = launch.backend === null ? await probePaths() : null;
  const started = await launcher.start(pathOrder(launch.backend, probe));
  embed?.started(started ? () => launcher.currentFlow() : null);
}
