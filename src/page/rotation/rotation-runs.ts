/**
 * The rotation scene's rollouts: for the view on show, each manifold's rotation dynamics turns the
 * same held-out digit step by step (on the engine's tfjs backend, through ModelAccess.runOwn); the
 * chosen manifold's path is placed on its map by the neighbour blend and drawn, and the strip shows
 * all three manifolds' answers. Runs are on demand (a change of view), never per frame, and queue.
 */
import type { Engine } from '../../engine';
import { digitImage, digitImages } from '../../model/dataset';
import { encodeImages } from '../../model/evaluate';
import { neighbourBlend, unitRows } from '../../model/neighbour-blend';
import type { RotationManifold } from '../../model/rotation';
import type { RotationFigures } from '../../model/rotation-figures';
import { measureTurns, rotationRollout, type RotationPath } from '../../model/rotation-rollout';
import type { LoadedRotationManifold, RotationScene } from '../../model/rotation-scene';
import { encodeRotationView, type RotationView } from '../../spec/rotation-view';
import type { Notices } from '../chrome/notices';
import type { RotationDrawing } from './rotation-layers';
import type { RotationStrip, StripRow } from './rotation-strip';
import { rowFigures, stripLegend, stripTitle } from './rotation-words';

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
export interface Telling {
  figures: RotationFigures | null;
  /** The view with the digit the figures' rule chose (DEFAULT_ROTATION_VIEW's when they name none). */
  base: RotationView;
  /** The start the figures' rule chose, as a position in the scene's starts; null when none. */
  chosen: number | null;
  /** Called after each rollout with the digit's class and whether it is the one the rule chose. */
  shown(label: number, chosenByRule: boolean): void;
}

/** Where runs go: the engine drawing now, the scene's networks on its backend, and its layers. */
export interface RunTarget {
  engine: Engine;
  scene: RotationScene;
  drawing: RotationDrawing;
  /** Called once the map on show changed (the camera frames the new one). */
  mapChanged(): void;
}

interface Computed {
  label: number;
  rows: StripRow[];
  path: RotationPath;
  positions: Float32Array;
  active: LoadedRotationManifold;
}

const checksum = (values: Float32Array) => values.reduce((s, v, i) => s + v * ((i % 97) + 1), 0);

export class RotationRuns {
  /** Unit-length reference latents per manifold, for the neighbour blend: plain arrays, they outlive a lost GPU. */
  private readonly placed = new Map<RotationManifold, { references: Float32Array; dim: number }>();
  private target: RunTarget | null = null;
  private rollouts = 0;
  private last: RotationStatus | null = null;
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly view: RotationView,
    private readonly strip: RotationStrip,
    private readonly notices: Notices,
    private readonly telling: Telling,
  ) {}

  /** Runs go to `target` from now on (null while the engine restarts after a lost GPU: they wait). */
  use(target: RunTarget | null): void {
    this.target = target;
  }

  /** Shows the current view's manifold map and reruns the three rollouts; calls queue, never overlap. */
  refresh(): Promise<void> {
    this.running = this.running.then(() => this.run()).catch((e: unknown) => this.notices.error(`rotation rollout failed: ${(e as Error).message}`));
    return this.running;
  }

  status(): RotationStatus | null {
    return this.last;
  }

  private async run(): Promise<void> {
    const target = this.target;
    if (target === null) return;
    const view = { ...this.view };
    const done = await target.engine.models.runOwn(() => this.compute(target.scene, view));
    // The engine may have been lost while the networks ran: its layers are gone with it.
    if (this.target !== target) return;
    const { label, rows, path, positions, active } = done;
    if (target.drawing.showMap(active.map, target.scene.references.labels)) target.mapChanged();
    target.drawing.showPath(positions, path.images, label);
    this.strip.show(stripTitle(label, view.degrees), stripLegend(label, this.telling.figures), rows, view.manifold);
    this.telling.shown(label, view.digit === this.telling.chosen);
    this.rollouts += rows.length;
    this.last = {
      backend: target.engine.backend,
      view,
      label,
      rows: rows.map((r) => ({ id: r.id, achieved: r.achieved, kept: r.kept, checksum: checksum(r.images) })),
      rollouts: this.rollouts,
      path: Array.from(positions, (v) => Math.round(v * 1e4) / 1e4),
      pathImages: checksum(path.images),
    };
    history.replaceState(null, '', `${location.pathname}?${withKept(encodeRotationView(view, this.telling.base))}`);
  }

  /** The three rollouts and the chosen manifold's path on its map: tfjs work, on the engine's backend. */
  private async compute(scene: RotationScene, view: RotationView): Promise<Computed> {
    const start = digitImage(scene.starts.images, view.digit);
    const label = scene.starts.labels[view.digit]!;
    const exemplars = digitImages(scene.references.images, [...scene.references.labels.keys()].filter((i) => scene.references.labels[i] === label));
    const rows: StripRow[] = [];
    const paths = new Map<RotationManifold, RotationPath>();
    for (const m of scene.manifolds) {
      const path = await rotationRollout(m.models, start, view.degrees, view.steps, view.grounded);
      paths.set(m.info.id, path);
      const figures = this.telling.figures?.manifolds[m.info.id];
      rows.push({ id: m.info.id, title: m.info.title, signal: m.info.signal, images: path.images, asked: path.asked, ...measureTurns(path, exemplars), figures: figures === undefined ? '' : rowFigures(figures) });
    }
    const active = scene.manifolds.find((m) => m.info.id === view.manifold)!;
    const path = paths.get(view.manifold)!;
    let placed = this.placed.get(active.info.id);
    if (placed === undefined) {
      const latents = await encodeImages(active.models.encoder, scene.references.images);
      const dim = latents.length / scene.references.count;
      placed = { references: unitRows(latents, dim), dim };
      this.placed.set(active.info.id, placed);
    }
    const positions = neighbourBlend(placed.references, active.map, path.latents, placed.dim, undefined, true);
    return { label, rows, path, positions, active };
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
