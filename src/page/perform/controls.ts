/**
 * What a performer's controller can do: the controls (a MIDI knob or key, a gamepad stick or
 * button), the targets they drive, and which target a control drives. Pure: no MIDI, no DOM.
 *
 * Until a device kind has a learned mapping it keeps its defaults: on MIDI any knob or fader
 * (control change) drives u and any key or pad (note on) steps to the next preset; on a gamepad
 * of the standard layout the left stick drives u, the triggers push it down and up, the
 * shoulder buttons step the presets, A starts a rollout. One learned mapping of a kind and only
 * learned controls of that kind act, so a full controller never fires controls nobody chose.
 */

export type Target = 'u' | 'u-up' | 'u-down' | 'next' | 'previous' | 'rollout' | 'blank';

/** The targets in the panel's order, with their labels. */
export const TARGETS: readonly { target: Target; label: string }[] = [
  { target: 'u', label: 'u (knob, fader, stick)' },
  { target: 'u-up', label: 'u up (held)' },
  { target: 'u-down', label: 'u down (held)' },
  { target: 'next', label: 'next preset / talk step' },
  { target: 'previous', label: 'previous preset / talk step' },
  { target: 'rollout', label: 'start a rollout' },
  { target: 'blank', label: 'blank the screen' },
];

export const TARGET_NAMES: readonly Target[] = TARGETS.map((t) => t.target);

/**
 * One control, as its device reports it. MIDI channels are 1..16 as people read them; values
 * arrive in the control's own units: CC and note velocity 0..127 (note off: 0), a gamepad
 * button 0..1, an axis -1..1.
 */
export type Control = { device: 'midi'; kind: 'cc' | 'note'; channel: number; number: number } | { device: 'gamepad'; kind: 'axis' | 'button'; index: number };

export interface Mapping {
  control: Control;
  target: Target;
}

/** What is saved and exported: the learned mappings and whether the u knob has a detent. */
export interface ControlSet {
  detent: boolean;
  mappings: Mapping[];
}

export const EMPTY_SET: ControlSet = { detent: false, mappings: [] };

export function controlKey(control: Control): string {
  return control.device === 'midi' ? `midi:${control.kind}:${control.channel}:${control.number}` : `gamepad:${control.kind}:${control.index}`;
}

export function describeControl(control: Control): string {
  if (control.device === 'midi') return `${control.kind === 'cc' ? 'CC' : 'note'} ${control.number} (ch ${control.channel})`;
  return `gamepad ${control.kind} ${control.index}`;
}

/** Whether the control drives a value (a knob, a fader, a stick) rather than being pressed. */
export function continuous(control: Control): boolean {
  return control.kind === 'cc' || control.kind === 'axis';
}

/** How far the control is pressed, 0..1 (an axis: pushed one way, towards +1). */
export function heldShare(control: Control, value: number): number {
  switch (control.kind) {
    case 'cc':
    case 'note':
      return Math.min(1, Math.max(0, value / 127));
    case 'button':
    case 'axis':
      return Math.min(1, Math.max(0, value));
  }
}

/** Pressed: past half way (a CC button sends 127 when pressed, 0 when let go; a note any velocity). */
export function isPressed(control: Control, value: number): boolean {
  if (control.kind === 'note') return value > 0;
  if (control.kind === 'axis') return Math.abs(value) >= 0.5;
  return heldShare(control, value) >= 0.5;
}

/** Whether `target` can be learned from this control moving to `value` (u wants a knob or a stick). */
export function learnable(target: Target, control: Control, value: number): boolean {
  if (target === 'u') return control.kind === 'cc' || (control.kind === 'axis' && Math.abs(value) >= 0.5);
  return isPressed(control, value);
}

/** The standard gamepad layout's defaults (https://w3c.github.io/gamepad/#remapping). */
export const GAMEPAD_DEFAULTS: readonly Mapping[] = [
  { control: { device: 'gamepad', kind: 'axis', index: 0 }, target: 'u' },
  { control: { device: 'gamepad', kind: 'button', index: 6 }, target: 'u-down' },
  { control: { device: 'gamepad', kind: 'button', index: 7 }, target: 'u-up' },
  { control: { device: 'gamepad', kind: 'button', index: 5 }, target: 'next' },
  { control: { device: 'gamepad', kind: 'button', index: 4 }, target: 'previous' },
  { control: { device: 'gamepad', kind: 'button', index: 15 }, target: 'next' },
  { control: { device: 'gamepad', kind: 'button', index: 14 }, target: 'previous' },
  { control: { device: 'gamepad', kind: 'button', index: 0 }, target: 'rollout' },
];

const DEFAULT_GAMEPAD = new Map(GAMEPAD_DEFAULTS.map((m) => [controlKey(m.control), m.target]));

/** Looks targets up by control key, falling back to a device kind's defaults while it has no mapping. */
export class TargetIndex {
  private readonly byKey: Map<string, Target>;
  private readonly midiLearned: boolean;
  private readonly gamepadLearned: boolean;

  constructor(mappings: readonly Mapping[]) {
    this.byKey = new Map(mappings.map((m) => [controlKey(m.control), m.target]));
    this.midiLearned = mappings.some((m) => m.control.device === 'midi');
    this.gamepadLearned = mappings.some((m) => m.control.device === 'gamepad');
  }

  /** The target of `control` (its `key` from controlKey), or null when it drives nothing. */
  target(control: Control, key: string): Target | null {
    const learned = this.byKey.get(key);
    if (learned !== undefined) return learned;
    if (control.device === 'midi') return this.midiLearned ? null : control.kind === 'cc' ? 'u' : 'next';
    return this.gamepadLearned ? null : (DEFAULT_GAMEPAD.get(key) ?? null);
  }
}

/** `set` with `control` mapped to `target` (a control does one thing: its old mapping goes). */
export function withMapping(set: ControlSet, control: Control, target: Target): ControlSet {
  const key = controlKey(control);
  return { detent: set.detent, mappings: [...set.mappings.filter((m) => controlKey(m.control) !== key), { control, target }] };
}
