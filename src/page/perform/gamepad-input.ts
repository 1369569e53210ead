/**
 * The Gamepad API: sticks (axes) and buttons of every connected pad, as controls. Browsers show
 * a pad to the page only after a button on it is pressed (gamepadconnected), and report its state
 * only when asked, so poll() is called once per animation frame while a pad is connected. It
 * compares against the values it kept and reports changes only; it allocates nothing itself.
 */
import { controlKey, type Control } from './controls';
import type { ControlListener } from './midi-input';

/** A change smaller than this is a stick's noise, not a move. */
const AXIS_EPSILON = 0.01;
/** Axes or buttons read per pad, at most (the standard layout has 4 and 17; mapping files allow 0..63). */
const MAX_CONTROLS = 64;

interface PadState {
  id: string;
  standard: boolean;
  timestamp: number;
  axes: Float32Array;
  buttons: Float32Array;
}

interface Keyed {
  control: Control;
  key: string;
}

export class GamepadInput {
  private readonly pads = new Map<number, PadState>();
  private readonly axisControls: Keyed[] = [];
  private readonly buttonControls: Keyed[] = [];

  constructor(
    private readonly onControl: ControlListener,
    private readonly onStatus: () => void,
  ) {}

  get available(): boolean {
    return typeof navigator.getGamepads === 'function';
  }

  get connected(): boolean {
    return this.pads.size > 0;
  }

  get status(): string {
    if (!this.available) return 'Gamepad API not available in this browser';
    if (this.pads.size === 0) return 'no gamepad connected — press a button on it';
    return [...this.pads.values()].map((p) => `gamepad: ${p.id.slice(0, 60)}${p.standard ? '' : ' (not the standard layout: learn its controls)'}`).join('; ');
  }

  /** Listens for pads coming and going; picks up any the browser already shows. */
  start(target: Window): void {
    if (!this.available) return;
    target.addEventListener('gamepadconnected', (event) => this.add(event.gamepad));
    target.addEventListener('gamepaddisconnected', (event) => this.remove(event.gamepad.index));
    for (const pad of navigator.getGamepads()) if (pad !== null) this.add(pad);
  }

  /** Reads every connected pad and reports what moved since the last poll. */
  poll(): void {
    if (this.pads.size === 0) return;
    const pads = navigator.getGamepads();
    for (let i = 0; i < pads.length; i++) {
      const pad = pads[i];
      if (pad === null || pad === undefined) continue;
      const kept = this.pads.get(pad.index);
      // A browser that stamps its reports lets an untouched pad cost one comparison.
      if (kept === undefined || (pad.timestamp !== 0 && pad.timestamp === kept.timestamp)) continue;
      kept.timestamp = pad.timestamp;
      const axes = Math.min(pad.axes.length, kept.axes.length);
      for (let a = 0; a < axes; a++) {
        const value = pad.axes[a]!;
        if (Math.abs(value - kept.axes[a]!) < AXIS_EPSILON) continue;
        kept.axes[a] = value;
        this.onControl(this.axisControls[a]!.control, this.axisControls[a]!.key, value);
      }
      const buttons = Math.min(pad.buttons.length, kept.buttons.length);
      for (let b = 0; b < buttons; b++) {
        const value = pad.buttons[b]!.value;
        if (value === kept.buttons[b]) continue;
        kept.buttons[b] = value;
        this.onControl(this.buttonControls[b]!.control, this.buttonControls[b]!.key, value);
      }
    }
  }

  private add(pad: Gamepad): void {
    this.grow(this.axisControls, 'axis', pad.axes.length);
    this.grow(this.buttonControls, 'button', pad.buttons.length);
    // What the pad shows now is its rest: only changes from here on count as moves.
    this.pads.set(pad.index, {
      id: pad.id,
      standard: pad.mapping === 'standard',
      timestamp: pad.timestamp,
      axes: Float32Array.from(pad.axes.slice(0, MAX_CONTROLS)),
      buttons: Float32Array.from(pad.buttons.slice(0, MAX_CONTROLS), (b) => b.value),
    });
    this.onStatus();
  }

  private remove(index: number): void {
    const kept = this.pads.get(index);
    if (kept === undefined) return;
    this.pads.delete(index);
    // Let go of whatever it held, so a stick pushed while the cable came out stops moving u.
    kept.axes.forEach((v, a) => v !== 0 && this.onControl(this.axisControls[a]!.control, this.axisControls[a]!.key, 0));
    kept.buttons.forEach((v, b) => v !== 0 && this.onControl(this.buttonControls[b]!.control, this.buttonControls[b]!.key, 0));
    this.onStatus();
  }

  private grow(list: Keyed[], kind: 'axis' | 'button', count: number): void {
    for (let index = list.length; index < Math.min(count, MAX_CONTROLS); index++) {
      const control: Control = { device: 'gamepad', kind, index };
      list.push({ control, key: controlKey(control) });
    }
  }
}
