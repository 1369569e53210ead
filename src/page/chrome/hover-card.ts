/** The digit under the mouse: its image, scaled up without smoothing, and its label. */
import { digitImage, IMAGE_SIZE } from '../../model/dataset';
import { paintDigit } from './digit-canvas';
import { digitCss } from '../../engine';

export class HoverCard {
  readonly element: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly caption: HTMLElement;
  private shown = -1;

  constructor(parent: HTMLElement, extraClass = '') {
    this.element = document.createElement('div');
    this.element.className = `hover-card ${extraClass}`.trim();
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
    this.element.style.transform = `translate(${x + 14}px, ${y + 14}px)`;
    if (index === this.shown && !this.element.hidden) return;
    this.shown = index;
    this.showImage(digitImage(images, index), `digit ${label} \u00b7 #${index}`, label, x, y);
  }

  /** Shows any 28x28 image with a caption in digit `label`'s colour near pixel (x, y). */
  showImage(image: Float32Array, caption: string, label: number, x: number, y: number): void {
    this.element.hidden = false;
    this.element.style.transform = `translate(${x + 14}px, ${y + 14}px)`;
    paintDigit(this.canvas, image);
    this.caption.textContent = caption;
    this.caption.style.color = digitCss(label);
  }

  hide(): void {
    this.element.hidden = true;
    this.shown = -1;
  }
}
