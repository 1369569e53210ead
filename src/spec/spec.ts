/**
 * The app's one source of truth: everything that defines a view, as one typed, versioned,
 * serialisable object (deepscatter's idea: the whole view is one JSON spec). The UI writes it;
 * every frame the app reads it and reconciles the scene. The same object round-trips through the
 * URL hash and preset files (src/spec/codec.ts validates every field on its own).
 *
 * Version 2 added the u schedule (uKeys, loop), the camera pose and path, the particle seed, which
 * digits start the rollouts and the backend preference; `migrateState` reads version 1 objects.
 */

import { IDENTITY_PROBE, type ProbeSettings } from '../model/probe-view';
import { COLOUR_MODES, LIMITS, PATH_NAMES, type NumericKey } from './fields';

export { COLOUR_MODES, LIMITS, PATH_NAMES, type NumericKey };

export const STATE_VERSION = 2;

/** Which particle field step runs: tfjs ops on the active backend, or the fused WebGPU kernel. */
export type FieldPath = 'tfjs' | 'fused';

export type PathName = (typeof PATH_NAMES)[number];
export type ColourMode = (typeof COLOUR_MODES)[number];

/** How a keyframe's value moves to the next keyframe's. */
export type Ease = 'linear' | 'smooth' | 'hold';
export const EASES: readonly Ease[] = ['linear', 'smooth', 'hold'];

export type Vec3 = [number, number, number];

export interface CameraPose {
  position: Vec3;
  /** The point the camera looks at and orbits around. */
  target: Vec3;
}

/** u at schedule time `t` (seconds); `ease` shapes the segment from this key to the next. */
export interface UKey {
  t: number;
  u: number;
  ease: Ease;
}

export interface CameraKey extends CameraPose {
  t: number;
  ease: Ease;
}

export interface AppState {
  version: typeof STATE_VERSION;
  /** Control signal the user asked for, in [-1, 1]; the applied u ramps towards it. */
  u: number;
  /** A schedule for u over clock time; while it has keys it sets `u` every frame. */
  uKeys: UKey[];
  /** The u schedule and the camera path repeat after their last key. */
  loop: boolean;
  /** Share of one model step taken per frame: z += dt * f(z, u). */
  dt: number;
  particles: number;
  /** Seeds the particles' start states and respawns (applied when the simulation is built). */
  seed: number;
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
  /** Digit classes the rollouts start from, in turn; empty: every class 0..9. */
  rolloutDigits: number[];
  /** Also show ungrounded rollouts (z <- z + f) beside the grounded ones. */
  ungrounded: boolean;
  clusters: boolean;
  paused: boolean;
  autoRotate: boolean;
  camera: CameraPose;
  /** Camera keyframes over clock time; while it has keys it moves the camera every frame. */
  cameraPath: CameraKey[];
  /** GPU path to prefer when the page starts ('auto': the best available). */
  backend: PathName | 'auto';
  /** Steer rollouts to this digit (0..9) with the controller instead of holding u; -1: off. */
  target: number;
  /** The draw pad's digit before the sliders (src/spec/probe-code.ts), '' for none. */
  probe: string;
  /** The augmentation sliders over the probe. */
  probeView: ProbeSettings;
  /** Interpolation ends: two map digit indices (-1: the probe), or none. */
  ends: number[];
  /** The map digit rollouts were last started from by a click; -1: none. */
  from: number;
  /** The threshold curve (step accuracy against u, src/page/explore/threshold-chart.ts) is open. */
  thresholdCurve: boolean;
}

/**
 * The home camera: a view whose camera is this pose shows the map from the direction the camera
 * search picked for it, fitted to the viewport (src/engine/camera/home.ts), on any manifold. The
 * numbers are that pose for the default manifold at 16:9, so a glide from or to home starts
 * where the camera is.
 */
export const HOME_CAMERA: CameraPose = { position: [-2.958, -2.96, -0.355], target: [0.23, -0.334, 0.066] };

