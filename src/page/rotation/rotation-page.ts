/**
 * The rotation scene (?scene=rotation): the seed's second experiment, watched. A held-out digit is
 * turned step by step by each manifold's rotation dynamics; the chosen manifold's map shows the
 * path, and the strip shows all three manifolds' answers to the same asked angles side by side,
 * each with the eval's figures for its manifold. The digit on view by default is the one the
 * rotation figures choose by their stated rule (src/model/rotation-figures.ts).
 * The models are small and a rollout is a handful of steps, so everything runs on demand on the
 * tfjs backend the page picks (WebGL, else the CPU's wasm); nothing is computed per frame.
 */
import GUI from 'lil-gui';
import { BundleError, chooseModelBackend } from '../../engine';
import { PIXELS } from '../../model/dataset';
import { encodeImages } from '../../model/evaluate';
import { neighbourBlend, unitRows } from '../../model/neighbour-blend';
import type { RotationManifold } from '../../model/rotation';
import { loadRotationFigures, type RotationFigures } from '../../model/rotation-figures';
import { measureTurns, rotationRollout, type RotationPath } from '../../model/rotation-rollout';
import { loadRotationScene, type LoadedRotationManifold, type RotationScene } from '../../model/rotation-scene';
import { decodeRotationView, DEFAULT_ROTATION_VIEW, encodeRotationView, ROTATION_VIEW_LIMITS, type RotationView } from '../../spec/rotation-view';
import { Caption } from '../chrome/caption';
import { Notices, showFatal } from '../chrome/notices';
import { loadPreset } from '../present/presets';
import { RotationMap } from './rotation-map';
import { RotationStrip, type StripRow } from './rotation-strip';
import { captionText, DEFAULT_LEAD, rowFigures, stripLegend, stripTitle } from './rotation-words';
import { talkLink, type TalkReturn } from './talk-return';
import { freeArea } from './view-search';
import './rotation.css';

export interface RotationStatus {
  backend: string;
  view: RotationView;
  /** The start's true digit. */
  label: number;
  /** One per manifold, in strip order: achieved angle per image and instance kept per step. */
  rows: { id: RotationManifold; achieved: number[]; kept: boolean[]; checksum: number }[];
  rollouts: number;
  /** Map positions of the drawn path (steps + 1) x 3. */
  path: number[];
  /** The checksum of the decoded images drawn along the path (the chosen manifold's row). */
  pathImages: number;
}

/** What the page says around the rollouts: the eval's figures and the view it calls its default. */
interface Telling {
  figures: RotationFigures | null;
  /** The view with the digit the figures' rule chose (DEFAULT_ROTATION_VIEW's when they name none). */
  base: RotationView;
  /** The start the figures' rule chose, as a position in the scene's starts; null when none. */
  chosen: number | null;
  /** Called after each rollout with the digit's class and whether it is the one the rule chose. */
  shown(label: number, chosenByRule: boolean): void;
}

interface Placed {
  /** Unit-length reference latents, made once per manifold for the neighbour blend. */
  references: Float32Array;
  dim: number;
}

const base = (): string => import.meta.env.BASE_URL.replace(/\/$/, '');

