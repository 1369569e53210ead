/** The digit under the mouse: its image, scaled up without smoothing, and its label. */
import { IMAGE_SIZE, PIXELS } from '../../model/dataset';
import { paintDigit } from './digit-canvas';
import { digitCss } from '../../engine';

export class HoverCard {
  readonly element: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly caption: HTMLElement;
  private shown = -1;

  constructor(parent: HTMLElement) {
    this.element = document.createElement('div');
    this.element.className = 'hover-card';
    this.element.hidden = true;
    this.canvas = document.createElement('canvas');
    this.canvas.width = IMAGE_SIZE;
    this.canvas.height = IMAGE_SIZE;
    this.caption = document.createElement('p');
    this.element.append(this.canvas, this.caption);
    parent.append(this.element);
  }

  /** Shows digit `index` of `images` (n x 784) near pixel (x, y); index -1 hides the card. */
  show(index: number, images: Float32Array, label: number, x: number, y: number): void {
    if (index < 0) {
      this.element.hidden = true;
      this.shown = -1;
      return;
    }
    this.element.hidden = false;
    this.element.style.transform = `translate(${x + 14}px, ${y + 14}px)`;
    if (index === this.shown) return;
    this.shown = index;
    paintDigit(this.canvas, images.subarray(index * PIXELS, (index + 1) * PIXELS));
    this.caption.textContent = `digit ${label} \u00b7 #${index}`;
    this.caption.style.color = digitCss(label);
  }
}
