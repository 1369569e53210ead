/**
 * The page's side of the docking rule (src/page/explore/dock.ts): reads the class centres from
 * their labels (data-x, data-y, data-front: src/page/chrome/centroid-labels.ts), the boxes of the
 * other overlays and the open panels' sizes, and moves each open panel to its slot. It re-docks
 * when a panel opens, closes or changes size, when the window resizes, and at the explore tools'
 * slow tick (the camera moves the centres).
 */
import { dock, type DockPanel, type Home, type Point, type Rect } from './dock';

export interface Dockable {
  element: HTMLElement;
  home: Home;
  /** True while the panel must not move (a stroke on the draw pad): it keeps its place until false. */
  held?: () => boolean;
}

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
    const requests: DockPanel[] = open.map((p, i) => ({ id: String(i), width: p.element.offsetWidth, height: p.element.offsetHeight, home: p.home, at: this.at.get(p.element) ?? null }));
    const places = dock({ width: window.innerWidth, height: window.innerHeight, centres, obstacles }, requests);
    open.forEach((p, i) => {
      // A panel held still keeps where it is until it is let go (a stroke is seconds); the others
      // were placed this round as if it could move, so one may briefly overlap it.
      if (p.held?.() === true && this.at.has(p.element)) return;
      const at = places.get(String(i))!;
      this.at.set(p.element, at);
      const { style } = p.element;
      const [left, top] = [`${Math.round(at.x)}px`, `${Math.round(at.y)}px`];
      if (style.left !== left) style.left = left;
      if (style.top !== top) style.top = top;
      style.right = style.bottom = 'auto';
    });
  }

  dispose(): void {
    for (const o of this.observers) o.disconnect();
    window.removeEventListener('resize', this.onResize);
  }
}
