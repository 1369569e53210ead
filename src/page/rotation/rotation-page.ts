/**
 * The rotation scene (?scene=rotation): the seed's second experiment, watched. A held-out digit is
 * turned step by step by each manifold's rotation dynamics; the chosen manifold's map shows the
 * path, and the strip shows all three manifolds' answers to the same asked angles side by side.
 * The models are small and a rollout is a handful of steps, so everything runs on demand on the
 * tfjs backend the page picks (WebGL, else the CPU's wasm); nothing is computed per frame.
 */
import GUI from 'lil-gui';
import { BundleError, chooseModelBackend } from '../../engine';
import { PIXELS } from '../../model/dataset';
import { encodeImages } from '../../model/evaluate';
import { neighbourBlend, unitRows } from '../../model/neighbour-blend';
import type { RotationManifold } from '../../model/rotation';
import { measureTurns, rotationRollout, type RotationPath } from '../../model/rotation-rollout';
import { loadRotationScene, type LoadedRotationManifold, type RotationScene } from '../../model/rotation-scene';
import { decodeRotationView, encodeRotationView, ROTATION_VIEW_LIMITS, type RotationView } from '../../spec/rotation-view';
import { Caption } from '../chrome/caption';
import { Notices, showFatal } from '../chrome/notices';
import { loadPreset } from '../present/presets';
import { RotationMap } from './rotation-map';
import { RotationStrip, type StripRow } from './rotation-strip';
import { talkLink, type TalkReturn } from './talk-return';

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
      rows.push({ id: m.info.id, title: m.info.title, signal: m.info.signal, images: path.images, asked: path.asked, ...measureTurns(path, exemplars) });
    }
    const active = this.manifold(view.manifold);
    const path = paths.get(view.manifold)!;
    const placed = await this.references(active);
    const positions = neighbourBlend(placed.references, active.map, path.latents, placed.dim, undefined, true);
    this.map.setMap(active.map, scene.references.labels);
    this.map.setPath(positions, path.images, label);
    this.strip.show(rows, view.manifold);
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
    history.replaceState(null, '', `${location.pathname}?${withKept(encodeRotationView(view))}`);
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
  const gui = new GUI({ title: 'rotation experiment' });
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
  return gui;
}

export async function bootRotation(root: HTMLElement): Promise<void> {
  document.documentElement.classList.add('rotation-scene');
  const subtitle = root.querySelector('.title p');
  if (subtitle !== null) subtitle.textContent = 'the rotation experiment: one rotation dynamics f(z, c) per manifold, asked to turn the same digit';
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

  let presetView: Record<string, unknown> = {};
  const presetName = query.get('preset');
  if (presetName !== null) {
    const { preset, notices: said } = await loadPreset(presetName);
    said.forEach((n) => notices.notice(n));
    if (preset !== null) {
      if (preset.scene !== 'rotation') notices.notice(`preset ${presetName} is a view of the counting scene; showing the rotation scene's default`);
      else {
        presetView = preset.view;
        caption.show(preset.title, preset.caption, 0, 1);
        caption.visible = true;
      }
    }
  }
  const talk = await talkLink(query, (n) => notices.notice(n));
  if (talk !== null && caption.visible) caption.show(caption.element.querySelector('h2')?.textContent ?? '', talk.caption ?? caption.element.querySelector('p')?.textContent ?? '', talk.index, talk.count);

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
  const raw: Record<string, unknown> = { ...presetView };
  for (const [k, v] of query) raw[k] = v;
  const { view, notices: said } = decodeRotationView(raw, undefined, scene.starts.count, 'rotation scene');
  said.forEach((n) => notices.notice(n));
  caption.setManifold(`rotation dynamics f(z, c), c = ±1 asks for ±${scene.record.maxRotationDeg}°; starts are held-out digits`);
  if (!caption.visible) {
    caption.show('The rotation experiment', 'Each manifold’s rotation dynamics turns the same held-out digit by the same angles. On the plain autoencoder it turns; on the SSL manifold it resists and snaps to another instance; without the rotation augmentation it turns again. Green frame: the start’s own instance; red: another one.', 0, 1);
    caption.visible = true;
  }

  const map = new RotationMap(canvas, overlay);
  let page: RotationPage | null = null;
  const strip = new RotationStrip(root, (id) => {
    view.manifold = id;
    void page?.refresh();
  });
  page = new RotationPage(scene, view, map, strip, backend, notices);
  const gui = addPanel(page, view, scene, talk);
  const surface = { status: () => page.status(), set: (patch: Partial<RotationView>) => (Object.assign(view, decodeRotationView(patch as Record<string, unknown>, view, scene.starts.count).view), page.refresh()) };
  Object.assign(window, { latentflow: { rotation: surface, notices: () => notices.all() } });
  const layout = () => map.resize({ left: strip.element.getBoundingClientRect().right, bottom: root.clientHeight - caption.element.getBoundingClientRect().top });
  window.addEventListener('resize', layout);
  window.addEventListener('keydown', (e) => {
    if (e.target instanceof HTMLInputElement) return;
    if (e.key === 'n' && talk !== null) location.assign(talk.next);
    if (e.key === 'p' && talk !== null) location.assign(talk.previous);
    if (e.key === 'h') document.documentElement.classList.toggle('overlays-hidden');
    if (e.key === 'g') gui.show(gui._hidden);
  });
  await page.refresh();
  layout();
  const frame = () => {
    map.render();
    requestAnimationFrame(frame);
  };
  frame();
  document.documentElement.dataset.backend = backend;
  document.documentElement.dataset.ready = '1';
}
