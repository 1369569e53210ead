/**
 * The app's one source of truth: everything a person can change, as one typed, versioned,
 * serialisable object. The UI writes it; every frame the app reads it and reconciles the scene.
 */
export const STATE_VERSION = 1;

export type PathName = 'webgpu' | 'webgl' | 'wasm';
export const PATH_NAMES: readonly PathName[] = ['webgpu', 'webgl', 'wasm'];

export type ColourMode = 'digit' | 'speed';

export interface AppState {
  version: typeof STATE_VERSION;
  /** Control signal the user asked for, in [-1, 1]; the applied u ramps towards it. */
  u: number;
  /** Share of one model step taken per frame: z += dt * f(z, u). */
  dt: number;
  particles: number;
  /** Let the frame-rate budget raise or lower `particles`. */
  adaptive: boolean;
  targetFps: number;
  /** Model steps a particle lives before it is respawned near the data. */
  lifetime: number;
  /** Trail length in frames (positions kept per particle). */
  trail: number;
  colour: ColourMode;
  particleSize: number;
  bloom: number;
  /** Grounded rollouts shown (one per digit class first, then more instances). */
  rollouts: number;
  rolloutSteps: number;
  /** Also show ungrounded rollouts (z <- z + f) beside the grounded ones. */
  ungrounded: boolean;
  clusters: boolean;
  paused: boolean;
  autoRotate: boolean;
}

export const DEFAULT_STATE: AppState = {
  version: STATE_VERSION,
  u: 1,
  dt: 0.05,
  particles: 100_000,
  adaptive: true,
  targetFps: 50,
  lifetime: 1.5,
  trail: 8,
  colour: 'digit',
  particleSize: 0.008,
  bloom: 0.6,
  rollouts: 10,
  rolloutSteps: 10,
  ungrounded: false,
  clusters: true,
  paused: false,
  autoRotate: false,
};

/** Bounds the UI, the URL parser and the adaptive budget share. */
export const LIMITS = {
  u: [-1, 1],
  dt: [0.005, 1],
  particles: [64, 2_000_000],
  targetFps: [10, 144],
  lifetime: [0.25, 20],
  trail: [2, 32],
  particleSize: [0.002, 0.05],
  bloom: [0, 3],
  rollouts: [0, 30],
  rolloutSteps: [1, 30],
} as const satisfies Partial<Record<keyof AppState, readonly [number, number]>>;

export type NumericKey = keyof typeof LIMITS;

export function clampTo(key: NumericKey, value: number): number {
  const [lo, hi] = LIMITS[key];
  return Math.min(hi, Math.max(lo, value));
}

/** Options fixed for the life of a page (from the URL), not part of the live state. */
export interface LaunchOptions {
  /** A path the user forced with ?backend=; otherwise the best available is chosen. */
  backend: PathName | null;
  /** Frames advance only through the test surface's step(n) (deterministic tests, recording). */
  fixedStep: boolean;
  /** Folder holding models/ and data/ (default: the site root). */
  assets: string;
  /** The user gave ?particles=: start with that count and pin the budget. */
  particlesPinned: boolean;
}
