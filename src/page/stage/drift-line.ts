/**
 * "Drifts off the manifold" as a number: the off-manifold distance |z - E(D(z))| along the paths
 * in focus, drawn as a small line per path under the cards (solid re-grounded, dashed without
 * grounding) up to the comet's head, with the current values in words.
 */
import type { FocusedStory } from '../../engine';

const WIDTH = 480;
const HEIGHT = 60;

export class DriftLine {
  readonly element: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly text: HTMLElement;
  private key = '';

  constructor(parent: HTMLElement) {
    this.element = document.createElement('figure');
    this.element.className = 'drift-line';
    this.element.hidden = true;
    this.canvas = document.createElement('canvas');
    this.canvas.width = WIDTH;
    this.canvas.height = HEIGHT;
    this.text = document.createElement('figcaption');
    this.element.append(this.canvas, this.text);
    parent.append(this.element);
  }

  update(beat: FocusedStory | null): void {
    const tracks = (beat?.tracks ?? []).filter((t) => t.offManifold !== null);
    const show = tracks.some((t) => t.mode === 'ungrounded');
    this.element.hidden = !show;
    if (!show || beat === null) return;
    const key = `${beat.start}:${beat.reached}:${tracks.length}`;
    if (key === this.key) return;
    this.key = key;
    const top = Math.max(1e-6, ...tracks.flatMap((t) => [...t.offManifold!]));
    const ctx = this.canvas.getContext('2d');
    if (ctx === null) return;
    ctx.clearRect(0, 0, WIDTH, HEIGHT);
    ctx.lineWidth = 4;
    ctx.lineCap = 'round';
    for (const track of tracks) {
      const values = track.offManifold!;
      ctx.strokeStyle = track.mode === 'grounded' ? '#f2f5ff' : '#9aa6cc';
      ctx.setLineDash(track.mode === 'grounded' ? [] : [10, 8]);
      ctx.beginPath();
      for (let k = 0; k <= Math.min(beat.reached, values.length - 1); k++) {
        const x = 4 + (k / Math.max(1, values.length - 1)) * (WIDTH - 8);
        const y = HEIGHT - 4 - (values[k]! / top) * (HEIGHT - 8);
        if (k === 0) ctx.moveTo(x, y);
        else ctx.lineTo(x, y);
      }
      ctx.stroke();
    }
    const now = (mode: string) => tracks.find((t) => t.mode === mode)?.offManifold?.[beat.reached];
    const g = now('grounded');
    const u = now('ungrounded');
    const fmt = (v: number | undefined) => (v === undefined ? '–' : v.toFixed(v < 10 ? 1 : 0));
    this.text.textContent = `off the manifold: ${fmt(g)} solid, ${fmt(u)} dashed`;
  }
}
