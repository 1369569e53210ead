/**
 * The digit cards under the scene: the rollout in focus as one row of decoded 28x28 digits scaled
 * up, each with the digit the judge reads, filling in as the comet's head arrives at each state;
 * the current card is outlined. With an ungrounded track in focus a second row shows what it
 * decodes to (blurs, wrong digits).
 */
import { digitCss, type FocusedStory, type RolloutTrack } from '../../engine';
import { digitImage, IMAGE_SIZE, PIXELS } from '../../model/dataset';

const ROW_NAMES = { grounded: 're-grounded', ungrounded: 'no grounding' } as const;

function paint(canvas: HTMLCanvasElement, image: Float32Array): void {
  const ctx = canvas.getContext('2d');
  if (ctx === null) return;
  const data = new ImageData(IMAGE_SIZE, IMAGE_SIZE);
  for (let p = 0; p < PIXELS; p++) {
    const v = Math.round(Math.min(1, Math.max(0, image[p] ?? 0)) * 255);
    data.data.set([v, v, v, 255], p * 4);
  }
  ctx.putImageData(data, 0, 0);
}

interface Row {
  track: RolloutTrack;
  cards: HTMLElement[];
}

export class CardStrip {
  readonly element: HTMLElement;
  private rows: Row[] = [];
  private shown: RolloutTrack[] = [];
  private reached = -1;

  constructor(parent: HTMLElement) {
    this.element = document.createElement('section');
    this.element.className = 'card-strip';
    this.element.setAttribute('aria-label', 'the digits along the path in focus');
    this.element.hidden = true;
    parent.append(this.element);
  }

  /** Shows `beat`; true when the strip was rebuilt (its size may have changed). */
  update(beat: FocusedStory | null): boolean {
    const tracks = beat?.tracks ?? [];
    const rebuilt = tracks.length !== this.shown.length || tracks.some((t, i) => t !== this.shown[i]);
    if (rebuilt) this.build(tracks);
    const reached = beat?.reached ?? -1;
    if (reached === this.reached) return rebuilt;
    this.reached = reached;
    for (const row of this.rows) {
      row.cards.forEach((card, k) => {
        card.classList.toggle('arrived', k <= reached);
        card.classList.toggle('current', k === reached);
      });
    }
    return rebuilt;
  }

  private build(tracks: RolloutTrack[]): void {
    this.shown = tracks;
    this.reached = -1;
    this.element.replaceChildren();
    this.element.hidden = tracks.length === 0;
    this.element.classList.toggle('two-rows', tracks.length > 1);
    this.rows = tracks.map((track) => {
      const row = document.createElement('div');
      row.className = `card-row ${track.mode}`;
      if (tracks.length > 1) {
        const name = document.createElement('span');
        name.className = 'card-row-name';
        name.textContent = ROW_NAMES[track.mode];
        row.append(name);
      }
      const states = track.images.length / PIXELS;
      const cards = Array.from({ length: states }, (_, k) => {
        const card = document.createElement('figure');
        card.className = 'card';
        const canvas = document.createElement('canvas');
        canvas.width = IMAGE_SIZE;
        canvas.height = IMAGE_SIZE;
        paint(canvas, digitImage(track.images, k));
        const label = document.createElement('figcaption');
        const digit = track.labels?.[k];
        label.textContent = digit === undefined ? '' : String(digit);
        if (digit !== undefined) card.style.setProperty('--card-colour', digitCss(digit));
        card.append(canvas, label);
        return card;
      });
      row.append(...cards);
      this.element.append(row);
      return { track, cards };
    });
  }
}