class RotationPage {
  private readonly placed = new Map<RotationManifold, Promise<Placed>>();
  private rollouts = 0;
  private last: RotationStatus | null = null;
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly scene: RotationScene,
    private readonly view: RotationView,
    private readonly map: RotationMap,
    private readonly strip: RotationStrip,
    private readonly backend: string,
    private readonly notices: Notices,
    private readonly telling: Telling,
  ) {}

  private manifold(id: RotationManifold): LoadedRotationManifold {
    return this.scene.manifolds.find((m) => m.info.id === id)!;
  }

  private references(m: LoadedRotationManifold): Promise<Placed> {
    let placed = this.placed.get(m.info.id);
    if (placed === undefined) {
      placed = encodeImages(m.models.encoder, this.scene.references.images).then((latents) => {
        const dim = latents.length / this.scene.references.count;
        return { references: unitRows(latents, dim), dim };
      });
      this.placed.set(m.info.id, placed);
    }
    return placed;
  }

  /** Shows the current view's manifold map and reruns the three rollouts; calls queue, never overlap. */
  refresh(): Promise<void> {
    this.running = this.running.then(() => this.run()).catch((e: unknown) => this.notices.error(`rotation rollout failed: ${(e as Error).message}`));
    return this.running;
  }

  private async run(): Promise<void> {
    const { view, scene } = this;
    const start = scene.starts.images.slice(view.digit * PIXELS, (view.digit + 1) * PIXELS);
    const label = scene.starts.labels[view.digit]!;
    const classRows = [...scene.references.labels.keys()].filter((i) => scene.references.labels[i] === label);
    const exemplars = new Float32Array(classRows.length * PIXELS);
    classRows.forEach((i, k) => exemplars.set(scene.references.images.subarray(i * PIXELS, (i + 1) * PIXELS), k * PIXELS));
    const rows: StripRow[] = [];
    const paths = new Map<RotationManifold, RotationPath>();
    for (const m of scene.manifolds) {
      const path = await rotationRollout(m.models, start, view.degrees, view.steps, view.grounded);
      paths.set(m.info.id, path);
      const figures = this.telling.figures?.manifolds[m.info.id];
      rows.push({ id: m.info.id, title: m.info.title, signal: m.info.signal, images: path.images, asked: path.asked, ...measureTurns(path, exemplars), figures: figures === undefined ? '' : rowFigures(figures) });
    }
    const active = this.manifold(view.manifold);
    const path = paths.get(view.manifold)!;
    const placed = await this.references(active);
    const positions = neighbourBlend(placed.references, active.map, path.latents, placed.dim, undefined, true);
    this.map.setMap(active.map, scene.references.labels);
    this.map.setPath(positions, path.images, label);
    this.strip.show(stripTitle(label, view.degrees), stripLegend(label, this.telling.figures), rows, view.manifold);
    this.telling.shown(label, view.digit === this.telling.chosen);
    this.rollouts += rows.length;
    this.last = {
      backend: this.backend,
      view: { ...view },
      label,
      rows: rows.map((r) => ({ id: r.id, achieved: r.achieved, kept: r.kept, checksum: r.images.reduce((s, v, i) => s + v * ((i % 97) + 1), 0) })),
      rollouts: this.rollouts,
      path: Array.from(positions, (v) => Math.round(v * 1e4) / 1e4),
      pathImages: path.images.reduce((s, v, i) => s + v * ((i % 97) + 1), 0),
    };
    history.replaceState(null, '', `${location.pathname}?${withKept(encodeRotationView(view, this.telling.base))}`);
  }

  status(): RotationStatus | null {
    return this.last;
  }
}

/** Query parameters that are not the view's (backend, preset, talk, step) stay in the URL. */
function withKept(params: URLSearchParams): string {
  const now = new URLSearchParams(location.search);
  for (const key of ['backend', 'preset', 'talk', 'step']) {
    const v = now.get(key);
    if (v !== null) params.set(key, v);
  }
  return params.toString();
}

