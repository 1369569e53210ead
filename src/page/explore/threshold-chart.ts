/**
 * The threshold as a curve: grounded step accuracy against u from -1 to 1, measured in the page
 * with the shipped judge as `npm run eval` measures it (the engine's uSweep), the 0.5 crossings
 * marked and the u applied now drawn as a moving line. Recomputed on demand: eval's settings
 * (u every 0.05, 50 held-out starts per class) on a GPU path, lighter ones on the CPU path.
 * Drawn for a room: stage-sized type, figures rounded for people, the canvas at the device's
 * pixel ratio (src/page/explore/chart-canvas.ts).
 */
import type { Engine, SweepResult } from '../../engine';
import { fitChart, onChartResize } from './chart-canvas';
import { addCloseButton } from './close-button';
import { formatU, uShare } from '../../spec/u';

/** A crossing as people read it (u = 0.61, not 0.6129; a true minus sign), or 'never'. */
export function crossing(u: number | null, sign: '' | '-'): string {
  return u === null ? 'never' : formatU(sign === '-' ? -u : u);
}

/** An axis tick as people read it: -0.5 with a true minus sign. */
const tick = (v: number) => String(v).replace('-', '\u2212');

const COLOURS = { grid: '#3a4466', ticks: '#c3cbe8', curve: '#f2f5ff', crossing: '#ffb04a', now: '#ff7a6b' };

export class ThresholdChart {
  readonly element: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly caption: HTMLElement;
  private readonly detail: HTMLElement;
  private points: { u: number; accuracy: number }[] = [];
  private result: SweepResult | null = null;
  private running = false;
  private lastU = NaN;
  private disposed = false;
  private readonly offResize: () => void;

  constructor(
    private readonly flow: Engine,
    parent: HTMLElement,
    /** Told when the chart opens or closes (the page keeps the view's thresholdCurve in step). */
    private readonly onOpen: (open: boolean) => void,
  ) {
    this.element = document.createElement('section');
    this.element.className = 'explore-panel threshold';
    this.element.setAttribute('aria-label', 'step accuracy against u');
    const title = document.createElement('h2');
    title.textContent = 'Step accuracy vs u';
    this.canvas = document.createElement('canvas');
    this.canvas.className = 'chart';
    this.caption = document.createElement('p');
    this.detail = document.createElement('p');
    this.detail.className = 'muted';
    this.element.append(title, this.canvas, this.caption, this.detail);
    addCloseButton(this.element, 'threshold curve', () => this.close());
    this.element.hidden = true;
    parent.append(this.element);
    this.offResize = onChartResize(this.canvas, () => this.draw(this.lastU));
  }

  get open(): boolean {
    return !this.element.hidden;
  }

  /** Eval's own settings on a hardware GPU; on the CPU path or a software GPU, u every 0.1 and 10 starts per class. */
  private settings(): { us: number[]; startsPerClass: number; steps: number } {
    const light = this.flow.backend === 'wasm' || this.flow.stats().software;
    const step = light ? 0.1 : 0.05;
    const count = Math.round(2 / step);
    return { us: Array.from({ length: count + 1 }, (_, i) => Math.round((-1 + i * step) * 1e6) / 1e6), startsPerClass: light ? 10 : 50, steps: 10 };
  }

  /** Opens the chart, measuring the curve only if it has not been measured yet. */
  show(): void {
    if (this.result !== null || this.running) this.setOpen(true);
    else void this.compute();
  }

  close(): void {
    this.setOpen(false);
  }

  private setOpen(open: boolean): void {
    if (this.open === open) return;
    this.element.hidden = !open;
    this.onOpen(open);
  }

