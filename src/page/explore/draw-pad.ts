/**
 * The draw pad: a canvas to draw a digit on with the mouse, pen or a finger, turned into a 28x28
 * digit the way MNIST's were made (src/model/mnist-style.ts) on every stroke, then seen through
 * the augmentation sliders (rotation, scale, shift, intensity, noise, mask: src/model/probe-view.ts).
 * Shows the digit as the model gets it, its reconstruction D(E(x)) and the judge's reading, with
 * clear, undo and "start from a real digit". It reports each new digit; what is done with it is
 * the caller's.
 */
import { IMAGE_SIZE } from '../../model/dataset';
import { mnistStyle } from '../../model/mnist-style';
import { paintDigit } from '../chrome/digit-canvas';
import { IDENTITY_PROBE, PROBE_RANGES, probeView, type ProbeSettings } from '../../model/probe-view';

/** The drawing surface's own resolution (the seed author's playground used 280 x 280). */
export const PAD_SIZE = 280;
/** Stroke width on the pad: about a tenth of a digit's height, as in MNIST's pen strokes. */
const STROKE = 22;

type Stroke = { x: number; y: number }[];

export interface PadReading {
  reconstruction: Float32Array;
  label: number | null;
  confidence: number | null;
}

function digitCanvas(className: string): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.width = IMAGE_SIZE;
  canvas.height = IMAGE_SIZE;
  canvas.className = className;
  return canvas;
}

export class DrawPad {
  readonly element: HTMLElement;
  private readonly pad: HTMLCanvasElement;
  private readonly input = digitCanvas('pad-input');
  private readonly output = digitCanvas('pad-output');
  private readonly reading: HTMLElement;
  private strokes: Stroke[] = [];
  /** The stroke the pointer is drawing, if any. */
  private stroke: Stroke | null = null;
  /** A real digit loaded with "start from a real digit" (drawn under the strokes). */
  private base: Float32Array | null = null;
  /** The pad's digit before the sliders, and after them (what the model gets). */
  private drawn: Float32Array | null = null;
  private current: Float32Array | null = null;
  private readonly settings: ProbeSettings = { ...IDENTITY_PROBE };
  private readonly sliders = new Map<keyof ProbeSettings, HTMLInputElement>();
  private readonly listeners = new Set<(digit: Float32Array | null) => void>();

  constructor(
    parent: HTMLElement,
    private readonly realDigit: (index: number) => Float32Array | null,
    private readonly realCount: number,
  ) {
    this.element = document.createElement('section');
    this.element.className = 'draw-pad';
    this.element.setAttribute('aria-label', 'draw a digit');
    this.element.hidden = true;
    // The HUD above keeps clear of the pad however tall its fold-out makes it (style.css).
    new ResizeObserver(() => this.element.ownerDocument.documentElement.style.setProperty('--pad-height', `${this.element.offsetHeight}px`)).observe(this.element);
    this.pad = document.createElement('canvas');
    this.pad.width = PAD_SIZE;
    this.pad.height = PAD_SIZE;
    this.pad.className = 'pad-canvas';
    this.reading = document.createElement('p');
    this.reading.className = 'pad-reading';
    const previews = document.createElement('div');
    previews.className = 'pad-previews';
    previews.append(this.figure(this.input, 'input x (28x28)'), this.figure(this.output, 'D(E(x))'));
    this.element.append(this.pad, previews, this.reading, this.buttons(), this.augmentPanel());
    parent.append(this.element);
    this.bindPointer();
    this.redraw();
  }

  private figure(canvas: HTMLCanvasElement, caption: string): HTMLElement {
    const figure = document.createElement('figure');
    const text = document.createElement('figcaption');
    text.textContent = caption;
    figure.append(canvas, text);
    return figure;
  }

  private readonly row = document.createElement('div');

  private buttons(): HTMLElement {
    this.row.className = 'pad-buttons';
    this.addButton('clear', () => this.clear());
    this.addButton('undo', () => this.undo());
    this.addButton('real digit', () => this.loadReal(Math.floor(Math.random() * this.realCount)));
    return this.row;
  }

  private augmentPanel(): HTMLElement {
    const details = document.createElement('details');
    details.className = 'pad-augment';
    const summary = document.createElement('summary');
    summary.textContent = 'augment';
    details.append(summary);
    for (const key of Object.keys(PROBE_RANGES) as (keyof ProbeSettings)[]) {
      const [lo, hi, step] = PROBE_RANGES[key];
      const label = document.createElement('label');
      const input = document.createElement('input');
      Object.assign(input, { type: 'range', min: String(lo), max: String(hi), step: String(step), value: String(IDENTITY_PROBE[key]) });
      input.dataset.setting = key;
      const value = document.createElement('output');
      value.textContent = String(IDENTITY_PROBE[key]);
      input.addEventListener('input', () => {
        this.settings[key] = Number(input.value);
        value.textContent = input.value;
        this.emit();
      });
      label.append(`${key} `, input, value);
      details.append(label);
      this.sliders.set(key, input);
    }
    const reset = document.createElement('button');
    reset.type = 'button';
    reset.textContent = 'reset';
    reset.addEventListener('click', () => this.setAugment(IDENTITY_PROBE));
    details.append(reset);
    return details;
  }

  /** Sets the augmentation sliders (any subset) and reports the new view. */
  setAugment(settings: Partial<ProbeSettings>): void {
    Object.assign(this.settings, settings);
    for (const [key, input] of this.sliders) {
      input.value = String(this.settings[key]);
      input.nextElementSibling!.textContent = input.value;
    }
    this.emit();
  }

