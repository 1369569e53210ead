/**
 * The side-by-side strip of the rotation scene: one row per manifold, each the decoded images of
 * the same held-out digit turned by the same asked angles (asked once, over the columns). Each row
 * carries the eval's figures for its manifold; each image is framed green while it is still the
 * start's own instance, red once it snapped to another digit of its class. The measured angle of
 * each image is in its tooltip: on stage the picture and the row's figures speak.
 */
import { IMAGE_SIZE, PIXELS } from '../../model/dataset';
import type { RotationManifold } from '../../model/rotation';
import { askedLabel, shownLabel } from './rotation-words';

export interface StripRow {
  id: RotationManifold;
  title: string;
  signal: string;
  /** (steps + 1) x 784. */
  images: Float32Array;
  asked: number[];
  achieved: number[];
  /** Per image after the start: the start's instance kept (true) or snapped to another (false). */
  kept: boolean[];
  /** The eval's figures for this manifold, in words ('' when there are none). */
  figures: string;
}

/**
 * Stroke ink: a cool white a shade under full white, so a screen of digits does not read as the
 * washed-out white the stage check counts (every channel >= 245).
 */
const INK = [228, 236, 255] as const;
const COLUMNS_NAMED = 9;

export function paintDigit(canvas: HTMLCanvasElement, image: Float32Array): void {
  canvas.width = IMAGE_SIZE;
  canvas.height = IMAGE_SIZE;
  const ctx = canvas.getContext('2d');
  if (ctx === null) return;
  const data = ctx.createImageData(IMAGE_SIZE, IMAGE_SIZE);
  for (let p = 0; p < PIXELS; p++) {
    const v = Math.min(1, Math.max(0, image[p]!));
    data.data.set([INK[0] * v, INK[1] * v, INK[2] * v, 255], p * 4);
  }
  ctx.putImageData(data, 0, 0);
}

function text<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, content: string): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  el.className = className;
  el.textContent = content;
  return el;
}

export class RotationStrip {
  readonly element: HTMLElement;
  private readonly heading: HTMLElement;
  private readonly asked: HTMLElement;
  private readonly body: HTMLElement;
  private readonly legend: HTMLElement;

  constructor(parent: HTMLElement, private readonly choose: (id: RotationManifold) => void) {
    this.element = document.createElement('section');
    this.element.className = 'rotation-strip';
    this.element.setAttribute('aria-label', 'the three manifolds turning the same digit');
    this.heading = text('h2', 'strip-title', '');
    this.asked = text('div', 'strip-asked', '');
    this.body = document.createElement('div');
    this.legend = text('p', 'strip-legend', '');
    this.element.append(this.heading, this.asked, this.body, this.legend);
    parent.append(this.element);
  }

  show(title: string, legend: string, rows: readonly StripRow[], active: RotationManifold): void {
    this.heading.textContent = title;
    this.legend.textContent = legend;
    const asked = rows[0]?.asked ?? [];
    // Stage-size angles fit over about nine columns; a longer rollout names every few.
    const every = Math.ceil(asked.length / COLUMNS_NAMED);
    this.asked.replaceChildren(...asked.map((a, k) => text('span', '', k % every === 0 ? askedLabel(a, k) : '')));
    this.body.replaceChildren(...rows.map((row) => this.row(row, active)));
  }

  private row(row: StripRow, active: RotationManifold): HTMLElement {
    const el = document.createElement('div');
    el.className = 'strip-row';
    el.dataset.manifold = row.id;
    el.classList.toggle('active', row.id === active);
    el.title = `${row.title} (${row.signal}): click to show it on the map`;
    el.addEventListener('click', () => this.choose(row.id));
    const head = document.createElement('div');
    head.className = 'strip-head';
    head.append(text('b', '', row.title));
    if (row.figures !== '') head.append(text('span', 'strip-score', row.figures));
    const cells = document.createElement('div');
    cells.className = 'strip-cells';
    for (let k = 0; k < row.asked.length; k++) {
      const cell = document.createElement('figure');
      const canvas = document.createElement('canvas');
      paintDigit(canvas, row.images.subarray(k * PIXELS, (k + 1) * PIXELS));
      if (k > 0) cell.classList.add(row.kept[k - 1] ? 'kept' : 'snapped');
      cell.title = k === 0 ? 'the manifold’s own rendering of the digit' : `${shownLabel(row.asked[k]!, row.achieved[k]!)}; ${row.kept[k - 1] ? 'the start’s own instance' : 'another instance (snapped)'}`;
      cell.append(canvas);
      cells.append(cell);
    }
    el.append(head, cells);
    return el;
  }
}
