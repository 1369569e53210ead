/**
 * The rotation map's camera, searched rather than set by hand (DESIGN.md 8): a Fibonacci lattice
 * of view directions on the sphere, each scored by the smallest screen distance between two class
 * centres once the map is fitted to the free part of the viewport; the best direction wins and its
 * distance is then fitted with the true perspective so the map fills that free area. Plain
 * arithmetic (no three.js): the map applies the result to its camera.
 */

export type Vec3 = readonly [number, number, number];

/** A rectangle of the viewport, CSS pixels. */
export interface Rect {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

export interface Viewport {
  width: number;
  height: number;
  /** The camera's vertical field of view, degrees. */
  fovDeg: number;
}

export interface MapFrame {
  /** Unit vector from the target to the camera (the camera's up stays world +y). */
  direction: Vec3;
  target: Vec3;
  distance: number;
  /** Where the target lands on screen, CSS pixels: the camera's projection is shifted there. */
  centre: { x: number; y: number };
  /** Smallest distance between two projected class centres, as a share of the viewport height. */
  separation: number;
}

/** Directions this close to straight up or down leave the camera's up vector undefined. */
const MAX_ELEVATION = 0.95;
/** How many of the best lattice directions are refined, and the first step of the refinement (radians). */
const REFINED = 8;
const REFINE_STEP = 0.1;
/** Cloud points farther out than this share are strays: the fit ignores them. */
const CLOUD_KEPT = 0.98;

const dot = (a: Vec3, b: Vec3) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const vec = (f: (k: 0 | 1 | 2) => number): Vec3 => [f(0), f(1), f(2)];

/** `n` near-evenly spread unit vectors (the golden-angle spiral). */
export function fibonacciDirections(n: number): Vec3[] {
  const golden = Math.PI * (3 - Math.sqrt(5));
  return Array.from({ length: n }, (_, i) => {
    const y = 1 - (2 * (i + 0.5)) / n;
    const r = Math.sqrt(1 - y * y);
    return [Math.cos(golden * i) * r, y, Math.sin(golden * i) * r] as const;
  });
}

/** The camera's right and up axes for a view from `direction`, as three's lookAt makes them with up = +y. */
function axes(direction: Vec3): { right: Vec3; up: Vec3 } {
  const norm = Math.hypot(direction[2], direction[0]);
  const right: Vec3 = [direction[2] / norm, 0, -direction[0] / norm];
  const up: Vec3 = [direction[1] * right[2] - direction[2] * right[1], direction[2] * right[0] - direction[0] * right[2], direction[0] * right[1] - direction[1] * right[0]];
  return { right, up };
}

function points(flat: Float32Array): Vec3[] {
  const out: Vec3[] = [];
  for (let i = 0; i + 2 < flat.length; i += 3) {
    const p: Vec3 = [flat[i]!, flat[i + 1]!, flat[i + 2]!];
    if (p.every(Number.isFinite)) out.push(p);
  }
  return out;
}

/** The cloud without its farthest strays, plus every centre (a centre must always be in frame). */
function fitSet(centres: Vec3[], cloud: Vec3[]): Vec3[] {
  const mid = vec((k) => centres.reduce((s, c) => s + c[k], 0) / centres.length);
  const reach = cloud.map((p) => Math.hypot(p[0] - mid[0], p[1] - mid[1], p[2] - mid[2]));
  const limit = [...reach].sort((a, b) => a - b)[Math.floor((reach.length - 1) * CLOUD_KEPT)] ?? Infinity;
  return [...cloud.filter((_, i) => reach[i]! <= limit), ...centres];
}

/**
 * The part of a `width` x `height` viewport right of `column` (the strip and caption) that no box
 * in `covers` reaches, `gap` pixels clear of each: a box in the upper half pushes the top down, one
 * in the lower half pulls the bottom up.
 */
export function freeArea(width: number, height: number, column: Rect, covers: readonly Rect[], gap: number): Rect {
  const free = { left: column.right + gap, top: gap, right: width - gap, bottom: height - gap };
  for (const b of covers) {
    const apart = b.right <= free.left || b.left >= free.right || b.bottom <= free.top || b.top >= free.bottom || b.right <= b.left || b.bottom <= b.top;
    if (apart) continue;
    if (b.top + b.bottom < free.top + free.bottom) free.top = b.bottom + gap;
    else free.bottom = b.top - gap;
  }
  return free;
}

/** Screen position (CSS pixels) of `p` seen by `frame`; null behind the camera. */
export function projectPoint(frame: Omit<MapFrame, 'separation'>, p: Vec3, viewport: Viewport): { x: number; y: number } | null {
  const { right, up } = axes(frame.direction);
  const eye = vec((k) => frame.target[k] + frame.direction[k] * frame.distance);
  const rel = vec((k) => p[k] - eye[k]);
  const depth = -dot(rel, frame.direction);
  if (!(depth > 0)) return null;
  const focal = viewport.height / 2 / Math.tan(((viewport.fovDeg / 2) * Math.PI) / 180);
  return { x: frame.centre.x + (focal * dot(rel, right)) / depth, y: frame.centre.y - (focal * dot(rel, up)) / depth };
}

function smallestGap(screen: { x: number; y: number }[]): number {
  let gap = Infinity;
  for (let i = 0; i < screen.length; i++) {
    for (let j = i + 1; j < screen.length; j++) gap = Math.min(gap, Math.hypot(screen[i]!.x - screen[j]!.x, screen[i]!.y - screen[j]!.y));
  }
  return gap;
}

/**
 * The view of the map (centres: one x,y,z per class; cloud: every point) that keeps the class
 * centres farthest apart on screen while the map fills `free` (minus `margin` pixels each side).
 */
export function frameMap(centresFlat: Float32Array, cloudFlat: Float32Array, free: Rect, viewport: Viewport, margin = 0, directions: readonly Vec3[] = fibonacciDirections(400)): MapFrame {
  const centres = points(centresFlat);
  if (centres.length < 2) throw new RangeError('frameMap: needs at least two finite class centres');
  const fit = fitSet(centres, points(cloudFlat));
  const halfW = Math.max(1, (free.right - free.left) / 2 - margin);
  const halfH = Math.max(1, (free.bottom - free.top) / 2 - margin);

  // The search: an orthographic view of each direction, scaled to fit the free area, scored by
  // its closest pair of centres. The best lattice directions are then refined locally: the score
  // is a minimum over pairs, with narrow peaks a lattice alone can step over.
  const view = (direction: Vec3) => {
    if (Math.abs(direction[1]) > MAX_ELEVATION) return null;
    const { right, up } = axes(direction);
    let [uLo, uHi, vLo, vHi] = [Infinity, -Infinity, Infinity, -Infinity];
    for (const p of fit) {
      const u = dot(p, right);
      const v = dot(p, up);
      [uLo, uHi, vLo, vHi] = [Math.min(uLo, u), Math.max(uHi, u), Math.min(vLo, v), Math.max(vHi, v)];
    }
    const scale = Math.min((2 * halfW) / Math.max(1e-9, uHi - uLo), (2 * halfH) / Math.max(1e-9, vHi - vLo));
    const score = smallestGap(centres.map((c) => ({ x: dot(c, right) * scale, y: dot(c, up) * scale })));
    return { direction, score, u: (uLo + uHi) / 2, v: (vLo + vHi) / 2 };
  };
  type View = NonNullable<ReturnType<typeof view>>;
  const lattice = directions.map(view).filter((v): v is View => v !== null).sort((a, b) => b.score - a.score);
  if (lattice.length === 0) throw new RangeError('frameMap: no direction to look from');
  let best = lattice[0]!;
  for (let candidate of lattice.slice(0, REFINED)) {
    for (let step = REFINE_STEP; step > REFINE_STEP / 16; step /= 2) {
      const { right, up } = axes(candidate.direction);
      for (const [a, b] of [[1, 0], [-1, 0], [0, 1], [0, -1]] as const) {
        const d = vec((k) => candidate.direction[k] + step * (a * right[k] + b * up[k]));
        const n = Math.hypot(...d);
        const next = view(vec((k) => d[k] / n));
        if (next !== null && next.score > candidate.score) candidate = next;
      }
    }
    if (candidate.score > best.score) best = candidate;
  }

  // The fit: the target at the middle of the map as seen, the distance the least that keeps every
  // point inside the free area under the true perspective (farther only ever shrinks the picture).
  const { direction } = best;
  const { right, up } = axes(direction);
  const depth = fit.reduce((s, p) => s + dot(p, direction), 0) / fit.length;
  const target = vec((k) => right[k] * best.u + up[k] * best.v + direction[k] * depth);
  const centre = { x: (free.left + free.right) / 2, y: (free.top + free.bottom) / 2 };
  const screenOf = (distance: number) => fit.map((p) => projectPoint({ direction, target, distance, centre }, p, viewport));
  const bounds = (screen: ({ x: number; y: number } | null)[]) => {
    const xs = screen.map((s) => s?.x ?? NaN);
    const ys = screen.map((s) => s?.y ?? NaN);
    return { left: Math.min(...xs), right: Math.max(...xs), top: Math.min(...ys), bottom: Math.max(...ys) };
  };
  const fits = (distance: number) => {
    const b = bounds(screenOf(distance));
    return b.left >= free.left + margin && b.right <= free.right - margin && b.top >= free.top + margin && b.bottom <= free.bottom - margin;
  };
  let far = 1;
  // Perspective draws the near side larger, so the map's middle is not the picture's: a few rounds
  // of fitting the distance and then moving the picture's middle onto the free area's.
  for (let round = 0; round < 4; round++) {
    let near = 1e-3;
    far = 1;
    while (!fits(far) && far < 1e6) [near, far] = [far, far * 2];
    for (let k = 0; k < 40; k++) {
      const mid = (near + far) / 2;
      if (fits(mid)) far = mid;
      else near = mid;
    }
    const b = bounds(screenOf(far));
    centre.x += (free.left + free.right) / 2 - (b.left + b.right) / 2;
    centre.y += (free.top + free.bottom) / 2 - (b.top + b.bottom) / 2;
  }
  const frame = { direction, target, distance: far, centre };
  const screen = centres.map((c) => projectPoint(frame, c, viewport)!);
  return { ...frame, separation: smallestGap(screen) / viewport.height };
}
