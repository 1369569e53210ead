/**
 * u as a large gauge from -1 (count down) to +1 (count up), its needle at the u applied now and
 * the threshold marked where the manifold's measured step accuracy crosses 0.5 each way
 * (assets/models/stage-figures.json): beyond the marks it counts, between them digits rest.
 */
import { formatU, uShare } from '../../spec/u';

export class UGauge {
  readonly element: HTMLElement;
  private readonly needle: HTMLElement;
  private readonly readout: HTMLElement;
  private readonly marks: HTMLElement[];
  private shown = Number.NaN;

  constructor(parent: HTMLElement) {
    this.element = document.createElement('section');
    this.element.className = 'u-gauge';
    this.element.setAttribute('aria-label', 'control u');
    const down = document.createElement('span');
    down.className = 'u-end';
    down.textContent = '−1';
    const up = document.createElement('span');
    up.className = 'u-end';
    up.textContent = '+1';
    const bar = document.createElement('div');
    bar.className = 'u-bar';
    this.marks = [0, 1].map(() => {
      const mark = document.createElement('i');
      mark.className = 'u-threshold';
      mark.hidden = true;
      bar.append(mark);
      return mark;
    });
    this.needle = document.createElement('b');
    this.needle.className = 'u-needle';
    bar.append(this.needle);
    this.readout = document.createElement('output');
    this.readout.className = 'u-readout';
    this.element.append(this.readout, down, bar, up);
    parent.append(this.element);
  }

  /** Where the threshold lies counting up (u > 0) and down (|u|), or null where eval found none. */
  setThreshold(forward: number | null, backward: number | null): void {
    [forward, backward === null ? null : -backward].forEach((u, i) => {
      const mark = this.marks[i]!;
      mark.hidden = u === null;
      if (u !== null) mark.style.left = `${uShare(u) * 100}%`;
    });
    const f = forward === null ? '' : formatU(forward, 'signed');
    const b = backward === null ? '' : formatU(-backward, 'signed');
    this.element.title = `threshold (half the steps count right): ${[f, b].filter((x) => x !== '').join(' and ') || 'none measured'}`;
  }

  update(u: number): void {
    if (!Number.isFinite(u) || Math.abs(u - this.shown) < 0.005) return;
    this.shown = u;
    this.needle.style.left = `${uShare(u) * 100}%`;
    this.readout.textContent = `u ${formatU(u, 'signed')}`;
  }
}
