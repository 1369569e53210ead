/**
 * The side-by-side strip of the rotation scene: one row per manifold, each the decoded images of
 * the same held-out digit turned by the same asked angles. Under each image, the angle asked and
 * the angle the image shows (by correlation with the start turned over a 1 degree grid), and
 * whether it is still the start's own instance or snapped to another digit of its class.
 */
import { IMAGE_SIZE, PIXELS } from '../../model/dataset';
import type { RotationManifold } from '../../model/rotation';
import { ANGLE_GRID } from '../../model/rotation-measure';

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
}

const SHOWN_PX = 52;
const MEASURABLE_DEG = Math.max(...ANGLE_GRID);

export function paintDigit(canvas: HTMLCanvasElement, image: Float32Array): void {
  canvas.width = IMAGE_SIZE;
  canvas.height = IMAGE_SIZE;
  const ctx = canvas.getContext('2d');
  if (ctx === null) return;
  const data = ctx.createImageData(IMAGE_SIZE, IMAGE_SIZE);
  for (let p = 0; p < PIXELS; p++) {
    const v = Math.round(Math.min(1, Math.max(0, image[p]!)) * 255);
    data.data.set([v, v, v, 255], p * 4);
  }
  ctx.putImageData(data, 0, 0);
}

const signed = (deg: number): string => `${deg > 0 ? '+' : deg < 0 ? '−' : ''}${Math.abs(Math.round(deg * 10) / 10)}°`;

export class RotationStrip {
  readonly element: HTMLElement;
  private readonly body: HTMLElement;

  constructor(parent: HTMLElement, private readonly choose: (id: RotationManifold) => void) {
    this.element = document.createElement('section');
    this.element.className = 'rotation-strip';
    this.element.setAttribute('aria-label', 'the three manifolds turning the same digit');
    const heading = document.createElement('h2');
    heading.textContent = 'same digit, same asked angles';
    this.body = document.createElement('div');
    this.element.append(heading, this.body);
    parent.append(this.element);
  }

  show(rows: readonly StripRow[], active: RotationManifold): void {
    this.body.replaceChildren(
      ...rows.map((row) => {
        const el = document.createElement('div');
        el.className = 'strip-row';
        el.dataset.manifold = row.id;
        el.classList.toggle('active', row.id === active);
        el.title = `show ${row.title} on the map`;
        el.addEventListener('click', () => this.choose(row.id));
        const head = document.createElement('div');
        head.className = 'strip-head';
        const kept = row.kept.filter(Boolean).length;
        head.innerHTML = '<b></b> <small></small> <span class="strip-score"></span>';
        head.querySelector('b')!.textContent = row.title;
        head.querySelector('small')!.textContent = row.signal;
        head.querySelector('.strip-score')!.textContent = `instance kept ${kept}/${row.kept.length}, last step ${signed(row.achieved.at(-1)!)} of ${signed(row.asked.at(-1)!)} asked`;
        const cells = document.createElement('div');
        cells.className = 'strip-cells';
        for (let k = 0; k < row.asked.length; k++) {
          const cell = document.createElement('figure');
          const canvas = document.createElement('canvas');
          canvas.style.width = canvas.style.height = `${SHOWN_PX}px`;
          paintDigit(canvas, row.images.subarray(k * PIXELS, (k + 1) * PIXELS));
          const caption = document.createElement('figcaption');
          // The angle estimate searches +-75 degrees: past that it would name a wrong angle.
          const measurable = Math.abs(row.asked[k]!) <= MEASURABLE_DEG;
          caption.textContent = k === 0 ? 'start' : measurable ? `${signed(row.asked[k]!)} → ${signed(row.achieved[k]!)}` : `${signed(row.asked[k]!)} → ?`;
          if (k > 0) cell.classList.add(row.kept[k - 1] ? 'kept' : 'snapped');
          cell.title = k === 0 ? 'D(E(x)): the manifold’s own rendering of the digit' : `asked ${signed(row.asked[k]!)}, shows ${signed(row.achieved[k]!)}; ${row.kept[k - 1] ? 'the start’s own instance' : 'another instance (snapped)'}`;
          cell.append(canvas, caption);
          cells.append(cell);
        }
        el.append(head, cells);
        return el;
      }),
    );
  }
}
