/**
 * The page's side of the docking rule (src/page/explore/dock.ts): reads the class centres from
 * their labels (data-x, data-y, data-front: src/page/chrome/centroid-labels.ts), the boxes of the
 * other overlays and the open panels' sizes, and moves each open panel to its slot. It re-docks
 * when a panel opens, closes or changes size, when the window resizes, and at the explore tools'
 * slow tick (the camera moves the centres). A chart panel with no clear place at its own width
 * narrows before it covers a cluster.
 */
import { clearAt, dock, type DockPanel, type DockScene, type Home, type Point, type Rect } from './dock';

export interface Dockable {
  element: HTMLElement;
  home: Home;
  /** True while the panel must not move (a stroke on the draw pad): it keeps its place until false. */
  held?: () => boolean;
  /**
   * The narrowest share of its own width the panel may take: where no place at full width is
   * clear of the clusters, it narrows in steps down to this before it covers one (its type keeps
   * its size; a chart draws smaller). Absent: the panel keeps its width.
   */
  narrowest?: number;
}

/** The widths a narrowing panel tries, as shares of its own, widest first. */
const NARROWER = [0.9, 0.8, 0.7, 0.6];

/** Overlays a panel must keep off: every direct child of the app and of its overlay layers, and the settings panel. */
const OBSTACLES = '#app > *, #app .overlay > *, body > .lil-gui';
/** Layers that span the screen (their children count, not they) and things that follow the pointer. */
const NOT_OBSTACLES = '.canvas-host, .overlay, .explore-top, .centroid-label, .hover-card, canvas';

function shown(el: HTMLElement): boolean {
  if (el.hidden || el.closest('[hidden]') !== null) return false;
  const style = getComputedStyle(el);
  return style.display !== 'none' && style.visibility !== 'hidden' && el.getClientRects().length > 0;
}

function box(el: Element): Rect {
  const r = el.getBoundingClientRect();
  return { x: r.left, y: r.top, width: r.width, height: r.height };
}

export class PanelDock {
  private readonly at = new Map<HTMLElement, Point>();
  private readonly observers: (MutationObserver | ResizeObserver)[] = [];
  private readonly onResize = () => this.update();

  constructor(private readonly panels: readonly Dockable[]) {
    const mutations = new MutationObserver(() => this.update());
    const sizes = new ResizeObserver(() => this.update());
    for (const { element } of panels) {
      mutations.observe(element, { attributes: true, attributeFilter: ['hidden'] });
      sizes.observe(element);
    }
    this.observers.push(mutations, sizes);
    window.addEventListener('resize', this.onResize);
  }

  /** Places every open panel. */
  update(): void {
    const open = this.panels.filter((p) => shown(p.element));
    if (open.length === 0) return;
    const mine = new Set(this.panels.map((p) => p.element));
    const obstacles = [...document.querySelectorAll<HTMLElement>(OBSTACLES)]
      .filter((el) => !mine.has(el) && !el.matches(NOT_OBSTACLES) && shown(el))
      .map(box)
      .filter((b) => b.width > 0 && b.height > 0);
    const centres = [...document.querySelectorAll<HTMLElement>('.centroid-label')]
      .filter((el) => el.dataset.x !== undefined && el.dataset.front === '1')
      .map((el) => ({ x: Number(el.dataset.x), y: Number(el.dataset.y) }));
    // A panel held still (a stroke is seconds) keeps its place until it is let go, and the others
    // keep off it as off any overlay.
    const held = open.filter((p) => p.held?.() === true && this.at.has(p.element));
    for (const p of held) obstacles.push(box(p.element));
    const moving = open.filter((p) => !held.includes(p));
    const scene: DockScene = { width: window.innerWidth, height: window.innerHeight, centres, obstacles };
    // Each update starts from the panels' own widths, so a panel narrowed on a full screen grows back once there is room.
    for (const p of moving) if (p.narrowest !== undefined && p.element.style.width !== '') p.element.style.width = '';
    let places = this.place(scene, moving);
    const clearIn = (at: Map<string, Point>, i: number) => clearAt(scene, { ...at.get(String(i))!, width: moving[i]!.element.offsetWidth, height: moving[i]!.element.offsetHeight });
    for (const [i, p] of moving.entries()) {
      if (p.narrowest === undefined || clearIn(places, i)) continue;
      const own = p.element.offsetWidth;
      let narrowed = false;
      for (const share of NARROWER.filter((s) => s >= p.narrowest!)) {
        p.element.style.width = `${Math.round(own * share)}px`;
        const tried = this.place(scene, moving);
        narrowed = clearIn(tried, i);
        if (narrowed) {
          places = tried;
          break;
        }
      }
      // No width is clear: the panel keeps its own and the full-width places (the dock's last resort).
      if (!narrowed) p.element.style.width = '';
    }
    moving.forEach((p, i) => {
      const at = places.get(String(i))!;
      this.at.set(p.element, at);
      const { style } = p.element;
      const [left, top] = [`${Math.round(at.x)}px`, `${Math.round(at.y)}px`];
      if (style.left !== left) style.left = left;
      if (style.top !== top) style.top = top;
      style.right = style.bottom = 'auto';
    });
  }

  /** The dock's places for `panels` at their present sizes, keyed by their index. */
  private place(scene: DockScene, panels: readonly Dockable[]): Map<string, Point> {
    const requests: DockPanel[] = panels.map((p, i) => ({ id: String(i), width: p.element.offsetWidth, height: p.element.offsetHeight, home: p.home, at: this.at.get(p.element) ?? null }));
    return dock(scene, requests);
  }

  dispose(): void {
    for (const o of this.observers) o.disconnect();
    window.removeEventListener('resize', this.onResize);
  }
}
