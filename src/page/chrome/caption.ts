/**
 * The story-mode caption: a title and one or two sentences under the scene, with the step number.
 * Shown or hidden with the caption key (t); hidden with every other overlay by h.
 */
export class Caption {
  readonly element: HTMLElement;
  private readonly title: HTMLElement;
  private readonly text: HTMLElement;
  private readonly counter: HTMLElement;
  private readonly manifold: HTMLElement;
  private raw = { title: '', text: '' };
  /** Fills a caption's figure placeholders (src/page/stage/figures.ts); the identity until set. */
  private fill: (text: string) => string = (text) => text;

  constructor(parent: HTMLElement) {
    this.element = document.createElement('figure');
    this.element.className = 'caption';
    this.element.setAttribute('aria-live', 'polite');
    this.title = document.createElement('h2');
    this.text = document.createElement('p');
    this.counter = document.createElement('span');
    this.counter.className = 'caption-step';
    this.manifold = document.createElement('small');
    this.manifold.className = 'caption-manifold';
    this.element.append(this.counter, this.title, this.text, this.manifold);
    this.element.hidden = true;
    parent.append(this.element);
  }

  show(title: string, text: string, step: number, count: number): void {
    this.raw = { title, text };
    this.render();
    this.counter.textContent = count > 1 ? `${step + 1} / ${count}` : '';
    this.element.dataset.step = String(step);
  }

  /** Sets how figure placeholders are filled and shows the caption again with them. */
  setFill(fill: (text: string) => string): void {
    this.fill = fill;
    this.render();
  }

  private render(): void {
    this.title.textContent = this.fill(this.raw.title);
    this.text.textContent = this.fill(this.raw.text);
  }

  /** The caption as shown, placeholders filled. */
  get shownText(): string {
    return this.text.textContent ?? '';
  }

  /** The small line under every caption that says which manifold is on screen and what trained it. */
  setManifold(text: string): void {
    this.manifold.textContent = text;
  }

  get visible(): boolean {
    return !this.element.hidden;
  }

  set visible(on: boolean) {
    this.element.hidden = !on;
  }
}

/**
 * h: on a stage (story mode, autopilot) shows or hides the HUD, the panel and the notices over
 * the scene and caption; elsewhere hides or shows every overlay at once. Returns whether the
 * overlays are hidden now.
 */
export function toggleOverlays(root: HTMLElement = document.documentElement): boolean {
  if (root.classList.contains('stage')) return !root.classList.toggle('overlays-shown');
  return root.classList.toggle('overlays-hidden');
}

/** Fullscreen on and off; refused requests (no user gesture, an iframe) are ignored. */
export function toggleFullscreen(): void {
  if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
  else void document.documentElement.requestFullscreen?.().catch(() => undefined);
}