  augment(): ProbeSettings {
    return { ...this.settings };
  }

  /** A button in the pad's row (data-action is its label); returns a function that removes it. */
  addButton(label: string, action: () => void): () => void {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = label;
    b.dataset.action = label;
    b.addEventListener('click', action);
    this.row.append(b);
    return () => b.remove();
  }

  get visible(): boolean {
    return !this.element.hidden;
  }

  set visible(on: boolean) {
    this.element.hidden = !on;
    // The HUD makes room for the pad below it (style.css).
    this.element.ownerDocument.documentElement.classList.toggle('pad-open', on);
  }

  /** The digit on the pad now (784 values), or null when it is empty. */
  digit(): Float32Array | null {
    return this.current;
  }

  /** The drawn or loaded digit before the sliders, or null. */
  source(): Float32Array | null {
    return this.drawn;
  }

  /** Listens for each new digit (null: the pad was cleared); returns a function that stops. */
  onDigit(listener: (digit: Float32Array | null) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Shows what the model made of the digit. */
  showReading(reading: PadReading | null): void {
    paintDigit(this.output, reading?.reconstruction ?? null);
    if (reading === null) this.reading.textContent = 'draw a digit';
    else if (reading.label === null) this.reading.textContent = 'no judge in this bundle';
    else this.reading.textContent = `reads as ${reading.label} (${Math.round((reading.confidence ?? 0) * 100)} %)`;
    this.reading.dataset.label = reading?.label === null || reading === null ? '' : String(reading.label);
  }

  clear(): void {
    this.strokes = [];
    this.base = null;
    this.redraw();
  }

  undo(): void {
    if (this.strokes.length > 0) this.strokes.pop();
    else this.base = null;
    this.redraw();
  }

  /** Puts shipped digit `index` on the pad (strokes drawn after it add ink to it). */
  loadReal(index: number): void {
    const image = this.realDigit(index);
    if (image !== null) this.loadImage(image);
  }

  /** Puts a 28x28 digit on the pad in place of what is there (null: clears it). */
  loadImage(image: Float32Array | null): void {
    this.strokes = [];
    this.base = image;
    this.redraw();
  }

  /** True between a stroke's pointerdown and its end: the page must not move the pad under the pen. */
  get drawing(): boolean {
    return this.stroke !== null;
  }

  /** Called when a stroke ends (after its last point is on the pad). */
  onStrokeEnd: () => void = () => undefined;

  private bindPointer(): void {
    const at = (event: PointerEvent) => {
      const rect = this.pad.getBoundingClientRect();
      return { x: ((event.clientX - rect.left) / rect.width) * PAD_SIZE, y: ((event.clientY - rect.top) / rect.height) * PAD_SIZE };
    };
    this.pad.addEventListener('pointerdown', (event) => {
      this.pad.setPointerCapture(event.pointerId);
      this.stroke = [at(event)];
      this.strokes.push(this.stroke);
      this.redraw();
    });
    this.pad.addEventListener('pointermove', (event) => {
      if (this.stroke === null) return;
      this.stroke.push(at(event));
      this.redraw();
    });
    const end = () => {
      if (this.stroke === null) return;
      this.stroke = null;
      this.onStrokeEnd();
    };
    this.pad.addEventListener('pointerup', end);
    this.pad.addEventListener('pointercancel', end);
  }

  /** Paints the base digit and the strokes, reads the pad back and reports the new 28x28 digit. */
  private redraw(): void {
    const ctx = this.pad.getContext('2d', { willReadFrequently: true })!;
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, PAD_SIZE, PAD_SIZE);
    if (this.base !== null) {
      const tile = digitCanvas('');
      paintDigit(tile, this.base);
      ctx.imageSmoothingEnabled = true;
      ctx.drawImage(tile, 0, 0, PAD_SIZE, PAD_SIZE);
    }
    ctx.strokeStyle = '#fff';
    ctx.fillStyle = '#fff';
    ctx.lineWidth = STROKE;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    for (const stroke of this.strokes) {
      ctx.beginPath();
      ctx.moveTo(stroke[0]!.x, stroke[0]!.y);
      // A single tap is a dot: lineTo to the same point draws nothing with round caps in some browsers.
      if (stroke.length === 1) ctx.arc(stroke[0]!.x, stroke[0]!.y, STROKE / 2, 0, Math.PI * 2);
      for (const p of stroke.slice(1)) ctx.lineTo(p.x, p.y);
      if (stroke.length === 1) ctx.fill();
      else ctx.stroke();
    }
    const rgba = ctx.getImageData(0, 0, PAD_SIZE, PAD_SIZE).data;
    const grey = new Float32Array(PAD_SIZE * PAD_SIZE);
    for (let i = 0; i < grey.length; i++) grey[i] = rgba[i * 4]! / 255;
    // A real digit is already MNIST-style: rescaling it again would only blur it.
    this.drawn = this.base !== null && this.strokes.length === 0 ? this.base : mnistStyle(grey, PAD_SIZE, PAD_SIZE);
    this.emit();
  }

  /** The drawn digit through the sliders, shown and reported. */
  private emit(): void {
    const identity = (Object.keys(IDENTITY_PROBE) as (keyof ProbeSettings)[]).every((k) => this.settings[k] === IDENTITY_PROBE[k]);
    this.current = this.drawn === null || identity ? this.drawn : probeView(this.drawn, this.settings);
    paintDigit(this.input, this.current);
    if (this.current === null) this.showReading(null);
    for (const listener of this.listeners) listener(this.current);
  }
}
