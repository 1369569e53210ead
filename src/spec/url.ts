/**
 * URL -> initial state. Every parameter is validated; a garbled one is reported as a notice and
 * its default is used, so a bad link never stops the page.
 *
 * Query: every view field under its own name, in the hash's text form (?u=0.5&rolloutSteps=12,
 * ?uKeys=0:1,8:0), or under the other names src/spec/fields.ts gives it (?steps= rolloutSteps,
 * ?fps= targetFps, ?size= particleSize, ?color= colour); and the launch options:
 *   ?backend=webgpu|webgl|wasm  ?assets=/path
 *   ?fixedStep=0|1  ?frameRate=30|60 (fixed-step frames per clock second)
 *   ?scene=counting|rotation  ?step=<n> (a talk's step, from 1)
 *   ?preset=<name>  ?talk=<name>  ?autopilot[=<talk>]  ?dwell=<seconds>  ?field=fused|tfjs
 *   ?manifold=<name> (ssl, ssl-contrastive, ssl-labels; 'ssl+labels' is read as ssl-labels)
 *   ?debug=1 (the engineering view: HUD, open panel and every notice, not the stage)
 *   ?embed=1 (the scene alone, driven by postMessage: docs/embedding.md)  ?origins=<origin>,<origin>
 *   ?kiosk=1 (a gallery kiosk, docs/kiosk.md)  ?watchdog=<seconds> (the kiosk's stall limit)
 * Hash (the whole view, kept up to date as it changes): see src/spec/codec.ts.
 *
 * Precedence when the page starts: defaults < preset < query < hash.
 */
import { fieldForQuery } from './fields';
import {
  FRAME_RATES,
  PATH_NAMES,
  defaultLaunch,
  defaultState,
  type AppState,
  type FrameRate,
  type LaunchOptions,
  type PathName,
} from './spec';
import { CODECS, parseBoolean } from './codec';
import { parseOrigins } from './embed-origins';

export interface UrlState {
  /** Defaults with the query's view fields applied. */
  state: AppState;
  /** Just the view fields the query gave (they are laid over a preset). */
  patch: Partial<AppState>;
  launch: LaunchOptions;
  /** One line per parameter that could not be used. */
  notices: string[];
}

/** Preset and talk names are file names under assets/: letters, digits, - and _ only. */
export const NAME_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
const DWELL_LIMITS = [0.05, 3600] as const;
const WATCHDOG_LIMITS = [1, 3600] as const;

