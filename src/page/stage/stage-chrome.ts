/**
 * What a room sees over the scene besides the title and the caption: the digit cards of the
 * rollout in focus, the off-manifold line when an ungrounded path is in focus, and the u gauge.
 * On a page with no preset or talk it also keeps the caption true to the u on screen. It reads the
 * engine's public API only, once per frame, and touches the DOM only when what it shows changes.
 */
import './stage.css';
import type { Engine } from '../../engine';
import type { ManifoldStageFigures, StageFigures } from '../../model/stage-figures';
import type { AppState } from '../../spec/spec';
import type { Caption } from '../chrome/caption';
import { CardStrip } from './card-strip';
import { DriftLine } from './drift-line';
import { fillFigures, loadStageFigures } from './figures';
import { liveCaption, regimeOf, type Regime } from './live-caption';
import { UGauge } from './u-gauge';

/** Plain names for the manifolds, for captions ({manifold}). */
const PLAIN_NAMES: Record<string, string> = { ssl: 'label-free', 'ssl-contrastive': 'label-free contrastive', 'ssl-labels': 'label-aided' };

export class StageChrome {
  private readonly cards: CardStrip;
  private readonly drift: DriftLine;
  private readonly gauge: UGauge;
  private figures: ManifoldStageFigures | null = null;
  private regime: Regime | null = null;
  private readonly holder: HTMLElement;
  private frames = 0;
  private insets = '';

  /**
   * `bottom`: the bottom stack (the cards go above `caption` in it); `root`: the page (the gauge).
   * `live`: the page has no preset or talk of its own, so the caption follows u.
   */
  constructor(
    bottom: HTMLElement,
    root: HTMLElement,
    private readonly caption: Caption,
    private readonly live: boolean,
  ) {
    const holder = document.createElement('div');
    holder.className = 'stage-cards';
    bottom.insertBefore(holder, caption.element);
    this.holder = holder;
    this.cards = new CardStrip(holder);
    this.drift = new DriftLine(holder);
    this.gauge = new UGauge(root);
  }

  /** Loads eval's figures for `manifold` (from the bundle at `base`) into the caption and the gauge. */
  async useFigures(base: string, manifold: string, notice: (text: string) => void): Promise<void> {
    const all: StageFigures | null = await loadStageFigures(base);
    this.figures = all?.manifolds[manifold] ?? null;
    if (this.figures === null) notice(`no eval figures for the ${manifold} manifold (models/stage-figures.json): captions show dashes in their place`);
    this.gauge.setThreshold(this.figures?.crossings.forward ?? null, this.figures?.crossings.backward ?? null);
    this.caption.setFill((text) => fillFigures(text, this.figures, PLAIN_NAMES[manifold] ?? manifold));
  }

  /** Where the counting threshold lies each way (backward as |u|), as eval measured it; null where unknown. */
  thresholds(): { forward: number | null; backward: number | null } {
    return { forward: this.figures?.crossings.forward ?? null, backward: this.figures?.crossings.backward ?? null };
  }

  frame(flow: Engine, state: Readonly<AppState>): void {
    const beat = flow.rollouts.beat();
    const resized = this.cards.update(beat);
    this.drift.update(beat);
    this.gauge.update(state.u);
    if (resized || this.frames++ % FRAME_CHECK === 0) this.keepClear(flow);
    if (!this.live) return;
    const regime = regimeOf(state.u, this.figures);
    if (regime === this.regime) return;
    this.regime = regime;
    const { title, text } = liveCaption(regime);
    this.caption.show(title, text, 0, 1);
    this.caption.visible = true;
  }

  /**
   * Tells the engine which bands of the screen the chrome takes (the title and gauge at the top,
   * the cards, caption and any notice at the bottom) so the map is framed in what is left.
   */
  private keepClear(flow: Engine): void {
    const height = window.innerHeight;
    if (height <= 0) return;
    const shown = (el: Element | null) => el !== null && el.getClientRects().length > 0;
    // A notice showing on a stage takes its place in the band while it lasts (it expires in seconds).
    const notices = [...document.querySelectorAll('.notices p')].filter(shown);
    const tops = [this.holder, this.caption.element, ...notices].filter(shown).map((el) => el.getBoundingClientRect().top);
    const bottoms = [document.querySelector('.title'), this.gauge.element].filter(shown).map((el) => el!.getBoundingClientRect().bottom);
    let bottom = tops.length === 0 ? 0.04 : (height - Math.min(...tops)) / height + 0.01;
    let top = bottoms.length === 0 ? 0.04 : Math.max(...bottoms) / height + 0.01;
    // On a small window the chrome could take most of the height: the map keeps at least a third.
    const scale = Math.min(1, 0.66 / Math.max(1e-6, top + bottom));
    [top, bottom] = [top * scale, bottom * scale];
    const key = `${top.toFixed(2)}:${bottom.toFixed(2)}`;
    if (key === this.insets) return;
    this.insets = key;
    flow.frame({ top, bottom });
  }
}

/** Frames between two looks at the chrome's bands (a layout read each time). */
const FRAME_CHECK = 15;
