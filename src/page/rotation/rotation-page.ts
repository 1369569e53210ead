/**
 * The rotation scene (?scene=rotation): the seed's second experiment, watched. A held-out digit is
 * turned step by step by each manifold's rotation dynamics; the chosen manifold's map shows the
 * path, and the strip shows all three manifolds' answers to the same asked angles side by side,
 * each with the eval's figures for its manifold. The digit on view by default is the one the
 * rotation figures choose by their stated rule (src/model/rotation-figures.ts).
 *
 * It runs on the shared engine and page shell: createLatentFlow picks the GPU path (falling back,
 * and restarting after a lost device), the engine draws, its camera and orbit frame the map, and
 * the engine's FrameLoop drives it. The scene is a mode of that engine (ROTATION_MODE: no particle
 * field, no rollouts of its own) and a set of layers in its list (rotation-layers.ts); its own
 * networks run on the engine's tfjs backend on demand (rotation-runs.ts), never per frame.
 */
import { BundleError, createLatentFlow, engineOf, FrameLoop, pathOrder, probePaths, type Engine, type FrameTick, type LatentFlow } from '../../engine';
import { loadRotationFigures, type RotationFigures } from '../../model/rotation-figures';
import { buildRotationScene, fetchRotationScene, type RotationScene, type RotationSceneFiles } from '../../model/rotation-scene';
import { flowParams } from '../../spec/flow-params';
import { decodeRotationView, DEFAULT_ROTATION_VIEW, type RotationView } from '../../spec/rotation-view';
import { PATH_NAMES, type PathName } from '../../spec/spec';
import { Caption } from '../chrome/caption';
import { Notices, showFatal } from '../chrome/notices';
import { BlankScreen } from '../perform/blank-screen';
import { clickerAction } from '../perform/clicker-keys';
import { MapFraming } from './rotation-camera';
import { RotationDrawing } from './rotation-layers';
import { addRotationPanel } from './rotation-panel';
import { RotationRuns, type Telling } from './rotation-runs';
import { RotationStrip } from './rotation-strip';
import { captionText } from './rotation-words';
import { sceneWords } from './scene-words';
import { freeArea } from './view-search';
import './rotation.css';

/**
 * The engine as this scene runs it: the particle field paused at the fewest particles (its layers
 * are taken out of the list), no rollouts of its own, no bloom.
 */
const ROTATION_MODE = flowParams({ particles: 64, adaptive: false, paused: true, rollouts: 0, bloom: 0 });
/** The engine's bundle: the shipped SSL, whose encoder, decoder and digits the scene's SSL row shares. */
const ENGINE_MANIFOLD = 'ssl';

const base = (): string => import.meta.env.BASE_URL.replace(/\/$/, '');

/** The held-out digit the figures name, as a position in the scene's starts; null when absent. */
function chosenStart(files: RotationSceneFiles, figures: RotationFigures | null): number | null {
  if (figures === null) return null;
  const { labels, indices } = files.record.starts;
  const k = labels.findIndex((label, i) => label === figures.shown.label && indices[i] === figures.shown.index);
  return k < 0 ? null : k;
}

/** The paths to try: the one ?backend= names first, else the best this machine has. */
async function pathsWanted(query: URLSearchParams, notices: Notices): Promise<PathName[]> {
  const wanted = query.get('backend');
  if (wanted !== null && (PATH_NAMES as readonly string[]).includes(wanted)) return pathOrder(wanted as PathName, null);
  if (wanted !== null) notices.notice(`backend=${JSON.stringify(wanted.slice(0, 20))} is not one of ${PATH_NAMES.join(', ')}; using the best available`);
  return pathOrder(null, await probePaths());
}

/**
 * The scene on one engine: its layers in the engine's list and its networks made on the engine's
 * backend; made again on the engine a lost GPU restarts (the frame loop outlives it).
 */
class SceneHost {
  private scene: RotationScene | null = null;
  drawing: RotationDrawing | null = null;

  constructor(
    private readonly files: RotationSceneFiles,
    private readonly runs: RotationRuns,
    private readonly overlay: HTMLElement,
    private readonly framing: MapFraming,
    private readonly layout: () => void,
  ) {}

  async wire(engine: Engine): Promise<void> {
    // First, before any frame: the engine's own layers leave the list.
    this.drawing = new RotationDrawing(engine, this.overlay);
    this.scene = await engine.models.runOwn(() => buildRotationScene(this.files));
    this.runs.use({ engine, scene: this.scene, drawing: this.drawing, mapChanged: () => this.framing.frame() });
    await this.runs.refresh();
    this.layout();
  }

  /** Lets go of a lost engine: its layers went with it, its networks lived on its device. */
  teardown(): void {
    this.runs.use(null);
    this.drawing = null;
    try {
      this.scene?.dispose();
    } catch {
      // The backend they lived on is gone with the device: nothing is left to free.
    }
    this.scene = null;
  }
}

/**
 * Frames the map in what the left column (strip, caption, title) and the panel leave free; rerun
 * whenever one of them changes size.
 */
