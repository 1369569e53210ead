/**
 * Basins at the current u: grounded rollouts from the map's digits (all 2,000 on a hardware GPU,
 * fewer on the CPU path and on software GPUs) run 30 steps at u; a histogram shows which digits they end as, and the
 * map colours each digit by where its rollout ends, so attractors and their basins show at a
 * glance. It reruns once u has settled at a new value.
 */
import { digitCss, type Engine } from '../../engine';
import { digitImages } from '../../model/dataset';
import type { AppState } from '../../spec/spec';
import { formatU, roundU } from '../../spec/u';
import { fitChart, onChartResize } from './chart-canvas';
import { addCloseButton } from './close-button';

export const CENSUS_STEPS = 30;
/** u must hold this long (ms) before a new census starts, so dragging the slider starts none. */
const SETTLE_MS = 600;

export interface CensusStatus {
  on: boolean;
  running: boolean;
  /** u and steps of the census shown, and how many rollouts ended as each digit. */
  u: number | null;
  steps: number;
  counts: number[];
  total: number;
}

export class BasinsCensus {
  readonly element: HTMLElement;
  private readonly chart: HTMLCanvasElement;
  private readonly caption: HTMLElement;
  private readonly offResize: () => void;
  private running = false;
  private shownU: number | null = null;
  private counts = new Array<number>(10).fill(0);
  private total = 0;
  private seenU = NaN;
  private seenAt = 0;
  private disposed = false;

  constructor(
    private readonly flow: Engine,
    parent: HTMLElement,
    private readonly state: AppState,
    private on: boolean,
    /** The panel's × (the page turns the census off, as k does). */
    onClose: () => void,
  ) {
    this.element = document.createElement('section');
    this.element.className = 'explore-panel census';
    this.element.setAttribute('aria-label', 'basins census');
    const title = document.createElement('h2');
    title.textContent = 'Where rollouts end';
    this.caption = document.createElement('p');
    this.caption.className = 'muted';
    this.chart = document.createElement('canvas');
    this.chart.className = 'chart';
    this.element.append(title, this.chart, this.caption);
    addCloseButton(this.element, 'basins census', () => onClose());
    this.element.hidden = !on;
    parent.append(this.element);
    this.offResize = onChartResize(this.chart, () => this.draw());
  }

  get enabled(): boolean {
    return this.on;
  }

  set enabled(on: boolean) {
    this.on = on;
    this.element.hidden = !on;
    if (!on) {
      this.flow.tintMap(null);
      this.shownU = null;
    }
  }

  /**
   * Which map digits the census starts from: all on a hardware GPU, every fifth on the CPU path,
   * every twentieth on a software GPU (there a 2,000-digit step of the conv nets takes seconds).
   */
  private starts(): number[] {
    const count = this.flow.map.labels.length;
    const stride = this.flow.backend === 'wasm' ? 5 : this.flow.stats().software ? 20 : 1;
    return Array.from({ length: Math.ceil(count / stride) }, (_, k) => k * stride);
  }

  /** Called a few times a second: starts a census once u has settled at a value not yet counted. */
  tick(now = performance.now()): void {
    if (!this.on || this.running || this.disposed) return;
    const u = roundU(this.state.u);
    if (u !== this.seenU) {
      this.seenU = u;
      this.seenAt = now;
      return;
    }
    if (now - this.seenAt < SETTLE_MS || u === this.shownU) return;
    void this.run(u);
  }

  /** Runs a census at `u` now and shows it. */
  async run(u = roundU(this.state.u)): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.caption.textContent = `counting at u = ${formatU(u)} \u2026`;
    try {
      const starts = this.starts();
      const ends = await this.flow.models.census(digitImages(this.flow.map.images, starts), u, CENSUS_STEPS);
      if (this.disposed || !this.on) return;
      if (ends === null) {
        this.caption.textContent = 'no judge in this bundle: no census';
        return;
      }
      const tint = new Int32Array(this.flow.map.labels.length).fill(-1);
      starts.forEach((i, k) => (tint[i] = ends[k]!));
      this.flow.tintMap(tint);
      this.counts = Array.from({ length: 10 }, (_, d) => ends.filter((e) => e === d).length);
      this.total = ends.length;
      this.shownU = u;
      this.caption.textContent = `${this.total.toLocaleString('en-US')} grounded rollouts, ${CENSUS_STEPS} steps at u = ${formatU(u)}`;
      this.draw();
    } finally {
      this.running = false;
    }
  }

  /** The histogram of the census shown (redrawn when the panel changes size). */
  private draw(): void {
    if (this.shownU === null) return;
    const frame = fitChart(this.chart);
    if (frame === null) return;
    const { ctx, width, height, fontPx } = frame;
    const type = 0.85 * fontPx;
    const base = height - 1.3 * type;
    const most = Math.max(1, ...this.counts);
    const bar = width / 10;
    ctx.font = `600 ${type}px system-ui, sans-serif`;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'bottom';
    this.counts.forEach((n, d) => {
      const h = Math.round(((base - 2) * n) / most);
      ctx.fillStyle = digitCss(d);
      ctx.fillRect(d * bar + bar * 0.12, base - h, bar * 0.76, h);
      // Names in the panel's ink: some digit colours are too dark to read as type on the plate.
      ctx.fillStyle = '#f2f5ff';
      ctx.fillText(String(d), d * bar + bar / 2, height);
    });
  }

  status(): CensusStatus {
    return { on: this.on, running: this.running, u: this.shownU, steps: CENSUS_STEPS, counts: [...this.counts], total: this.total };
  }

  dispose(): void {
    this.disposed = true;
    this.offResize();
    this.element.remove();
  }
}