function addPanel(page: RotationPage, view: RotationView, scene: RotationScene, talk: TalkReturn | null): GUI {
  // A short title: collapsed on stage, the bar is all there is, at stage type size.
  const gui = new GUI({ title: 'settings' });
  const refresh = () => void page.refresh();
  const names = Object.fromEntries(scene.manifolds.map((m) => [m.info.title, m.info.id]));
  gui.add(view, 'manifold', names).name('map of').onChange(refresh).listen();
  gui.add(view, 'digit', 0, scene.starts.count - 1, 1).name('held-out digit').onFinishChange(refresh).listen();
  // Shows the class of the digit on view; choosing a class picks one of its held-out digits.
  const pick = {
    get of(): number {
      return scene.starts.labels[view.digit]!;
    },
    set of(d: number) {
      const rows = [...scene.starts.labels.keys()].filter((i) => scene.starts.labels[i] === d);
      if (rows.length > 0) view.digit = rows[Math.floor(Math.random() * rows.length)]!;
    },
  };
  gui.add(pick, 'of', [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]).name('another digit of class').onChange(refresh).listen();
  gui.add(view, 'degrees', ...ROTATION_VIEW_LIMITS.degrees, 0.5).name('degrees per step').onFinishChange(refresh).listen();
  gui.add(view, 'steps', ...ROTATION_VIEW_LIMITS.steps, 1).name('steps').onFinishChange(refresh).listen();
  gui.add(view, 'grounded').name('re-ground each step').onChange(refresh).listen();
  const links = gui.addFolder('leave');
  links.add({ go: () => location.assign(`${location.pathname}`) }, 'go').name('back to the counting scene');
  if (talk !== null) links.add({ go: () => location.assign(talk.next) }, 'go').name('next talk step (n)');
  // On stage the panel is its title bar; a click (or the page's controls) opens it.
  gui.close();
  return gui;
}

/** The held-out digit the figures name, as a position in the scene's starts; null when absent. */
function chosenStart(scene: RotationScene, figures: RotationFigures | null): number | null {
  if (figures === null) return null;
  const { labels, indices } = scene.record.starts;
  const k = labels.findIndex((label, i) => label === figures.shown.label && indices[i] === figures.shown.index);
  return k < 0 ? null : k;
}

/**
 * Frames the map in what the left column (strip, caption, title) and the panel leave free; rerun
 * whenever one of them changes size.
 */
function keepFramed(root: HTMLElement, map: RotationMap, column: HTMLElement, covers: HTMLElement[]): () => void {
  const layout = () => {
    const box = (el: HTMLElement) => el.getBoundingClientRect();
    map.resize(freeArea(root.clientWidth, root.clientHeight, box(column), covers.map(box), 0.015 * root.clientHeight));
  };
  window.addEventListener('resize', layout);
  const watch = new ResizeObserver(layout);
  for (const el of [column, ...covers]) watch.observe(el);
  return layout;
}

