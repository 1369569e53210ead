/**
 * FlowParams: everything the engine reads each frame, and nothing else. The page's view spec
 * (src/spec/spec.ts) holds these same fields beside its own (camera tweens, schedules, panel and
 * story state) and hands the engine `flowParams(spec)` every frame; a sketch keeps a FlowParams of
 * its own. The engine only ever reads one: what it decides for itself (the particle count under
 * the adaptive budget, the applied u) it reports through `stats()` and its events.
 *
 * Bounds and defaults are not repeated here: they are the view spec's field table's (fields.ts).
 */
import { COLOUR_MODES, FIELDS, type ColourMode, type NumberField } from './fields';

export type { ColourMode };

export interface FlowParams {
  /** The control signal asked for, in [-1, 1]; the applied u (stats().u) ramps towards it. */
  readonly u: number;
  /** Share of one model step taken per frame: z += dt * f(z, u). */
  readonly dt: number;
  /**
   * The particle count to move to when this value changes. The engine starts on its GPU path's own
   * count unless createLatentFlow's `params` name one; with `adaptive` on it then raises or lowers
   * the count to hold `targetFps`. The live count is stats().particles and the 'particles' event.
   */
  readonly particles: number;
  /** Let the frame-rate budget raise or lower the particle count. */
  readonly adaptive: boolean;
  /** The frame rate the budget holds. */
  readonly targetFps: number;
  /** Model steps a particle lives before it is respawned near the data. */
  readonly lifetime: number;
  /** Trail length in frames (positions kept per particle). */
  readonly trail: number;
  /** The particles stand still (rollouts and the camera go on). */
  readonly paused: boolean;
  /** Particles coloured by the digit they are nearest, or by their speed. */
  readonly colour: ColourMode;
  /** Particle diameter in world units. */
  readonly particleSize: number;
  /** Bloom strength when the engine draws its own canvas (0: none). */
  readonly bloom: number;
  /** Grounded rollouts shown (one per digit class first, then more instances); 0: none. */
  readonly rollouts: number;
  /** Steps of each rollout. */
  readonly rolloutSteps: number;
  /** Digit classes the rollouts start from, in turn; empty: every class 0..9. */
  readonly rolloutDigits: readonly number[];
  /** Also show ungrounded rollouts (z <- z + f) beside the grounded ones. */
  readonly ungrounded: boolean;
  /** The digit the rollouts on show steer to (0..9), -1: none (they hold u). */
  readonly target: number;
  /** Show the map's digits and their class labels. */
  readonly clusters: boolean;
  /** Turn the engine's own camera slowly around the map. */
  readonly autoRotate: boolean;
}

/** FlowParams with every field writable: the view spec holds them so (the panel and keys write them). */
export type FlowFields = { -readonly [K in keyof FlowParams]: FlowParams[K] extends readonly (infer E)[] ? E[] : FlowParams[K] };

export const DEFAULT_FLOW_PARAMS: FlowParams = Object.freeze({
  u: 1,
  dt: 0.05,
  particles: 100_000,
  adaptive: true,
  targetFps: 50,
  lifetime: 1.5,
  trail: 8,
  paused: false,
  colour: 'digit',
  particleSize: 0.008,
  bloom: 0.6,
  rollouts: 10,
  rolloutSteps: 10,
  rolloutDigits: Object.freeze([]) as readonly number[],
  ungrounded: false,
  target: -1,
  clusters: true,
  autoRotate: false,
});

export const FLOW_KEYS = Object.keys(DEFAULT_FLOW_PARAMS) as (keyof FlowParams)[];

/** The outputs of flowParams: frozen, so update() can take them as they are. */
const checked = new WeakSet<object>();

function numberField(key: keyof FlowParams, value: unknown): number {
  const field: NumberField = FIELDS[key as keyof typeof FIELDS] as NumberField;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new TypeError(`FlowParams.${key} must be a finite number, not ${describe(value)}`);
  const [lo, hi] = field.limits;
  const clamped = Math.min(hi, Math.max(lo, value));
  return field.integer ? Math.round(clamped) : clamped;
}

function describe(value: unknown): string {
  return typeof value === 'string' ? `"${value}"` : Array.isArray(value) ? 'an array' : String(value);
}

function digitList(value: unknown): readonly number[] {
  // As many as there can be rollouts: each rollout takes the next digit in turn.
  const most = FIELDS.rollouts.limits[1];
  const ok = Array.isArray(value) && value.length <= most && value.every((d) => Number.isInteger(d) && d >= 0 && d <= 9);
  if (!ok) throw new TypeError(`FlowParams.rolloutDigits must be a list of up to ${most} digits 0..9, not ${describe(value)}`);
  return Object.freeze([...(value as number[])]);
}

function field<K extends keyof FlowParams>(key: K, value: unknown): FlowParams[K] {
  const kind = FIELDS[key].kind;
  if (kind === 'number') return numberField(key, value) as FlowParams[K];
  if (kind === 'boolean') {
    if (typeof value !== 'boolean') throw new TypeError(`FlowParams.${key} must be true or false, not ${describe(value)}`);
    return value as FlowParams[K];
  }
  if (key === 'colour') {
    if (!(COLOUR_MODES as readonly unknown[]).includes(value)) throw new TypeError(`FlowParams.colour must be one of ${COLOUR_MODES.join(', ')}, not ${describe(value)}`);
    return value as FlowParams[K];
  }
  return digitList(value) as FlowParams[K];
}

/**
 * A complete, checked FlowParams from `partial`: missing fields take their defaults, numbers are
 * clamped to their field's bounds (and whole where the field is whole), and a value of the wrong
 * kind (NaN, a string for a number, an unknown colour mode) throws a TypeError naming the field.
 * Keys that are not FlowParams' are ignored, so a whole view spec may be passed. The result is a
 * new frozen object; `partial` is never changed.
 */
export function flowParams(partial: Readonly<Partial<FlowParams>> = {}): FlowParams {
  if (checked.has(partial)) return partial as FlowParams;
  const out: Partial<Record<keyof FlowParams, unknown>> = {};
  for (const key of FLOW_KEYS) out[key] = field(key, partial[key] ?? DEFAULT_FLOW_PARAMS[key]);
  const params = Object.freeze(out) as FlowParams;
  checked.add(params);
  return params;
}
