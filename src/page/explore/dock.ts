/**
 * Where the explore panels sit (issue 22: panels cover no cluster). Each open panel takes a slot
 * along the screen's edges that covers no class centre, no other overlay (the caption, the title,
 * the HUD, the settings panel) and no panel placed before it, the clear slot nearest its home.
 * A panel keeps its place while that place stays clear by a smaller margin than a new place must
 * have, so panels do not jump about as the camera or a caption moves a little. On a screen too
 * full for that (several tools open at 720p) a panel sits beside another off the edge, and only
 * as a last resort over another panel, never over the caption. Pure: the page's side
 * (src/page/explore/panel-dock.ts) measures the boxes and applies the answer.
 */

export interface Point {
  x: number;
  y: number;
}

export interface Rect extends Point {
  width: number;
  height: number;
}

/** Where a panel would rather sit: the top middle (the view's panels) or the bottom left (the draw pad). */
export type Home = 'top' | 'bottom-left';

export interface DockPanel {
  id: string;
  width: number;
  height: number;
  home: Home;
  /** Where the panel sits now (its top-left corner), or null before it was first placed. */
  at: Point | null;
}

export interface DockScene {
  width: number;
  height: number;
  /** Class centres on screen (CSS px). */
  centres: readonly Point[];
  /** Boxes no panel may overlap. */
  obstacles: readonly Rect[];
}

/** Gap between a panel and the screen's edge (CSS px). */
export const EDGE_GAP = 10;
/** Positions tried along each edge, as shares of the free length; the bottom middle is the caption's. */
const ALONG = [0, 0.25, 0.5, 0.75, 1];

/**
 * How close (CSS px) a centre may come to a panel: a new place keeps a cluster's core clear
 * (5% of the screen height), a kept place only needs the centre itself uncovered plus half that.
 */
export function centreMargins(height: number): { take: number; keep: number } {
  const take = Math.max(24, 0.05 * height);
  return { take, keep: take / 2 };
}

const HOMES: Record<Home, (w: number, h: number) => Point> = {
  top: (w) => ({ x: w / 2, y: 0 }),
  'bottom-left': (_, h) => ({ x: 0, y: h }),
};

/** Extra cost of a place off the screen's edges: more than the distance from home, less than a covered centre. */
const INTERIOR = 5;

/**
 * The places a `width` x `height` panel may take (top-left corners, no repeats): slots along the
 * four edges, a few spread along each and, for each box in `around`, those flush beside it on the
 * same edge (so a panel stacks under the title or beside another panel); and, for a screen too
 * full for that, places flush against those boxes away from the edges (`interior`).
 */
export function dockSlots(view: { width: number; height: number }, width: number, height: number, around: readonly Rect[] = []): { at: Point; interior: boolean }[] {
  const x0 = EDGE_GAP;
  const y0 = EDGE_GAP;
  const x1 = Math.max(x0, view.width - width - EDGE_GAP);
  const y1 = Math.max(y0, view.height - height - EDGE_GAP);
  const xs = ALONG.map((s) => x0 + s * (x1 - x0));
  const ys = ALONG.map((s) => y0 + s * (y1 - y0));
  for (const b of around) {
    xs.push(b.x + b.width + EDGE_GAP, b.x - EDGE_GAP - width);
    ys.push(b.y + b.height + EDGE_GAP, b.y - EDGE_GAP - height);
  }
  const middle = x0 + 0.5 * (x1 - x0);
  const seen = new Set<string>();
  const slots: { at: Point; interior: boolean }[] = [];
  for (const x of xs.filter((v) => v >= x0 && v <= x1)) {
    for (const y of ys.filter((v) => v >= y0 && v <= y1)) {
      const key = `${Math.round(x)},${Math.round(y)}`;
      if (seen.has(key) || (x === middle && y === y1)) continue;
      seen.add(key);
      slots.push({ at: { x, y }, interior: !onEdge({ x, y }, x1, y1) });
    }
  }
  return slots;
}

/** Whether a panel at `p` touches an edge (x1, y1: the right and bottom slot positions). */
function onEdge(p: Point, x1: number, y1: number): boolean {
  return [p.x - EDGE_GAP, p.y - EDGE_GAP, x1 - p.x, y1 - p.y].some((d) => Math.abs(d) < 0.5);
}

export function overlaps(a: Rect, b: Rect): boolean {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 1 && h > 1;
}

/** Centres inside `box` grown by `margin` on every side. */
function centresNear(box: Rect, centres: readonly Point[], margin: number): number {
  return centres.filter((c) => c.x >= box.x - margin && c.x <= box.x + box.width + margin && c.y >= box.y - margin && c.y <= box.y + box.height + margin).length;
}

interface Scored {
  at: Point;
  cost: number;
}

/**
 * A place's cost: covering the caption or another overlay first, then another panel (when the
 * screen is too full for all of them, one tool over another beats one over the caption), then
 * covered centres, then the distance from home (under 1).
 */
function cost(box: Rect, scene: DockScene, taken: readonly Rect[], margin: number, home: Point): number {
  const blocked = scene.obstacles.filter((o) => overlaps(box, o)).length;
  const stacked = taken.filter((o) => overlaps(box, o)).length;
  const covered = centresNear(box, scene.centres, margin);
  const far = Math.hypot(box.x + box.width / 2 - home.x, box.y + box.height / 2 - home.y) / Math.hypot(scene.width, scene.height);
  return blocked * 10_000 + stacked * 1000 + covered * 10 + far;
}

/** Whether a panel's box covers no class centre (with the margin a new place keeps) and no overlay. */
export function clearAt(scene: DockScene, box: Rect): boolean {
  return centresNear(box, scene.centres, centreMargins(scene.height).take) === 0 && !scene.obstacles.some((o) => overlaps(box, o));
}

/** Where each panel goes, by id, in the order given (earlier panels choose first). */
export function dock(scene: DockScene, panels: readonly DockPanel[]): Map<string, Point> {
  const { take, keep } = centreMargins(scene.height);
  const placed = new Map<string, Point>();
  const taken: Rect[] = [];
  for (const panel of panels) {
    const size = { width: panel.width, height: panel.height };
    const home = HOMES[panel.home](scene.width, scene.height);
    const fits = (p: Point) => p.x >= 0 && p.y >= 0 && p.x + size.width <= scene.width + 0.5 && p.y + size.height <= scene.height + 0.5;
    const x1 = Math.max(EDGE_GAP, scene.width - size.width - EDGE_GAP);
    const y1 = Math.max(EDGE_GAP, scene.height - size.height - EDGE_GAP);
    let best: Scored | null = null;
    // Kept while clear, and only on an edge: a place taken off the edges on a full screen is let go.
    if (panel.at !== null && fits(panel.at) && onEdge(panel.at, x1, y1) && cost({ ...panel.at, ...size }, scene, taken, keep, home) < 1) best = { at: panel.at, cost: 0 };
    for (const { at, interior } of best === null ? dockSlots(scene, size.width, size.height, [...scene.obstacles, ...taken]) : []) {
      const c = cost({ ...at, ...size }, scene, taken, take, home) + (interior ? INTERIOR : 0);
      if (best === null || c < best.cost) best = { at, cost: c };
    }
    const at = best?.at ?? { x: EDGE_GAP, y: EDGE_GAP };
    placed.set(panel.id, at);
    taken.push({ ...at, ...size });
  }
  return placed;
}