  /** Measures and draws the curve; `us` overrides the u values (the tests draw three). */
  async compute(us?: readonly number[]): Promise<SweepResult | null> {
    if (this.running) return this.result;
    this.running = true;
    this.setOpen(true);
    this.points = [];
    const settings = { ...this.settings(), ...(us === undefined ? {} : { us: [...us] }) };
    this.caption.textContent = `measuring at ${settings.us.length} values of u \u2026`;
    this.detail.textContent = '';
    try {
      this.result = await this.flow.models.uSweep({
        ...settings,
        onPoint: (u, accuracy) => {
          // A sweep takes a minute on the CPU path: closing the chart (a talk's next step) stops it.
          if (!this.open || this.disposed) throw new SweepStopped();
          this.points.push({ u, accuracy });
          this.draw(this.lastU);
        },
      });
      if (this.result === null) this.caption.textContent = 'no judge in this bundle: no curve';
      else {
        this.caption.textContent = `crosses 0.5 at u = ${crossing(this.result.forwardCross, '')} and ${crossing(this.result.backwardCross, '-')}`;
        this.detail.textContent = `${settings.steps} grounded steps from each of ${this.result.starts} held-out digits`;
      }
      this.draw(this.lastU);
      return this.result;
    } catch (e) {
      if (!(e instanceof SweepStopped)) throw e;
      // Half a curve is no curve: the next opening measures it again.
      this.result = null;
      this.points = [];
      this.caption.textContent = '';
      return null;
    } finally {
      this.running = false;
    }
  }

  /** Moves the line that marks the u applied now (called a few times a second). */
  tick(u: number): void {
    if (!this.open || Math.abs(u - this.lastU) < 1e-3) return;
    this.draw(u);
  }

  private draw(u: number): void {
    this.lastU = u;
    const frame = fitChart(this.canvas);
    if (frame === null) return;
    const { ctx, width, height, fontPx } = frame;
    const type = 0.85 * fontPx;
    const pad = { left: 2.3 * type, right: 0.9 * type, top: 0.6 * type, bottom: 1.6 * type };
    const x = (v: number) => pad.left + uShare(v) * (width - pad.left - pad.right);
    const y = (a: number) => height - pad.bottom - a * (height - pad.top - pad.bottom);
    ctx.font = `${type}px system-ui, sans-serif`;
    ctx.fillStyle = COLOURS.ticks;
    ctx.strokeStyle = COLOURS.grid;
    ctx.lineWidth = 1;
    ctx.textBaseline = 'middle';
    ctx.textAlign = 'right';
    for (const a of [0, 0.5, 1]) {
      ctx.setLineDash(a === 0.5 ? [4, 4] : []);
      ctx.beginPath();
      ctx.moveTo(x(-1), y(a));
      ctx.lineTo(x(1), y(a));
      ctx.stroke();
      ctx.fillText(String(a), pad.left - 0.35 * type, y(a));
    }
    ctx.setLineDash([]);
    ctx.textAlign = 'center';
    ctx.textBaseline = 'bottom';
    for (const v of [-1, -0.5, 0, 0.5, 1]) ctx.fillText(tick(v), x(v), height);
    ctx.strokeStyle = COLOURS.curve;
    ctx.lineWidth = Math.max(2, type / 8);
    ctx.beginPath();
    this.points.forEach((p, i) => (i === 0 ? ctx.moveTo(x(p.u), y(p.accuracy)) : ctx.lineTo(x(p.u), y(p.accuracy))));
    ctx.stroke();
    ctx.fillStyle = COLOURS.crossing;
    const { forwardCross, backwardCross } = this.result ?? { forwardCross: null, backwardCross: null };
    for (const cross of [forwardCross, backwardCross === null ? null : -backwardCross]) {
      if (cross === null) continue;
      ctx.beginPath();
      ctx.arc(x(cross), y(0.5), type / 4, 0, Math.PI * 2);
      ctx.fill();
    }
    if (Number.isFinite(u)) {
      ctx.strokeStyle = COLOURS.now;
      ctx.lineWidth = Math.max(2, type / 9);
      ctx.beginPath();
      ctx.moveTo(x(u), y(0));
      ctx.lineTo(x(u), y(1));
      ctx.stroke();
    }
  }

  status(): { points: { u: number; accuracy: number }[]; result: SweepResult | null; running: boolean } {
    return { points: this.points.map((p) => ({ ...p })), result: this.result, running: this.running };
  }

  dispose(): void {
    this.disposed = true;
    this.offResize();
    this.element.remove();
  }
}

/** Thrown from a sweep's progress callback to stop it once nobody is looking at the chart. */
class SweepStopped extends Error {}
