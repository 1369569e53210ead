/**
 * The ONE table of the view spec's fields: bounds, whether a number is whole, the panel's control
 * (its folder, label and step), the URL query's other names and the key that toggles a field.
 * The codec's limits (LIMITS), the URL parser's names, the panel and the keys are all made from
 * it, so adding a field or changing a range is one line here.
 */
import type { AppState } from './spec';
import { U_RANGE, U_STEP } from './u';

export type StateKey = Exclude<keyof AppState, 'version'>;

/** Panel folders, in the panel's order ('' is the panel's top level). */
export type PanelFolder = 'control' | '' | 'rollouts' | 'view';
export const PANEL_FOLDERS: readonly PanelFolder[] = ['control', '', 'rollouts', 'view'];

export interface Panel {
  folder: PanelFolder;
  label: string;
}

interface Common {
  /** Absent: the field has no control in the panel (it is set by presets, the hash or keys). */
  panel?: Panel;
  /** Other names the URL query accepts beside the field's own (?steps= for rolloutSteps). */
  query?: readonly string[];
  /** A key that toggles the field (booleans) or cycles it (choices); shown in the panel's label. */
  key?: string;
  /** A key hint for the panel when the key does more than toggle (arrows nudge u). */
  keyHint?: string;
}

export interface NumberField extends Common {
  kind: 'number';
  limits: readonly [number, number];
  integer: boolean;
  /** The panel slider's step. */
  step: number;
}

export interface BooleanField extends Common {
  kind: 'boolean';
}

export interface ChoiceField extends Common {
  kind: 'choice';
  options: readonly string[];
}

/** Structured fields (schedules, camera poses, digit lists) with codecs of their own in codec.ts. */
export interface StructuredField extends Common {
  kind: 'structured';
}

export type Field = NumberField | BooleanField | ChoiceField | StructuredField;

const number = (limits: readonly [number, number], step: number, rest: Omit<NumberField, 'kind' | 'limits' | 'step' | 'integer'> = {}): NumberField => ({ kind: 'number', limits, step, integer: false, ...rest });
const integer = (limits: readonly [number, number], step: number, rest: Omit<NumberField, 'kind' | 'limits' | 'step' | 'integer'> = {}): NumberField => ({ kind: 'number', limits, step, integer: true, ...rest });
const boolean = (rest: Omit<BooleanField, 'kind'> = {}): BooleanField => ({ kind: 'boolean', ...rest });
const structured: StructuredField = { kind: 'structured' };

/** Particles coloured by the digit they are nearest, or by their speed. */
export type ColourMode = 'digit' | 'speed';
/** The GPU paths, best first: tfjs and three.js on one WebGPU device, on one WebGL2 context, or tfjs on the CPU. */
export type PathName = 'webgpu' | 'webgl' | 'wasm';
// Spelled out beside their types (not derived from them) so the API reference shows the choices.
export const COLOUR_MODES = ['digit', 'speed'] as const satisfies readonly ColourMode[];
export const PATH_NAMES = ['webgpu', 'webgl', 'wasm'] as const satisfies readonly PathName[];

/** Every field, in the panel's order within each folder. */
export const FIELDS = {
  u: number(U_RANGE, U_STEP, { panel: { folder: 'control', label: 'u' }, keyHint: '\u2190 \u2192' }),
  uKeys: structured,
  loop: boolean(),
  dt: number([0.005, 1], 0.005, { panel: { folder: 'control', label: 'dt per frame' } }),
  paused: boolean({ panel: { folder: 'control', label: 'pause' }, key: ' ', keyHint: 'space' }),
  particles: integer([64, 2_000_000], 1024, { panel: { folder: '', label: 'particles' } }),
  seed: integer([0, 2 ** 31 - 1], 1),
  adaptive: boolean({ panel: { folder: '', label: 'adaptive budget' } }),
  targetFps: number([10, 144], 1, { panel: { folder: '', label: 'target fps' }, query: ['fps'] }),
  lifetime: number([0.25, 20], 0.25, { panel: { folder: '', label: 'lifetime (steps)' } }),
  trail: integer([2, 32], 1, { panel: { folder: '', label: 'trail length' } }),
  colour: { kind: 'choice', options: COLOUR_MODES, panel: { folder: '', label: 'colour' }, query: ['color'], key: 'c' } satisfies ChoiceField,
  particleSize: number([0.002, 0.05], 0.001, { panel: { folder: '', label: 'particle size' }, query: ['size'] }),
  bloom: number([0, 3], 0.05, { panel: { folder: 'view', label: 'bloom' }, keyHint: 'b' }),
  rollouts: integer([0, 30], 1, { panel: { folder: 'rollouts', label: 'count' } }),
  rolloutSteps: integer([1, 30], 1, { panel: { folder: 'rollouts', label: 'steps' }, query: ['steps'] }),
  rolloutDigits: structured,
  ungrounded: boolean({ panel: { folder: 'rollouts', label: 'show ungrounded' }, key: 'g' }),
  clusters: boolean({ panel: { folder: 'view', label: 'digits + labels' } }),
  autoRotate: boolean({ panel: { folder: 'view', label: 'auto-rotate' }, key: 'a' }),
  camera: structured,
  cameraPath: structured,
  backend: { kind: 'choice', options: ['auto', ...PATH_NAMES] } satisfies ChoiceField,
  target: integer([-1, 9], 1, { panel: { folder: 'control', label: 'steer to digit (-1 off)' }, keyHint: '0-9' }),
  probe: structured,
  probeView: structured,
  ends: structured,
  from: integer([-1, 99_999], 1),
  thresholdCurve: boolean(),
} as const satisfies Record<StateKey, Field>;

/** The fields that are numbers (the keys of LIMITS). */
export type NumericKey = { [K in keyof typeof FIELDS]: (typeof FIELDS)[K] extends NumberField ? K : never }[keyof typeof FIELDS];

/** Bounds the UI, the URL parser, preset files and the adaptive budget share (from FIELDS). */
export const LIMITS = Object.fromEntries(
  Object.entries(FIELDS).flatMap(([key, field]) => (field.kind === 'number' ? [[key, field.limits]] : [])),
) as { readonly [K in NumericKey]: readonly [number, number] };

export const STATE_KEYS = Object.keys(FIELDS) as StateKey[];

/** The field a URL query parameter names (its own name or one of its others), or null. */
export function fieldForQuery(param: string): StateKey | null {
  for (const key of STATE_KEYS) {
    const field: Field = FIELDS[key];
    if (key === param || field.query?.includes(param)) return key;
  }
  return null;
}

/** The panel's label for a field, with its key in brackets when it has one. */
export function panelLabel(key: StateKey): string {
  const field: Field = FIELDS[key];
  const hint = field.keyHint ?? (field.key === ' ' ? 'space' : field.key);
  return `${field.panel?.label ?? key}${hint ? ` (${hint})` : ''}`;
}