function keepFramed(root: HTMLElement, flow: LatentFlow, framing: MapFraming, column: HTMLElement, covers: HTMLElement[]): () => void {
  const layout = () => {
    flow.resize(window.devicePixelRatio);
    const box = (el: HTMLElement) => el.getBoundingClientRect();
    framing.setFree(freeArea(root.clientWidth, root.clientHeight, box(column), covers.map(box), 0.015 * root.clientHeight));
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
  const { talk, presetView, title, lead } = await sceneWords(query, notices);

  let flow: LatentFlow;
  let files: RotationSceneFiles;
  try {
    flow = await createLatentFlow({ canvas, assets: base(), manifold: ENGINE_MANIFOLD, judge: false, backend: await pathsWanted(query, notices), params: ROTATION_MODE, onNotice: (n) => notices.notice(n) });
    files = await fetchRotationScene(base());
  } catch (e) {
    if (e instanceof BundleError) showFatal(`A model file is missing or damaged: ${e.message}`, 'Run `npm run train:rotation` (or restore assets/models) and reload.');
    else showFatal(`The rotation scene could not start: ${(e as Error).message}`, notices.all().join('\n'));
    return;
  }
  // Without the eval's figures the scene still runs: no figures on screen, the spec's default digit.
  const figures = await loadRotationFigures(base()).catch((e: unknown) => {
    notices.notice(`${(e as Error).message}; the rows show no measured figures (npx tsx scripts/rotation-figures.ts)`);
    return null;
  });
  const chosen = chosenStart(files, figures);
  if (figures !== null && chosen === null) notices.notice(`the rotation figures name a held-out ${figures.shown.label} (index ${figures.shown.index}) the scene does not ship; starting from digit ${DEFAULT_ROTATION_VIEW.digit}`);
  const start: RotationView = { ...DEFAULT_ROTATION_VIEW, digit: chosen ?? DEFAULT_ROTATION_VIEW.digit };
  const raw: Record<string, unknown> = { ...presetView };
  for (const [k, v] of query) raw[k] = v;
  const { view, notices: said } = decodeRotationView(raw, start, files.starts.count, 'rotation scene');
  said.forEach((n) => notices.notice(n));
  caption.setManifold('');
  caption.visible = true;
  const telling: Telling = {
    figures,
    base: start,
    chosen,
    shown: (label, byRule) => caption.show(title, captionText(lead, label, figures, byRule), talk?.index ?? 0, talk?.count ?? 1),
  };

  let runs: RotationRuns | null = null;
  const strip = new RotationStrip(root, (id) => {
    view.manifold = id;
    void runs?.refresh();
  });
  runs = new RotationRuns(view, strip, notices, telling);
  const refresh = () => void runs.refresh();
  const gui = addRotationPanel(view, { manifolds: files.manifolds, starts: files.starts }, talk, refresh);
  let host: SceneHost | null = null;
  const framing = new MapFraming(() => engineOf(flow), () => host?.drawing?.mapOnShow ?? null);
  const header = root.querySelector<HTMLElement>('.title');
  const layout = keepFramed(root, flow, framing, strip.element, [bottom, gui.domElement, ...(header === null ? [] : [header])]);
  host = new SceneHost(files, runs, overlay, framing, layout);

  const recoveries: { from: PathName; to: PathName; ms: number; afterDevice: number }[] = [];
  flow.on('error', (message) => notices.error(message));
  flow.on('lost', ({ message, next }) => {
    notices.error(`${message}${next ? `; restarting on ${next}` : ''}`);
    host.teardown();
  });
  flow.on('restarted', () => {
    const engine = engineOf(flow);
    if (engine !== null) host.wire(engine).catch((e: unknown) => notices.error(`the rotation scene could not restart: ${(e as Error).message}`));
  });
  flow.on('recovered', (recovery) => recoveries.push(recovery));
  flow.on('stopped', () => showFatal('No GPU path could start again after the GPU was lost.', notices.all().join('\n')));
  const surface = { status: () => runs.status(), set: (patch: Partial<RotationView>) => (Object.assign(view, decodeRotationView(patch as Record<string, unknown>, view, files.starts.count).view), runs.refresh()) };
  Object.assign(window, {
    latentflow: {
      rotation: surface,
      notices: () => notices.all(),
      stats: () => flow.stats(),
      layers: () => engineOf(flow)?.layers.list().map((layer) => layer.name ?? '') ?? [],
      drill: { loseDevice: () => flow.debug.loseDevice(), recoveries: () => recoveries.slice() },
    },
  });
  // In a talk a presenter's clicker works here as in the counting scene: PageDown / PageUp, b or . blanks.
  const blank = talk === null ? null : new BlankScreen(document.body);
  window.addEventListener('keydown', (e) => {
    if (e.target instanceof HTMLInputElement) return;
    const clicker = clickerAction(e.key);
    if ((e.key === 'n' || clicker === 'next') && talk !== null) location.assign(talk.next);
    if ((e.key === 'p' || clicker === 'previous') && talk !== null) location.assign(talk.previous);
    if (clicker === 'blank') blank?.toggle();
    // As in the counting scene's talk: h brings back the panel and notices a talk hides, elsewhere hides every overlay.
    if (e.key === 'h') document.documentElement.classList.toggle(talk !== null ? 'overlays-shown' : 'overlays-hidden');
    if (e.key === 'g') gui.show(gui._hidden);
  });
  try {
    await host.wire(engineOf(flow)!);
  } catch (e) {
    showFatal(`The rotation scene could not start: ${(e as Error).message}`, notices.all().join('\n'));
    return;
  }
  const draw = ({ delta }: FrameTick) => {
    flow.update(ROTATION_MODE, delta);
    flow.render();
  };
  const ready = () => {
    document.documentElement.dataset.backend = flow.stats().backend;
    document.documentElement.dataset.ready = '1';
  };
  new FrameLoop(flow, { draw, onFirstFrame: ready }).start();
}
