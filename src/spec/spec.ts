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
import { COLOUR_MODES, LIMITS, PATH_NAMES, type ColourMode, type NumericKey, type PathName } from './fields';
import { DEFAULT_FLOW_PARAMS, type FlowFields } from './flow-params';

export { COLOUR_MODES, LIMITS, PATH_NAMES, type ColourMode, type NumericKey, type PathName };

export const STATE_VERSION = 2;

/** Which particle field step runs: tfjs ops on the active backend, or the fused WebGPU kernel. */
export type FieldPath = 'tfjs' | 'fused';


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

/**
 * The page's view: the engine's FlowParams (src/spec/flow-params.ts: u, dt, particles, rollouts,
 * colour, bloom, ...), which the page hands the engine each frame as `flowParams(state)`, and
 * what is the page's alone: schedules, the camera, the start-up choices and the explore tools.
 */
export interface AppState extends FlowFields {
  version: typeof STATE_VERSION;
  /** A schedule for u over clock time; while it has keys it sets `u` every frame. */
  uKeys: UKey[];
  /** The u schedule and the camera path repeat after their last key. */
  loop: boolean;
  /** Seeds the particles' start states and respawns (applied when the engine starts). */
  seed: number;
  camera: CameraPose;
  /** Camera keyframes over clock time; while it has keys it moves the camera every frame. */
  cameraPath: CameraKey[];
  /** GPU path to prefer when the page starts ('auto': the best available). */
  backend: PathName | 'auto';
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
export const HOME_CAMERA: CameraPose = { position: [1.549, 1.351, 1.243], target: [0.22, -0.174, 0.002] };

// In the field table's order (a saved preset lists its fields so); the engine's fields keep the
// engine's defaults.
const F = DEFAULT_FLOW_PARAMS;
export const DEFAULT_STATE: Readonly<AppState> = {
  version: STATE_VERSION,
  u: F.u,
  uKeys: [],
  loop: false,
  dt: F.dt,
  particles: F.particles,
  seed: 1,
  adaptive: F.adaptive,
  targetFps: F.targetFps,
  lifetime: F.lifetime,
  trail: F.trail,
  colour: F.colour,
  particleSize: F.particleSize,
  bloom: F.bloom,
  rollouts: F.rollouts,
  rolloutSteps: F.rolloutSteps,
  rolloutDigits: [...F.rolloutDigits],
  ungrounded: F.ungrounded,
  clusters: F.clusters,
  paused: F.paused,
  autoRotate: F.autoRotate,
  camera: HOME_CAMERA,
  cameraPath: [],
  backend: 'auto',
  target: F.target,
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
  /** ?embed=1: the scene alone, driven by a parent page's messages (src/page/embed, docs/embedding.md). */
  embed: boolean;
  /** ?origins=: the parent origins an embed obeys (src/spec/embed-origins.ts); null: the page's own only. */
  origins: string[] | null;
  /** ?kiosk=1: a gallery kiosk (src/page/kiosk/): fullscreen on first input, no cursor, camera drift, watchdog, status key. */
  kiosk: boolean;
  /** ?watchdog=<seconds>: how long frames may stall before a kiosk restarts the engine. */
  watchdog: number;
}

/** Seconds without a new frame before a kiosk's watchdog restarts the engine (?watchdog=). */
export const DEFAULT_WATCHDOG_S = 20;

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
    embed: false,
    origins: null,
    kiosk: false,
    watchdog: DEFAULT_WATCHDOG_S,
  };
}
