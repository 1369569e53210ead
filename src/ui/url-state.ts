/**
 * URL -> initial state. Every parameter is validated; a garbled one is reported as a notice and
 * its default is used, so a bad link never stops the page.
 *
 *   ?backend=webgpu|webgl|wasm  ?particles=N  ?u=X  ?dt=X  ?trail=N  ?colour=digit|speed
 *   ?bloom=X  ?rollouts=N  ?ungrounded=0|1  ?adaptive=0|1  ?fixedStep=0|1  ?assets=/path
 */
import {
  DEFAULT_STATE,
  LIMITS,
  PATH_NAMES,
  type AppState,
  type ColourMode,
  type LaunchOptions,
  type NumericKey,
  type PathName,
} from '../app/state';

export interface UrlState {
  state: AppState;
  launch: LaunchOptions;
  /** One line per parameter that could not be used. */
  notices: string[];
}

const NUMERIC_PARAMS: Partial<Record<string, { key: NumericKey; integer: boolean }>> = {
  particles: { key: 'particles', integer: true },
  u: { key: 'u', integer: false },
  dt: { key: 'dt', integer: false },
  trail: { key: 'trail', integer: true },
  bloom: { key: 'bloom', integer: false },
  rollouts: { key: 'rollouts', integer: true },
  steps: { key: 'rolloutSteps', integer: true },
  fps: { key: 'targetFps', integer: false },
  lifetime: { key: 'lifetime', integer: false },
  size: { key: 'particleSize', integer: false },
};

const BOOLEAN_PARAMS = ['ungrounded', 'adaptive', 'fixedStep', 'paused', 'autoRotate', 'clusters'] as const;

function parseBoolean(text: string): boolean | null {
  if (['1', 'true', 'yes', 'on', ''].includes(text.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(text.toLowerCase())) return false;
  return null;
}

export function parseUrlState(search: string): UrlState {
  const params = new URLSearchParams(search);
  const state: AppState = { ...DEFAULT_STATE };
  const launch: LaunchOptions = { backend: null, fixedStep: false, assets: '', particlesPinned: false };
  const notices: string[] = [];
  const reject = (name: string, value: string, expected: string, fallback: unknown) =>
    notices.push(`URL parameter ${name}=${JSON.stringify(value.slice(0, 40))} is not ${expected}; using ${String(fallback)}`);

  for (const [name, value] of params) {
    const numeric = NUMERIC_PARAMS[name];
    if (numeric !== undefined) {
      const [lo, hi] = LIMITS[numeric.key];
      const x = value.trim() === '' ? NaN : Number(value);
      if (!Number.isFinite(x) || (numeric.integer && !Number.isInteger(x)) || x < lo || x > hi) {
        reject(name, value, `${numeric.integer ? 'an integer' : 'a number'} in [${lo}, ${hi}]`, state[numeric.key]);
        continue;
      }
      state[numeric.key] = x;
      if (name === 'particles') launch.particlesPinned = true;
    } else if (name === 'backend') {
      if ((PATH_NAMES as readonly string[]).includes(value)) launch.backend = value as PathName;
      else reject(name, value, PATH_NAMES.join(', '), 'the best available');
    } else if (name === 'colour' || name === 'color') {
      if (value === 'digit' || value === 'speed') state.colour = value as ColourMode;
      else reject(name, value, 'digit or speed', state.colour);
    } else if (name === 'assets') {
      // Same-origin paths only: the models are fetched and run, so never from another site.
      if (/^\/[\w\-./]*$/.test(value) && !value.includes('..')) launch.assets = value.replace(/\/$/, '');
      else reject(name, value, 'a same-origin path like /models-dev', 'the site root');
    } else if ((BOOLEAN_PARAMS as readonly string[]).includes(name)) {
      const b = parseBoolean(value);
      if (b === null) {
        reject(name, value, '0 or 1', 'the default');
        continue;
      }
      if (name === 'fixedStep') launch.fixedStep = b;
      else state[name as Exclude<(typeof BOOLEAN_PARAMS)[number], 'fixedStep'>] = b;
    } else {
      notices.push(`URL parameter ${name} is not known; ignored`);
    }
  }
  // An explicit count is a request for exactly that many, unless the budget is asked for too.
  if (launch.particlesPinned && !params.has('adaptive')) state.adaptive = false;
  return { state, launch, notices };
}