export function parseUrlState(search: string): UrlState {
  const params = new URLSearchParams(search);
  const patch: Partial<AppState> = {};
  const launch = defaultLaunch();
  const notices: string[] = [];
  const reject = (name: string, value: string, expected: string, fallback: unknown) =>
    notices.push(`URL parameter ${name}=${JSON.stringify(value.slice(0, 40))} is not ${expected}; using ${String(fallback)}`);
  const defaults = defaultState();
  const name = (param: string, value: string, fallback: string): string | null => {
    if (NAME_PATTERN.test(value)) return value;
    reject(param, value, 'a name of letters, digits, - and _', fallback);
    return null;
  };

  for (const [param, value] of params) {
    if (param === 'backend') {
      if ((PATH_NAMES as readonly string[]).includes(value)) launch.backend = value as PathName;
      else reject(param, value, PATH_NAMES.join(', '), 'the best available');
    } else if (param === 'assets') {
      // Same-origin paths only: the models are fetched and run, so never from another site.
      if (/^\/[\w\-./]*$/.test(value) && !value.includes('..')) launch.assets = value.replace(/\/$/, '');
      else reject(param, value, 'a same-origin path like /models-dev', 'the site root');
    } else if (param === 'debug') {
      const b = parseBoolean(value === '' ? '1' : value);
      if (b === null) reject(param, value, '0 or 1', 'the stage');
      else launch.debug = b;
    } else if (param === 'kiosk') {
      const b = parseBoolean(value === '' ? '1' : value);
      if (b === null) reject(param, value, '0 or 1', 'no kiosk');
      else launch.kiosk = b;
    } else if (param === 'watchdog') {
      const seconds = value.trim() === '' ? NaN : Number(value);
      if (Number.isFinite(seconds) && seconds >= WATCHDOG_LIMITS[0] && seconds <= WATCHDOG_LIMITS[1]) launch.watchdog = seconds;
      else reject(param, value, `a number of seconds in [${WATCHDOG_LIMITS.join(', ')}]`, launch.watchdog);
    } else if (param === 'embed') {
      const b = parseBoolean(value === '' ? '1' : value);
      if (b === null) reject(param, value, '0 or 1', 'no embedding');
      else launch.embed = b;
    } else if (param === 'origins') {
      const { origins, rejected } = parseOrigins(value);
      for (const entry of rejected) notices.push(`URL parameter origins: ${JSON.stringify(entry)} is not an http(s) origin like https://slides.example; left out`);
      // A list with nothing usable leaves the safe default (the page's own origin), never "anyone".
      launch.origins = origins.length > 0 ? origins : null;
    } else if (param === 'fixedStep') {
      const b = parseBoolean(value);
      if (b === null) reject(param, value, '0 or 1', 'the default');
      else launch.fixedStep = b;
    } else if (param === 'frameRate') {
      const rate = Number(value);
      if ((FRAME_RATES as readonly number[]).includes(rate)) launch.frameRate = rate as FrameRate;
      else reject(param, value, FRAME_RATES.join(' or '), launch.frameRate);
    } else if (param === 'field') {
      if (value === 'fused' || value === 'tfjs') launch.field = value;
      else reject(param, value, 'fused or tfjs', "the path's fastest");
    } else if (param === 'manifold') {
      // '+' in a query string reads as a space: ssl+labels arrives as 'ssl labels'.
      launch.manifold = name(param, value.trim().replace(/[ +]/g, '-'), 'the default manifold');
    } else if (param === 'preset') {
      launch.preset = name(param, value, 'the default view');
    } else if (param === 'talk') {
      launch.talk = name(param, value, 'no talk');
    } else if (param === 'step') {
      const step = value.trim() === '' ? NaN : Number(value);
      if (Number.isInteger(step) && step >= 1 && step <= 999) launch.step = step - 1;
      else reject(param, value, 'a talk step number from 1', 'step 1');
    } else if (param === 'scene') {
      // ?scene=rotation never reaches here (src/page/main.ts opens that scene instead).
      if (value !== 'counting') reject(param, value, 'counting or rotation', 'the counting scene');
    } else if (param === 'autopilot') {
      const b = parseBoolean(value);
      if (b !== null) launch.autopilot = b ? 'gallery' : null;
      else launch.autopilot = name(param, value, 'no autopilot');
    } else if (param === 'dwell') {
      const seconds = value.trim() === '' ? NaN : Number(value);
      if (Number.isFinite(seconds) && seconds >= DWELL_LIMITS[0] && seconds <= DWELL_LIMITS[1]) launch.dwell = seconds;
      else reject(param, value, `a number of seconds in [${DWELL_LIMITS.join(', ')}]`, 'each preset\'s own length');
    } else {
      const key = fieldForQuery(param);
      if (key === null) {
        notices.push(`URL parameter ${param} is not known; ignored`);
        continue;
      }
      const parsed = CODECS[key].fromText(value);
      if (!parsed.ok) {
        reject(param, value, parsed.expected, CODECS[key].toText(defaults[key] as never));
        continue;
      }
      (patch as Record<string, unknown>)[key] = parsed.value;
      if (key === 'particles') launch.particlesPinned = true;
    }
  }
  if (launch.origins !== null && !launch.embed) notices.push('URL parameter origins applies only with embed=1; ignored');
  // An explicit count is a request for exactly that many, unless the budget is asked for too.
  if (launch.particlesPinned && !params.has('adaptive')) patch.adaptive = false;
  return { state: { ...defaults, ...patch }, patch, launch, notices };
}
