/**
 * The exploration in the view spec, both ways: what the hand does (the probe drawn, the sliders,
 * the interpolation's ends, the digit clicked) is written into the state, so the URL hash and a
 * saved preset carry it; a state that arrives from outside (a link, a preset, a new engine after a
 * lost GPU) is replayed onto the pad and the tools.
 */
import type { AppState } from '../../spec/spec';
import { CODECS } from '../../spec/codec';
import { decodeProbeImage, encodeProbeImage } from '../../spec/probe-code';
import type { DrawPad } from './draw-pad';

export interface ExploreActions {
  interpolate(a: number, b: number): Promise<void>;
  rollFrom(index: number): void;
}

const viewText = (state: AppState) => CODECS.probeView.toText(state.probeView);

export class ExploreSync {
  private probe: string | null = null;
  private view: string | null = null;
  private ends = '';
  private from = -1;
  /** True while the state is being replayed onto the pad: its echoes are not news. */
  private replaying = false;
  private readonly off: () => void;

  constructor(
    private readonly pad: DrawPad,
    private readonly state: AppState,
    private readonly actions: ExploreActions,
  ) {
    this.off = pad.onDigit(() => {
      if (this.replaying) return;
      const source = pad.source();
      this.probe = state.probe = source === null ? '' : encodeProbeImage(source);
      state.probeView = pad.augment();
      this.view = viewText(state);
    });
  }

  /** The hand's interpolation and clicks, recorded as what the view holds. */
  picked(kind: 'ends', value: [number, number]): void;
  picked(kind: 'from', value: number): void;
  picked(kind: 'ends' | 'from', value: [number, number] | number): void {
    if (kind === 'ends') {
      this.state.ends = [...(value as [number, number])];
      this.ends = this.state.ends.join(',');
    } else {
      this.state.from = value as number;
      this.from = this.state.from;
    }
  }

  /** A few times a second: replays whatever changed in the state from outside. */
  tick(): void {
    const { state, pad } = this;
    const probeChanged = state.probe !== this.probe;
    const viewChanged = viewText(state) !== this.view;
    if (probeChanged || viewChanged) {
      const probe = state.probe;
      const settings = { ...state.probeView };
      this.replaying = true;
      try {
        if (viewChanged) pad.setAugment(settings);
        const source = pad.source();
        if (probeChanged && (source === null ? '' : encodeProbeImage(source)) !== probe) pad.loadImage(probe === '' ? null : decodeProbeImage(probe));
      } finally {
        this.replaying = false;
      }
      this.probe = state.probe = probe;
      state.probeView = settings;
      this.view = viewText(state);
    }
    const ends = state.ends.join(',');
    if (ends !== this.ends) {
      this.ends = ends;
      if (state.ends.length === 2) void this.actions.interpolate(state.ends[0]!, state.ends[1]!);
    }
    if (state.from !== this.from) {
      this.from = state.from;
      if (state.from >= 0) this.actions.rollFrom(state.from);
    }
  }

  dispose(): void {
    this.off();
  }
}
