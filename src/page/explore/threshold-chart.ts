/**
 * The threshold as a curve: grounded step accuracy against u from -1 to 1, measured in the page
 * with the shipped judge as `npm run eval` measures it (the engine's uSweep), the 0.5 crossings
 * marked and the u applied now drawn as a moving line. Recomputed on demand: eval's settings
 * (u every 0.05, 50 held-out starts per class) on a GPU path, lighter ones on the CPU path.
 */
import type { LatentFlow, SweepResult } from '../../engine';
import { addCloseButton } from './close-button';

const WIDTH = 300;
const HEIGHT = 150;
const PAD = { left: 28, right: 8, top: 8, bottom: 20 };

/** A crossing as people read it (u = 0.61, not 0.6129), or 'never'. */
function crossing(u: number | null, sign: '' | '-'): string {
  return u === null ? 'never' : `${sign}${u.toFixed(2)}`;
}

export class ThresholdChart {
  readonly element: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly caption: HTMLElement;
  private points: { u: number; accuracy: number }[] = [];
  private result: SweepResult | null = null;
  private running = false;
  private lastU = NaN;

  constructor(
    private readonly flow: LatentFlow,
    parent: HTMLElement,
  ) {
    this.element = document.createElement('section');
    this.element.className = 'threshold';
    this.element.setAttribute('aria-label', 'step accuracy against u');
    this.caption = document.createElement('p');
    this.canvas = document.createElement('canvas');
    this.canvas.width = WIDTH;
    this.canvas.height = HEIGHT;
    this.element.append(this.caption, this.canvas);
    addCloseButton(this.element, 'threshold curve', () => (this.element.hidden = true));
    this.element.hidden = true;
    parent.append(this.element);
  }

  /** Eval's own settings on a hardware GPU; on the CPU path or a software GPU, u every 0.1 and 10 starts per class. */
  private settings(): { us: number[]; startsPerClass: number; steps: number } {
    const light = this.flow.backend === 'wasm' || this.flow.stats().software;
    const step = light ? 0.1 : 0.05;
    const count = Math.round(2 / step);
    return { us: Array.from({ length: count + 1 }, (_, i) => Math.round((-1 + i * step) * 1e6) / 1e6), startsPerClass: light ? 10 : 50, steps: 10 };
  }

  /** Measures and draws the curve; `us` overrides the u values (the tests draw three). */
  async compute(us?: readonly number[]): Promise<SweepResult | null> {
    if (this.running) return this.result;
    this.running = true;
    this.element.hidden = false;
    this.points = [];
    const settings = { ...this.settings(), ...(us === undefined ? {} : { us: [...us] }) };
    this.caption.textContent = `measuring step accuracy at ${settings.us.length} values of u ...`;
    try {
      this.result = await this.flow.models.uSweep({ ...settings, onPoint: (u, accuracy) => (this.points.push({ u, accuracy }), this.draw(this.lastU)) });
      this.caption.textContent =
        this.result === null
          ? 'no judge in this bundle: no curve'
          : `grounded step accuracy, ${settings.steps} steps from ${this.result.starts} held-out digits; 0.5 crossed at u = ${crossing(this.result.forwardCross, '')} and ${crossing(this.result.backwardCross, '-')}`;
      this.draw(this.lastU);
      return this.result;
    } finally {
      this.running = false;
    }
  }

  /** Moves the line that marks the u applied now (called a few times a second). */
  tick(u: number): void {
    if (this.element.hidden || Math.abs(u - this.lastU) < 1e-3) return;
    this.draw(u);
  }

  private draw(u: number): void {
    this.lastU = u;
    const ctx = this.canvas.getContext('2d')!;
    const x = (v: number) => PAD.left + ((v + 1) / 2) * (WIDTH - PAD.left - PAD.right);
    const y = (a: number) => HEIGHT - PAD.bottom - a * (HEIGHT - PAD.top - PAD.bottom);
    ctx.clearRect(0, 0, WIDTH, HEIGHT);
    ctx.font = '10px system-ui, sans-serif';
    ctx.fillStyle = '#7d89b3';
    ctx.strokeStyle = '#2a3350';
    ctx.lineWidth = 1;
    for (const a of [0, 0.5, 1]) {
      ctx.setLineDash(a === 0.5 ? [3, 3] : []);
      ctx.beginPath();
      ctx.moveTo(x(-1), y(a));
      ctx.lineTo(x(1), y(a));
      ctx.stroke();
      ctx.fillText(String(a), 4, y(a) + 3);
    }
    ctx.setLineDash([]);
    ctx.textAlign = 'center';
    for (const v of [-1, -0.5, 0, 0.5, 1]) ctx.fillText(String(v), x(v), HEIGHT - 6);
    ctx.textAlign = 'left';
    ctx.strokeStyle = '#dfe6ff';
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    this.points.forEach((p, i) => (i === 0 ? ctx.moveTo(x(p.u), y(p.accuracy)) : ctx.lineTo(x(p.u), y(p.accuracy))));
    ctx.stroke();
    ctx.fillStyle = '#ffb04a';
    for (const cross of [this.result?.forwardCross, this.result?.backwardCross === null || this.result?.backwardCross === undefined ? null : -this.result.backwardCross]) {
      if (cross === null || cross === undefined) continue;
      ctx.beginPath();
      ctx.arc(x(cross), y(0.5), 3.5, 0, Math.PI * 2);
      ctx.fill();
    }
    if (Number.isFinite(u)) {
      ctx.strokeStyle = '#ff7a6b';
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
    this.element.remove();
  }
}
