/**
 * Basins at the current u: grounded rollouts from the map's digits (all 2,000 on a hardware GPU,
 * fewer on the CPU path and on software GPUs) run 30 steps at u; a histogram shows which digits they end as, and the
 * map colours each digit by where its rollout ends, so attractors and their basins show at a
 * glance. It reruns once u has settled at a new value.
 */
import { digitCss, type LatentFlow } from '../../engine';
import { PIXELS } from '../../model/dataset';
import type { AppState } from '../../spec/spec';
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
  private running = false;
  private shownU: number | null = null;
  private counts = new Array<number>(10).fill(0);
  private total = 0;
  private seenU = NaN;
  private seenAt = 0;
  private disposed = false;

  constructor(
    private readonly flow: LatentFlow,
    parent: HTMLElement,
    private readonly state: AppState,
    private on: boolean,
    /** The panel's × (the page turns the census off, as k does). */
    onClose: () => void,
  ) {
    this.element = document.createElement('section');
    this.element.className = 'census';
    this.element.setAttribute('aria-label', 'basins census');
    this.caption = document.createElement('p');
    this.chart = document.createElement('canvas');
    this.chart.width = 220;
    this.chart.height = 80;
    this.element.append(this.caption, this.chart);
    addCloseButton(this.element, 'basins census', () => onClose());
    this.element.hidden = !on;
    parent.append(this.element);
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
    const u = Math.round(this.state.u * 100) / 100;
    if (u !== this.seenU) {
      this.seenU = u;
      this.seenAt = now;
      return;
    }
    if (now - this.seenAt < SETTLE_MS || u === this.shownU) return;
    void this.run(u);
  }

  /** Runs a census at `u` now and shows it. */
  async run(u = Math.round(this.state.u * 100) / 100): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.caption.textContent = `counting where rollouts end at u = ${u.toFixed(2)} ...`;
    try {
      const starts = this.starts();
      const images = new Float32Array(starts.length * PIXELS);
      starts.forEach((i, k) => images.set(this.flow.map.images.subarray(i * PIXELS, (i + 1) * PIXELS), k * PIXELS));
      const ends = await this.flow.models.census(images, u, CENSUS_STEPS);
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
      this.draw();
    } finally {
      this.running = false;
    }
  }

  private draw(): void {
    this.caption.textContent = `where ${this.total.toLocaleString('en-US')} grounded rollouts end after ${CENSUS_STEPS} steps at u = ${(this.shownU ?? 0).toFixed(2)}`;
    const ctx = this.chart.getContext('2d')!;
    const { width, height } = this.chart;
    ctx.clearRect(0, 0, width, height);
    const most = Math.max(1, ...this.counts);
    const bar = width / 10;
    ctx.font = '11px system-ui, sans-serif';
    ctx.textAlign = 'center';
    this.counts.forEach((n, d) => {
      const h = Math.round(((height - 16) * n) / most);
      ctx.fillStyle = digitCss(d);
      ctx.fillRect(d * bar + 3, height - 14 - h, bar - 6, h);
      ctx.fillText(String(d), d * bar + bar / 2, height - 2);
    });
  }

  status(): CensusStatus {
    return { on: this.on, running: this.running, u: this.shownU, steps: CENSUS_STEPS, counts: [...this.counts], total: this.total };
  }

  dispose(): void {
    this.disposed = true;
    this.element.remove();
  }
}
