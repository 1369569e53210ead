/** Where the explore panels dock (src/page/explore/dock.ts): clear of every cluster centre, overlay and other panel. */
import { describe, expect, it } from 'vitest';
import { centreMargins, dock, dockSlots, EDGE_GAP, overlaps, type DockPanel, type Point, type Rect } from '../../src/page/explore/dock';

const VIEW = { width: 1280, height: 720 };
/** The caption at the bottom centre, as the page lays it out. */
const CAPTION: Rect = { x: 260, y: 560, width: 760, height: 116 };
/** Ten centres spread over the middle of the screen, as the map puts them. */
const MIDDLE: Point[] = Array.from({ length: 10 }, (_, i) => ({ x: 420 + (i % 5) * 110, y: 180 + Math.floor(i / 5) * 260 }));

const panel = (id: string, width: number, height: number, at: Point | null = null, home: DockPanel['home'] = 'top'): DockPanel => ({ id, width, height, home, at });
const rect = (at: Point, p: DockPanel): Rect => ({ ...at, width: p.width, height: p.height });
/** The slots along the screen's edges (the dock's first choice). */
const edgeSlots = (view: typeof VIEW, width: number, height: number) => dockSlots(view, width, height).filter((s) => !s.interior).map((s) => s.at);
const inside = (r: Rect, c: Point, margin = 0) => c.x >= r.x - margin && c.x <= r.x + r.width + margin && c.y >= r.y - margin && c.y <= r.y + r.height + margin;

describe('docking the explore panels', () => {
  it('offers slots along every edge, on screen, never the bottom middle (the caption)', () => {
    const slots = edgeSlots(VIEW, 300, 200);
    for (const s of slots) {
      expect(s.x).toBeGreaterThanOrEqual(EDGE_GAP);
      expect(s.y).toBeGreaterThanOrEqual(EDGE_GAP);
      expect(s.x + 300).toBeLessThanOrEqual(VIEW.width - EDGE_GAP + 1e-9);
      expect(s.y + 200).toBeLessThanOrEqual(VIEW.height - EDGE_GAP + 1e-9);
    }
    expect(slots).toContainEqual({ x: (VIEW.width - 300) / 2, y: EDGE_GAP });
    expect(slots).not.toContainEqual({ x: (VIEW.width - 300) / 2, y: VIEW.height - 200 - EDGE_GAP });
    expect(new Set(slots.map((s) => `${s.x},${s.y}`)).size).toBe(slots.length);
  });

  it('moves a panel off the centres under its home to the nearest clear slot', () => {
    // A centre right under the top middle, where the panel would rather be.
    const centres = [...MIDDLE, { x: 640, y: 90 }];
    const p = panel('chart', 360, 300);
    const at = dock({ ...VIEW, centres, obstacles: [CAPTION] }, [p]).get('chart')!;
    const box = rect(at, p);
    const { take } = centreMargins(VIEW.height);
    for (const c of centres) expect(inside(box, c, take), `centre ${c.x},${c.y}`).toBe(false);
    expect(overlaps(box, CAPTION)).toBe(false);
    // Still along the top: the nearest clear slot to the top middle.
    expect(at.y).toBe(EDGE_GAP);
  });

  it('keeps panels off each other and off the other overlays', () => {
    const hud: Rect = { x: 10, y: 10, width: 330, height: 200 };
    const panels = [panel('pad', 200, 460, null, 'bottom-left'), panel('steer', 420, 130), panel('chart', 360, 300), panel('census', 300, 180)];
    const places = dock({ ...VIEW, centres: MIDDLE, obstacles: [CAPTION, hud] }, panels);
    const boxes = panels.map((p) => rect(places.get(p.id)!, p));
    for (let i = 0; i < boxes.length; i++) {
      for (const o of [CAPTION, hud]) expect(overlaps(boxes[i]!, o), `${panels[i]!.id} on an overlay`).toBe(false);
      for (let j = i + 1; j < boxes.length; j++) expect(overlaps(boxes[i]!, boxes[j]!), `${panels[i]!.id} on ${panels[j]!.id}`).toBe(false);
      for (const c of MIDDLE) expect(inside(boxes[i]!, c), `${panels[i]!.id} covers ${c.x},${c.y}`).toBe(false);
    }
  });

  it('keeps a panel where it is while its place stays clear (no jumping as the camera moves a little)', () => {
    // The panel sits at the top left; its home (the top middle) is clear too, but it stays put.
    const p = panel('chart', 360, 300, { x: EDGE_GAP, y: EDGE_GAP });
    expect(dock({ ...VIEW, centres: MIDDLE, obstacles: [] }, [p]).get('chart')).toEqual({ x: EDGE_GAP, y: EDGE_GAP });
    // A centre drifting to just inside the margin a new place must keep, but not the smaller one to stay.
    const { take, keep } = centreMargins(VIEW.height);
    const near = { x: EDGE_GAP + 360 + (take + keep) / 2, y: 200 };
    expect(dock({ ...VIEW, centres: [...MIDDLE, near], obstacles: [] }, [p]).get('chart')).toEqual({ x: EDGE_GAP, y: EDGE_GAP });
    // A centre that comes under it moves it.
    const under = { x: EDGE_GAP + 100, y: 150 };
    const moved = dock({ ...VIEW, centres: [...MIDDLE, under], obstacles: [] }, [p]).get('chart')!;
    expect(moved).not.toEqual({ x: EDGE_GAP, y: EDGE_GAP });
    expect(inside(rect(moved, p), under, take)).toBe(false);
  });

  it('puts a panel over another panel, never over the caption, when the screen is too full for both', () => {
    const caption: Rect = { x: 0, y: 420, width: VIEW.width, height: 300 };
    const panels = [panel('big', 1260, 400), panel('census', 300, 200)];
    const places = dock({ ...VIEW, centres: [], obstacles: [caption] }, panels);
    const census = rect(places.get('census')!, panels[1]!);
    expect(overlaps(census, caption)).toBe(false);
    expect(overlaps(census, rect(places.get('big')!, panels[0]!))).toBe(true);
  });

  it('sits beside an overlay, off the edge, when every edge slot covers a centre', () => {
    // Centres all along the edges: every edge slot covers some.
    const crowd = edgeSlots(VIEW, 300, 200).map((s) => ({ x: s.x + 150, y: s.y + 100 }));
    const p = panel('census', 300, 200);
    const box = rect(dock({ ...VIEW, centres: crowd, obstacles: [CAPTION] }, [p]).get('census')!, p);
    expect(overlaps(box, CAPTION)).toBe(false);
    expect(crowd.filter((c) => inside(box, c))).toEqual([]);
  });

  it('covers as few centres as it can, and no overlay, when no place is clear', () => {
    // Centres everywhere, thickest at the top middle (the panel's home).
    const grid = [
      ...Array.from({ length: 13 * 8 }, (_, i) => ({ x: 50 + (i % 13) * 100, y: 40 + Math.floor(i / 13) * 90 })),
      ...Array.from({ length: 6 }, (_, i) => ({ x: 600 + (i % 3) * 100, y: 85 + Math.floor(i / 3) * 90 })),
    ];
    const p = panel('census', 300, 200);
    const box = rect(dock({ ...VIEW, centres: grid, obstacles: [CAPTION] }, [p]).get('census')!, p);
    const home = rect({ x: (VIEW.width - 300) / 2, y: EDGE_GAP }, p);
    expect(overlaps(box, CAPTION)).toBe(false);
    expect(grid.filter((c) => inside(box, c)).length).toBeLessThan(grid.filter((c) => inside(home, c)).length);
  });
});
