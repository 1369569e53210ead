/**
 * The explore tools of one engine, wired together: the probe over the draw pad, the basins census,
 * the threshold curve, interpolation (Shift+click two digits), rollouts from a clicked digit, the
 * steering and its readout, and the exports; their panels docked where they cover no cluster.
 * The page makes one set per engine (a lost GPU brings a new one); the pad and whether the census
 * is on outlive it.
 */
import './explore.css';
import type { Engine } from '../../engine';
import { digitImage } from '../../model/dataset';
import type { AppState } from '../../spec/spec';
import { fileName, saveBlob } from '../chrome/save-file';
import { BasinsCensus } from './census';
import type { DrawPad } from './draw-pad';
import { bindExplorer, type Explorer } from './explorer';
import { exploration, explorationCsv, stripPng, type Exploration } from './export';
import { Interpolation } from './interpolation';
import { ExploreSync } from './explore-state';
import { PanelDock } from './panel-dock';
import { ParticlePeek } from './particle-peek';
import { SteerReadout } from './steer-readout';
import { Steering } from './steering';
import { ThresholdChart } from './threshold-chart';

export class ExploreTools {
  readonly probe: Explorer;
  readonly census: BasinsCensus;
  readonly chart: ThresholdChart;
  readonly interpolation: Interpolation;
  readonly steering: Steering;
  private readonly steerReadout: SteerReadout;
  readonly peek: ParticlePeek;
  private readonly sync: ExploreSync;
  private readonly dock: PanelDock;
  private readonly offShow: () => void;
  /** The first end picked for an interpolation (Shift+click), waiting for the second. */
  private firstEnd: number | null = null;

  constructor(
    private readonly flow: Engine,
    private readonly pad: DrawPad,
    top: HTMLElement,
    overlay: HTMLElement,
    private readonly state: AppState,
    censusOn: boolean,
    private readonly notice: (text: string) => void,
    /** The census panel's ×: the page turns the census off. */
    closeCensus: () => void,
  ) {
    this.probe = bindExplorer(flow, pad, state);
    this.census = new BasinsCensus(flow, top, state, censusOn, closeCensus);
    // The view's thresholdCurve follows the chart however it opens or closes (a link then reopens it).
    this.chart = new ThresholdChart(flow, top, (open) => (state.thresholdCurve = open));
    this.interpolation = new Interpolation(flow, top);
    flow.layers.add(this.interpolation.layer);
    this.steering = new Steering(flow, state, () => pad.digit(), notice);
    this.steerReadout = new SteerReadout(top, () => (state.target = -1));
    this.offShow = flow.rollouts.onShow((set) => this.steerReadout.show(set, state.target));
    this.peek = new ParticlePeek(flow, overlay, state, () => true);
    this.sync = new ExploreSync(pad, state, { interpolate: (a, b) => this.interpolate(a, b), rollFrom: (i) => this.rollFrom(i) });
    // Earlier panels choose their place first: the pad, then what the view itself shows.
    this.dock = new PanelDock([
      { element: pad.element, home: 'bottom-left', held: () => pad.drawing },
      { element: this.steerReadout.element, home: 'top' },
      { element: this.chart.element, home: 'top', narrowest: 0.7 },
      { element: this.census.element, home: 'top', narrowest: 0.7 },
      { element: this.interpolation.element, home: 'top' },
    ]);
    pad.onStrokeEnd = () => this.dock.update();
    // A view that opens with a probe or a target (a preset, a link) steers now, not at the first
    // slow tick: a fixed-step page has none before its first step, and a settle must find the
    // steered set running. The census and the curve wait for that tick: they must not hold up the first frame.
    this.sync.tick();
    this.steering.tick();
  }

  /** A few times a second. */
  tick(): void {
    this.sync.tick();
    this.steering.tick();
    this.census.tick();
    // The unattended gallery shows no panels: a sweep there (a minute on a CPU path) would hold
    // its tensors across presets nobody is watching it for.
    const curve = this.state.thresholdCurve && !document.documentElement.classList.contains('autopilot');
    if (curve !== this.chart.open) {
      if (curve) this.chart.show();
      else this.chart.close();
    }
    this.chart.tick(this.flow.stats().u);
    this.steerReadout.show(this.flow.rollouts.current(), this.state.target);
    // The camera moves the cluster centres: panels move off any that came under them.
    this.dock.update();
  }

  /** A click on map digit `index`: rollouts from it, or with Shift an end of an interpolation. */
  clickDigit(index: number, shift: boolean): void {
    if (!shift) {
      this.sync.picked('from', index);
      this.rollFrom(index);
      return;
    }
    if (this.firstEnd === null) {
      this.firstEnd = index;
      this.notice('Interpolation: Shift+click a second digit for the other end.');
      return;
    }
    const first = this.firstEnd;
    this.firstEnd = null;
    void this.interpolate(first, index);
  }

  /** Rollouts from map digit `index` at the current u; while a target is set, the steering starts there instead. */
  private rollFrom(index: number): void {
    const image = this.image(index);
    if (image === null || this.state.target >= 0) return;
    void this.flow.rollouts.start({ images: image, u: this.state.u, steps: this.state.rolloutSteps, ungrounded: this.state.ungrounded });
  }

  /** Map digit `index`'s image, or the pad's digit for -1 (null when the pad is empty). */
  private image(index: number): Float32Array | null {
    return index < 0 ? this.pad.digit() : digitImage(this.flow.map.images, index).slice();
  }

  /** Interpolates between map digits `a` and `b` (-1: the draw pad's probe). */
  async interpolate(a: number, b: number): Promise<void> {
    const [ia, ib] = [this.image(a), this.image(b)];
    if (ia === null || ib === null) {
      this.notice('Interpolation: draw a digit on the pad first, or pick two map digits.');
      return;
    }
    this.sync.picked('ends', [a, b]);
    await this.interpolation.between(ia, ib, [a, b]);
  }

  /** The rollouts on show and the probe, as the exports write them. */
  exploration(): Exploration {
    return exploration(this.flow.manifold, this.flow.rollouts.current(), this.probe.status(), this.pad.digit());
  }

  /** Downloads the exploration as JSON or CSV, or the grounded strip as a PNG. */
  async save(kind: 'json' | 'csv' | 'png'): Promise<void> {
    const data = this.exploration();
    if (kind === 'json') saveBlob(new Blob([JSON.stringify(data, null, 1)], { type: 'application/json' }), fileName('exploration', 'json'));
    else if (kind === 'csv') saveBlob(new Blob([explorationCsv(data)], { type: 'text/csv' }), fileName('exploration', 'csv'));
    else {
      const png = await stripPng(this.flow.rollouts.current());
      if (png === null) this.notice('No grounded rollout on show: no strip to save.');
      else saveBlob(png, fileName('strip', 'png'));
    }
  }

  dispose(): void {
    this.dock.dispose();
    this.offShow();
    this.steerReadout.dispose();
    this.sync.dispose();
    this.steering.dispose();
    this.peek.dispose();
    this.probe.dispose();
    this.census.dispose();
    this.chart.dispose();
    this.flow.layers.remove(this.interpolation.layer);
    this.interpolation.layer.dispose();
    this.interpolation.dispose();
  }
}