export const DEFAULT_STATE: Readonly<AppState> = {
  version: STATE_VERSION,
  u: 1,
  uKeys: [],
  loop: false,
  dt: 0.05,
  particles: 100_000,
  seed: 1,
  adaptive: true,
  targetFps: 50,
  lifetime: 1.5,
  trail: 8,
  colour: 'digit',
  particleSize: 0.008,
  bloom: 0.6,
  rollouts: 10,
  rolloutSteps: 10,
  rolloutDigits: [],
  ungrounded: false,
  clusters: true,
  paused: false,
  autoRotate: false,
  camera: HOME_CAMERA,
  cameraPath: [],
  backend: 'auto',
  target: -1,
  probe: '',
  probeView: { ...IDENTITY_PROBE },
  ends: [],
  from: -1,
  thresholdCurve: false,
};

/** A fresh default state whose arrays and camera can be changed without touching DEFAULT_STATE. */
export function defaultState(): AppState {
  return cloneState(DEFAULT_STATE);
}

export function cloneState(state: Readonly<AppState>): AppState {
  const pose = (p: CameraPose): CameraPose => ({ position: [...p.position], target: [...p.target] });
  return {
    ...state,
    uKeys: state.uKeys.map((k) => ({ ...k })),
    rolloutDigits: [...state.rolloutDigits],
    probeView: { ...state.probeView },
    ends: [...state.ends],
    camera: pose(state.camera),
    cameraPath: state.cameraPath.map((k) => ({ ...k, ...pose(k) })),
  };
}

/** Keyframe times (seconds) and camera coordinates accepted from a hash or a preset. */
export const SCHEDULE_LIMITS = { t: [0, 3600], coordinate: [-50, 50], keys: 64 } as const;

export function clampTo(key: NumericKey, value: number): number {
  const [lo, hi] = LIMITS[key];
  return Math.min(hi, Math.max(lo, value));
}

/** Seconds the state's schedules run (the later of the u schedule and camera path), or null. */
export function scheduleDuration(state: Readonly<AppState>): number | null {
  const ends = [state.uKeys.at(-1)?.t, state.cameraPath.at(-1)?.t].filter((t): t is number => t !== undefined);
  return ends.length > 0 ? Math.max(...ends) : null;
}

/** Frame rates the fixed-step clock offers (recordings are made at one of these). */
export const FRAME_RATES = [30, 60] as const;
export type FrameRate = (typeof FRAME_RATES)[number];

/** Options fixed for the life of a page (from the URL), not part of the view. */
export interface LaunchOptions {
  /** A path the user forced with ?backend=; otherwise the best available is chosen. */
  backend: PathName | null;
  /** Frames advance only through the test surface's step(n) (deterministic tests, recording). */
  fixedStep: boolean;
  /** Fixed-step frames per second of clock time (?frameRate=30|60): each frame is 1/frameRate s. */
  frameRate: FrameRate;
  /** Folder holding models/ and data/ (default: the site root). */
  assets: string;
  /** The user gave ?particles=: start with that count and pin the budget. */
  particlesPinned: boolean;
  /** ?preset=<name>: assets/presets/<name>.json sets the starting view. */
  preset: string | null;
  /** ?talk=<name>: story mode through assets/talks/<name>.json. */
  talk: string | null;
  /** ?step=<n> (1-based, as the caption counts): the talk step to start at, held here 0-based. */
  step: number;
  /** ?autopilot[=<talk>]: cycle a talk's presets unattended ('gallery' when no name is given). */
  autopilot: string | null;
  /** ?dwell=<seconds>: how long autopilot shows a preset without a schedule of its own. */
  dwell: number | null;
  /** ?field=fused|tfjs: force the particle field step (webgpu only; default: the path's fastest). */
  field: FieldPath | null;
  /** ?manifold=<name>: which shipped manifold (assets/models/<name>) to load; null: the index's default. */
  manifold: string | null;
  /** ?debug=1: the engineering view (HUD, open panel, every notice kept) instead of the stage. */
  debug: boolean;
}

export function defaultLaunch(): LaunchOptions {
  return {
    backend: null,
    fixedStep: false,
    frameRate: 60,
    assets: '',
    particlesPinned: false,
    preset: null,
    talk: null,
    step: 0,
    autopilot: null,
    dwell: null,
    field: null,
    manifold: null,
    debug: false,
  };
}
