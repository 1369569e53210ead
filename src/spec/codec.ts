/**
 * Reading and writing the state object: one codec per field, shared by the URL hash (text) and
 * preset files (JSON). Each field is validated on its own, so one bad field is rejected with a
 * notice naming it and the rest still loads; nothing here throws on any input.
 *
 * Hash form (human-readable keys, the state's own field names, only what differs from a base):
 *   #v=2&u=0.5&bloom=0&uKeys=0:1,7:1:smooth,8:0&camera=0.4,0.5,3.6/0,0,0
 *   uKeys       t:u[:ease] joined by ','                (ease: linear (default), smooth, hold)
 *   camera      px,py,pz/tx,ty,tz                       (position / target)
 *   cameraPath  t:px,py,pz/tx,ty,tz[:ease] joined by ';'
 *   rolloutDigits  3,5,6
 *   probe       the pad's digit, 1,046 base64url characters (src/spec/probe-code.ts)
 *   probeView   rotation,scale,shiftX,shiftY,intensity,noise,mask
 *   ends        a,b (map digit indices; -1 the probe)
 */
import { EXPLORE_CODECS } from './explore-codecs';
import { FIELDS, STATE_KEYS, type Field, type StateKey } from './fields';
import { bad, inRange, ok, textNumber, type FieldCodec, type Parsed } from './field-codec';
import { U_RANGE } from './u';
import {
  DEFAULT_STATE,
  EASES,
  LIMITS,
  SCHEDULE_LIMITS,
  STATE_VERSION,
  cloneState,
  type AppState,
  type CameraKey,
  type CameraPose,
  type Ease,
  type NumericKey,
  type UKey,
  type Vec3,
} from './spec';

type Codecs = { [K in StateKey]: FieldCodec<AppState[K]> };

function numeric(key: NumericKey, integer: boolean): FieldCodec<number> {
  const [lo, hi] = LIMITS[key];
  const expected = `${integer ? 'an integer' : 'a number'} in [${lo}, ${hi}]`;
  const check = (x: number) => (inRange(x, LIMITS[key], integer) ? ok(x) : bad<number>(expected));
  return {
    fromJson: (v) => (typeof v === 'number' ? check(v) : bad(expected)),
    fromText: (t) => check(textNumber(t)),
    toText: String,
  };
}