export async function bootRotation(root: HTMLElement): Promise<void> {
  document.documentElement.classList.add('rotation-scene');
  const subtitle = root.querySelector('.title p');
  if (subtitle !== null) subtitle.textContent = 'the rotation experiment';
  document.title = 'latentflow: the rotation experiment';
  const canvasHost = document.createElement('div');
  canvasHost.className = 'canvas-host';
  const canvas = document.createElement('canvas');
  canvas.className = 'scene';
  canvasHost.append(canvas);
  const overlay = document.createElement('div');
  overlay.className = 'overlay';
  const bottom = document.createElement('div');
  bottom.className = 'bottom-stack';
  root.append(canvasHost, overlay, bottom);
  const notices = new Notices(bottom);
  const caption = new Caption(bottom);
  const query = new URLSearchParams(location.search);

  const talk = await talkLink(query, (n) => notices.notice(n));
  // A talk shows the scene, the strip and the caption only, as the counting scene's talk steps do.
  if (talk !== null) document.documentElement.classList.add('talk');
  let presetView: Record<string, unknown> = {};
  let title = 'The rotation experiment';
  let lead = DEFAULT_LEAD;
  // A talk step is its preset, as in the counting scene; ?preset= names one outside a talk.
  const presetName = query.get('preset') ?? talk?.preset ?? null;
  if (presetName !== null) {
    const { preset, notices: said } = await loadPreset(presetName);
    said.forEach((n) => notices.notice(n));
    if (preset !== null) {
      if (preset.scene !== 'rotation') notices.notice(`preset ${presetName} is a view of the counting scene; showing the rotation scene's default`);
      else [presetView, title, lead] = [preset.view, preset.title, preset.caption || lead];
    }
  }
  if (talk?.caption) lead = talk.caption;

  const wanted = query.get('backend');
  let backend: string;
  try {
    backend = (await chooseModelBackend(wanted === 'wasm' ? ['wasm'] : ['webgl', 'wasm'])).name;
  } catch (e) {
    showFatal('No tfjs backend could start for the rotation scene.', (e as Error).message);
    return;
  }
  if (wanted !== null && wanted !== 'wasm' && wanted !== 'webgl') notices.notice(`the rotation scene runs on webgl or wasm; ${JSON.stringify(wanted.slice(0, 20))} is not one, using ${backend}`);
  let scene: RotationScene;
  try {
    scene = await loadRotationScene(base());
  } catch (e) {
    if (e instanceof BundleError) showFatal(`A rotation model file is missing or damaged: ${e.message}`, 'Run `npm run train:rotation` (or restore assets/models) and reload.');
    else showFatal(`The rotation scene could not load: ${(e as Error).message}`);
    return;
  }
  // Without the eval's figures the scene still runs: no figures on screen, the spec's default digit.
  const figures = await loadRotationFigures(base()).catch((e: unknown) => {
    notices.notice(`${(e as Error).message}; the rows show no measured figures (npx tsx scripts/rotation-figures.ts)`);
    return null;
  });
  const chosen = chosenStart(scene, figures);
  if (figures !== null && chosen === null) notices.notice(`the rotation figures name a held-out ${figures.shown.label} (index ${figures.shown.index}) the scene does not ship; starting from digit ${DEFAULT_ROTATION_VIEW.digit}`);
  const start: RotationView = { ...DEFAULT_ROTATION_VIEW, digit: chosen ?? DEFAULT_ROTATION_VIEW.digit };
  const raw: Record<string, unknown> = { ...presetView };
  for (const [k, v] of query) raw[k] = v;
  const { view, notices: said } = decodeRotationView(raw, start, scene.starts.count, 'rotation scene');
  said.forEach((n) => notices.notice(n));
  caption.setManifold('');
  caption.visible = true;
  const telling: Telling = {
    figures,
    base: start,
    chosen,
    shown: (label, byRule) => caption.show(title, captionText(lead, label, figures, byRule), talk?.index ?? 0, talk?.count ?? 1),
  };

  const map = new RotationMap(canvas, overlay);
  let page: RotationPage | null = null;
  const strip = new RotationStrip(root, (id) => {
    view.manifold = id;
    void page?.refresh();
  });
  page = new RotationPage(scene, view, map, strip, backend, notices, telling);
  const gui = addPanel(page, view, scene, talk);
  const surface = { status: () => page.status(), set: (patch: Partial<RotationView>) => (Object.assign(view, decodeRotationView(patch as Record<string, unknown>, view, scene.starts.count).view), page.refresh()) };
  Object.assign(window, { latentflow: { rotation: surface, notices: () => notices.all() } });
  window.addEventListener('keydown', (e) => {
    if (e.target instanceof HTMLInputElement) return;
    if (e.key === 'n' && talk !== null) location.assign(talk.next);
    if (e.key === 'p' && talk !== null) location.assign(talk.previous);
    // As in the counting scene's talk: h brings back the panel and notices a talk hides, elsewhere hides every overlay.
    if (e.key === 'h') document.documentElement.classList.toggle(talk !== null ? 'overlays-shown' : 'overlays-hidden');
    if (e.key === 'g') gui.show(gui._hidden);
  });
  await page.refresh();
  const header = root.querySelector<HTMLElement>('.title');
  keepFramed(root, map, strip.element, [bottom, gui.domElement, ...(header === null ? [] : [header])])();
  const frame = () => {
    map.render();
    requestAnimationFrame(frame);
  };
  frame();
  document.documentElement.dataset.backend = backend;
  document.documentElement.dataset.ready = '1';
}
