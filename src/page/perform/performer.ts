/**
 * Routes every control's movement to what it drives: u (a knob sets it, smoothed; a stick or a
 * held button moves it at a rate), the preset and talk steps, a rollout, the blank screen. In
 * learn mode the next deliberate movement is mapped to the chosen target instead. The view spec's
 * u is the one written, so the gauge, the panel and the caption follow as they do for a key.
 *
 * tick() runs once per animation frame while u is gliding or a rate is held; it allocates nothing.
 */
import type { AppState } from '../../spec/spec';
import { roundU } from '../../spec/u';
import { TargetIndex, heldShare, isPressed, learnable, withMapping, type Control, type ControlSet, type Target } from './controls';
import { ccToU, nudgeU, smoothTowards, stickRate } from './u-input';

export interface PerformActions {
  next(): void;
  previous(): void;
  rollout(): void;
  blank(): void;
  /** Where the knob's detents lie (the counting thresholds measured for this manifold). */
  detents(): readonly number[];
}

export class Performer {
  private set: ControlSet;
  private index: TargetIndex;
  private learning: Target | null = null;
  /** Last value of each button-like control, for press edges. */
  private readonly last = new Map<string, number>();
  /** Each held rate control's share, -1..1 (a stick, a trigger, a held key). */
  private readonly rates = new Map<string, number>();
  private rateSum = 0;
  private readonly addRate = (rate: number) => {
    this.rateSum += rate;
  };
  /** The u a knob asks for, until the smoothed u reaches it. */
  private knobU: number | null = null;
  /** The smoothed u, unrounded; `written` is what went into the view spec. */
  private smoothU = 0;
  private written = Number.NaN;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly state: AppState,
    set: ControlSet,
    private readonly actions: PerformActions,
    private readonly save: (set: ControlSet) => void,
  ) {
    this.set = set;
    this.index = new TargetIndex(set.mappings);
  }

  get controls(): ControlSet {
    return this.set;
  }

  get learningTarget(): Target | null {
    return this.learning;
  }

  /** Waits for the next movement to map it to `target` (null: stop waiting). */
  learn(target: Target | null): void {
    this.learning = target;
    this.changed();
  }

  /** Replaces the whole set (an import, a clear, the detent switch) and saves it. */
  use(set: ControlSet): void {
    this.set = set;
    this.index = new TargetIndex(set.mappings);
    this.rates.clear();
    this.save(set);
    this.changed();
  }

  /** Called after the mappings or the learn state change (the panel redraws). */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** `control` (its controlKey `key`) moved to `value`, in its own units (see Control). */
  handle(control: Control, key: string, value: number): void {
    if (this.learning !== null) {
      if (!learnable(this.learning, control, value)) return;
      this.last.set(key, value);
      const target = this.learning;
      this.learning = null;
      this.use(withMapping(this.set, control, target));
      return;
    }
    const target = this.index.target(control, key);
    if (target === null) return;
    switch (target) {
      case 'u':
        if (control.kind === 'cc') {
          this.adopt();
          this.knobU = ccToU(value, this.set.detent ? this.actions.detents() : []);
        } else this.rates.set(key, stickRate(value));
        return;
      case 'u-up':
      case 'u-down':
        this.rates.set(key, (target === 'u-up' ? 1 : -1) * heldShare(control, value));
        return;
      default: {
        const was = this.last.get(key) ?? 0;
        this.last.set(key, value);
        // A note on is a press each time (some pads never send note off).
        const press = control.kind === 'note' ? value > 0 : isPressed(control, value) && !isPressed(control, was);
        if (press) this.act(target);
      }
    }
  }

  /** Whether u still glides or a rate is held (the ticker keeps running while so). */
  get busy(): boolean {
    return this.knobU !== null || this.rateSum !== 0;
  }

  /** Moves u for `seconds` of glide and held rates. */
  tick(seconds: number): void {
    this.rateSum = 0;
    this.rates.forEach(this.addRate);
    if (this.knobU === null && this.rateSum === 0) return;
    // Something else (a key, the panel, a preset) moved u since the last tick: it wins over the
    // knob's glide until the knob moves again; a held stick goes on from there.
    if (this.state.u !== this.written) {
      this.smoothU = this.state.u;
      this.written = this.state.u;
      this.knobU = null;
      if (this.rateSum === 0) return;
    }
    if (this.knobU !== null) {
      this.smoothU = smoothTowards(this.smoothU, this.knobU, seconds);
      if (roundU(this.smoothU) === roundU(this.knobU)) {
        this.smoothU = this.knobU;
        this.knobU = null;
      }
    }
    if (this.rateSum !== 0) this.smoothU = nudgeU(this.smoothU, this.rateSum, seconds);
    this.written = roundU(this.smoothU);
    this.state.u = this.written;
  }

  /** Takes u as it stands now as the start of the glide (a key or a preset may have moved it since). */
  private adopt(): void {
    if (this.state.u === this.written) return;
    this.smoothU = this.state.u;
    this.written = this.state.u;
  }

  private act(target: Exclude<Target, 'u' | 'u-up' | 'u-down'>): void {
    this.actions[target]();
  }

  private changed(): void {
    this.listeners.forEach((l) => l());
  }
}