export function parseBoolean(text: string): boolean | null {
  if (['1', 'true', 'yes', 'on', ''].includes(text.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(text.toLowerCase())) return false;
  return null;
}

const boolean: FieldCodec<boolean> = {
  fromJson: (v) => (typeof v === 'boolean' ? ok(v) : bad('true or false')),
  fromText: (t) => {
    const b = parseBoolean(t);
    return b === null ? bad('0 or 1') : ok(b);
  },
  toText: (b) => (b ? '1' : '0'),
};

function choice<T extends string>(options: readonly T[]): FieldCodec<T> {
  const expected = `one of ${options.join(', ')}`;
  const check = (v: unknown) => (typeof v === 'string' && (options as readonly string[]).includes(v) ? ok(v as T) : bad<T>(expected));
  return { fromJson: check, fromText: check, toText: (v) => v };
}

const EASE_ALIASES: Record<string, Ease> = { smoothstep: 'smooth', 'ease-in-out': 'smooth', step: 'hold' };

function ease(v: unknown): Ease | null {
  if (v === undefined) return 'linear';
  if (typeof v !== 'string') return null;
  if ((EASES as readonly string[]).includes(v)) return v as Ease;
  return EASE_ALIASES[v] ?? null;
}

function vec3(v: unknown): Vec3 | null {
  if (!Array.isArray(v) || v.length !== 3) return null;
  const [x, y, z] = v as unknown[];
  const all = [x, y, z].every((c) => typeof c === 'number' && inRange(c, SCHEDULE_LIMITS.coordinate));
  return all ? [x as number, y as number, z as number] : null;
}

function textVec3(text: string): Vec3 | null {
  const parts = text.split(',');
  return parts.length === 3 ? vec3(parts.map(textNumber)) : null;
}

function pose(v: unknown): CameraPose | null {
  if (typeof v !== 'object' || v === null) return null;
  const { position, target } = v as Record<string, unknown>;
  const p = vec3(position);
  const t = vec3(target);
  return p && t ? { position: p, target: t } : null;
}

function textPose(text: string): CameraPose | null {
  const [p, t, ...rest] = text.split('/');
  if (p === undefined || t === undefined || rest.length > 0) return null;
  const position = textVec3(p);
  const target = textVec3(t);
  return position && target ? { position, target } : null;
}

const poseText = (p: CameraPose) => `${p.position.join(',')}/${p.target.join(',')}`;
const POSE_EXPECTED = `{ position: [x, y, z], target: [x, y, z] } with coordinates in [${SCHEDULE_LIMITS.coordinate.join(', ')}]`;

const camera: FieldCodec<CameraPose> = {
  fromJson: (v) => {
    const p = pose(v);
    return p ? ok(p) : bad(POSE_EXPECTED);
  },
  fromText: (t) => {
    const p = textPose(t);
    return p ? ok(p) : bad('px,py,pz/tx,ty,tz');
  },
  toText: poseText,
};

/** Keys must be in time order (equal times allowed: a jump) and within the schedule limits. */
function ordered<K extends { t: number }>(keys: K[]): boolean {
  return keys.length <= SCHEDULE_LIMITS.keys && keys.every((k, i) => inRange(k.t, SCHEDULE_LIMITS.t) && (i === 0 || k.t >= keys[i - 1]!.t));
}

function keyList<K extends { t: number; ease: Ease }>(
  readJson: (v: Record<string, unknown>) => Omit<K, 't' | 'ease'> | null,
  readText: (body: string) => Omit<K, 't' | 'ease'> | null,
  writeText: (k: K) => string,
  separator: string,
  expected: string,
): FieldCodec<K[]> {
  const finish = (keys: (K | null)[]): Parsed<K[]> => {
    if (keys.some((k) => k === null)) return bad(expected);
    return ordered(keys as K[]) ? ok(keys as K[]) : bad(`${expected}, at most ${SCHEDULE_LIMITS.keys}, times in order within [0, ${SCHEDULE_LIMITS.t[1]}] s`);
  };
  return {
    fromJson: (v) => {
      if (!Array.isArray(v)) return bad(expected);
      return finish(
        (v as unknown[]).map((item) => {
          if (typeof item !== 'object' || item === null) return null;
          const rec = item as Record<string, unknown>;
          const body = readJson(rec);
          const e = ease(rec.ease);
          return body && e && typeof rec.t === 'number' ? ({ t: rec.t, ...body, ease: e } as K) : null;
        }),
      );
    },
    fromText: (text) => {
      if (text.trim() === '') return ok([]);
      return finish(
        text.split(separator).map((part) => {
          const fields = part.split(':');
          if (fields.length < 2 || fields.length > 3) return null;
          const t = textNumber(fields[0]!);
          const body = readText(fields[1]!);
          const e = ease(fields[2]);
          return body && e && Number.isFinite(t) ? ({ t, ...body, ease: e } as K) : null;
        }),
      );
    },
    toText: (keys) => keys.map((k) => `${k.t}:${writeText(k)}${k.ease === 'linear' ? '' : `:${k.ease}`}`).join(separator),
  };
}

const uValue = (x: unknown) => (typeof x === 'number' && inRange(x, U_RANGE) ? { u: x } : null);
const uKeys = keyList<UKey>(
  (rec) => uValue(rec.u),
  (body) => uValue(textNumber(body)),
  (k) => String(k.u),
  ',',
  `a list of { t, u in [${U_RANGE.join(', ')}], ease }`,
);

const cameraPath = keyList<CameraKey>(
  (rec) => pose(rec),
  (body) => textPose(body),
  (k) => poseText(k),
  ';',
  'a list of { t, position, target, ease }',
);

const DIGITS_EXPECTED = 'a list of up to 30 digits 0..9';
function digits(v: unknown[]): Parsed<number[]> {
  const valid = v.length <= 30 && v.every((d) => typeof d === 'number' && inRange(d, [0, 9], true));
  return valid ? ok(v as number[]) : bad(DIGITS_EXPECTED);
}

const rolloutDigits: FieldCodec<number[]> = {
  fromJson: (v) => (Array.isArray(v) ? digits(v as unknown[]) : bad(DIGITS_EXPECTED)),
  fromText: (t) => (t.trim() === '' ? ok([]) : digits(t.split(',').map(textNumber))),
  toText: (d) => d.join(','),
};

/** The codecs of the structured fields; every other field's comes from its row in FIELDS. */
const STRUCTURED: { [K in StateKey]?: FieldCodec<AppState[K]> } = { uKeys, rolloutDigits, camera, cameraPath, ...EXPLORE_CODECS };

function codecFor(key: StateKey): FieldCodec<unknown> {
  const field: Field = FIELDS[key];
  switch (field.kind) {
    case 'number':
      return numeric(key as NumericKey, field.integer) as FieldCodec<unknown>;
    case 'boolean':
      return boolean as FieldCodec<unknown>;
    case 'choice':
      return choice(field.options) as FieldCodec<unknown>;
    case 'structured': {
      const codec = STRUCTURED[key];
      if (codec === undefined) throw new Error(`field ${key} is structured but has no codec`);
      return codec as FieldCodec<unknown>;
    }
  }
}

export const CODECS = Object.fromEntries(STATE_KEYS.map((key) => [key, codecFor(key)])) as unknown as Codecs;

export { STATE_KEYS, type StateKey };

/** Fields version 1 had; a v1 object with any other field is not a v1 object. */
const V1_KEYS: readonly StateKey[] = ['u', 'dt', 'particles', 'adaptive', 'targetFps', 'lifetime', 'trail', 'colour', 'particleSize', 'bloom', 'rollouts', 'rolloutSteps', 'ungrounded', 'clusters', 'paused', 'autoRotate'];

export interface Decoded {
  state: AppState;
  /** The fields that were read and kept. */
  applied: StateKey[];
  notices: string[];
}

const isStateKey = (k: string): k is StateKey => Object.prototype.hasOwnProperty.call(CODECS, k);
const show = (v: unknown) => {
  const text = typeof v === 'string' ? v : JSON.stringify(v) ?? String(v);
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}...` : text);
};

/**
 * Lifts an older object to the current version: v1 had no schedule, camera, seed, rollout digits
 * or backend preference, so those keep the base's values; keys v1 never had are reported.
 */
export function migrateState(version: number, keys: string[], source: string): { allowed: (k: string) => boolean; notices: string[] } {
  if (version === STATE_VERSION) return { allowed: () => true, notices: [] };
  if (version === 1) return { allowed: (k) => (V1_KEYS as readonly string[]).includes(k), notices: [] };
  const known = keys.filter(isStateKey).length;
  return { allowed: () => true, notices: [`${source}: version ${show(version)} is not one this page knows (${STATE_VERSION}); reading the ${known} fields it recognises`] };
}

function decode(entries: [string, unknown][], base: Readonly<AppState>, source: string, form: 'json' | 'text'): Decoded {
  const state = cloneState(base);
  const notices: string[] = [];
  const applied: StateKey[] = [];
  const versionEntry = entries.find(([k]) => k === 'version' || k === 'v');
  const raw = versionEntry?.[1];
  const version = raw === undefined ? STATE_VERSION : typeof raw === 'number' ? raw : textNumber(String(raw));
  const migration = migrateState(version, entries.map(([k]) => k), source);
  notices.push(...migration.notices);
  for (const [key, value] of entries) {
    if (key === 'version' || key === 'v') continue;
    if (!isStateKey(key) || !migration.allowed(key)) {
      notices.push(`${source}: field ${show(key)} is not known${version !== STATE_VERSION && isStateKey(key) ? ` in version ${version}` : ''}; ignored`);
      continue;
    }
    const codec = CODECS[key] as FieldCodec<unknown>;
    const parsed = form === 'json' ? codec.fromJson(value) : typeof value === 'string' ? codec.fromText(value) : bad<unknown>('text');
    if (!parsed.ok) {
      notices.push(`${source}: ${key}=${show(value)} is not ${parsed.expected}; kept ${show(codec.toText(state[key]))}`);
      continue;
    }
    (state as unknown as Record<StateKey, unknown>)[key] = parsed.value;
    applied.push(key);
  }
  return { state, applied, notices };
}

/** A preset's or saved view's JSON object over `base`; anything but an object is one notice. */
export function decodeStateJson(value: unknown, base: Readonly<AppState> = DEFAULT_STATE, source = 'view'): Decoded {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { state: cloneState(base), applied: [], notices: [`${source}: expected an object of view fields, got ${show(value)}`] };
  }
  return decode(Object.entries(value), base, source, 'json');
}

/** `#key=value&...` over `base`. Never throws, whatever the text. */
export function decodeHash(hash: string, base: Readonly<AppState> = DEFAULT_STATE): Decoded {
  const body = hash.startsWith('#') ? hash.slice(1) : hash;
  if (body.trim() === '') return { state: cloneState(base), applied: [], notices: [] };
  return decode([...new URLSearchParams(body)], base, 'URL hash', 'text');
}

const fieldText = <K extends StateKey>(state: Readonly<AppState>, key: K) => (CODECS[key] as FieldCodec<AppState[K]>).toText(state[key]);

/** Keeps the separators of the hash readable; everything else is percent-encoded. */
const hashValue = (text: string) => encodeURIComponent(text).replace(/%2C/g, ',').replace(/%3A/g, ':').replace(/%2F/g, '/').replace(/%3B/g, ';');

/** The fields of `state` that differ from `base`, as a hash ('' when none). */
export function encodeHash(state: Readonly<AppState>, base: Readonly<AppState> = DEFAULT_STATE): string {
  const parts = STATE_KEYS.filter((k) => fieldText(state, k) !== fieldText(base, k)).map((k) => `${k}=${hashValue(fieldText(state, k))}`);
  return parts.length === 0 ? '' : `#v=${STATE_VERSION}&${parts.join('&')}`;
}

/** The whole state as a plain JSON object (a preset's `view`). */
export function encodeStateJson(state: Readonly<AppState>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(cloneState(state))) as Record<string, unknown>;
}
