/**
 * The rotation map in the engine's camera: a long lens, so the map reads nearly as a plan, as the
 * camera search (view-search.ts, orthographic) assumes; pointed where the search says, so the
 * class centres land far apart inside the part of the screen the strip and caption leave free,
 * and its projection shifted so the map sits in that part. It holds still until the viewer drags
 * it (the engine's orbit controls); a new free area or a new map frames it again.
 */
import type { Engine } from '../../engine';
import { frameMap, type Rect } from './view-search';

const LONG_LENS_DEG = 20;
/** Centres keep this share of the viewport height from the free area's edges: their labels fit. */
const LABEL_MARGIN = 0.035;

export class MapFraming {
  private free: Rect | null = null;

  /** `engine`: the engine drawing now (null while it restarts); `map`: the map on show, if any. */
  constructor(
    private readonly engine: () => Engine | null,
    private readonly map: () => { points: Float32Array; centres: Float32Array } | null,
  ) {}

  /** `free`: the part of the canvas (CSS pixels) no overlay covers; the map is framed inside it. */
  setFree(free: Rect): void {
    this.free = free;
    this.frame();
  }

  /** Points the camera as the search says and shifts the projection so the map sits in the free area. */
  frame(): void {
    const engine = this.engine();
    const map = this.map();
    if (engine === null || map === null || this.free === null) return;
    const { camera, canvas } = engine;
    const width = canvas.clientWidth || window.innerWidth;
    const height = canvas.clientHeight || window.innerHeight;
    camera.fov = LONG_LENS_DEG;
    const frame = frameMap(map.centres, map.points, this.free, { width, height, fovDeg: LONG_LENS_DEG }, LABEL_MARGIN * height);
    const [x, y, z] = frame.target;
    const [dx, dy, dz] = frame.direction;
    engine.setCameraPose({ position: [x + dx * frame.distance, y + dy * frame.distance, z + dz * frame.distance], target: [x, y, z] });
    camera.setViewOffset(width, height, width / 2 - frame.centre.x, height / 2 - frame.centre.y, width, height);
    camera.updateProjectionMatrix();
  }
}
