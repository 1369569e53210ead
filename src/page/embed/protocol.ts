/**
 * The embedding protocol, version 1 (docs/embedding.md has the table): what a parent page may
 * post to an embedded latentflow and what it hears back. Every message either way is a plain
 * object `{ latentflow: 1, type, ...fields }`. This module only reads and writes those objects:
 * it touches no DOM and changes no state, so a fuzzer can throw anything at parseMessage, which
 * answers every input with a command or a clear error and never throws.
 */
import { NAME_PATTERN } from '../../spec/url';
import { U_RANGE } from '../../spec/u';

export const PROTOCOL_VERSION = 1;

/** Longest text a message may carry (an id, a preset name): anything longer is refused unread. */
export const MAX_TEXT = 64;
/** A message has at most a handful of fields; more is garbage (or an attempt to make us work). */
const MAX_FIELDS = 8;
/** A talk step index, 0-based; the page checks it against its talk's length. */
const MAX_STEP = 998;

/** The parent's tag for a message, echoed in every answer to it. */
export type MessageId = string | number | null;

export type Command =
  | { type: 'hello' }
  | { type: 'setU'; u: number }
  | { type: 'preset'; name: string }
  | { type: 'step'; index: number }
  | { type: 'play' }
  | { type: 'pause' }
  | { type: 'rollout'; digit: number };

export type CommandType = Command['type'];

/** The fields each command carries besides latentflow, type and id. */
const FIELDS: Record<CommandType, readonly string[]> = {
  hello: [],
  setU: ['u'],
  preset: ['name'],
  step: ['index'],
  play: [],
  pause: [],
  rollout: ['digit'],
};

export const COMMAND_TYPES = Object.keys(FIELDS) as CommandType[];

export type ErrorCode =
  /** The message is not a protocol message: not an object, or no `latentflow: 1`. */
  | 'not-a-message'
  | 'version'
  | 'unknown-type'
  /** A field is missing, of the wrong type, out of range, too long, or not part of the command. */
  | 'bad-value'
  | 'unknown-preset'
  /** A talk step was asked for on a page that runs no talk. */
  | 'no-talk'
  /** The command cannot run on this page (a preset of another scene or manifold). */
  | 'unavailable'
  /** latentflow is still starting: wait for the ready event. */
  | 'not-ready'
  /** The command was valid but failed while it ran (a preset file that will not load, a rollout that failed). */
  | 'failed'
  /** latentflow could not start, or its engine reported an error. */
  | 'engine';

export type Parsed = { ok: true; command: Command; id: MessageId } | { ok: false; code: ErrorCode; message: string; id: MessageId; of: string | null };

/** A value as an error message names it: short, and never the value's own (possibly huge) text. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return value.length > 24 ? `a text of ${value.length} characters` : JSON.stringify(value);
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return 'a list';
  return `a ${typeof value}`;
}

function readId(value: unknown): MessageId | undefined {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' && value.length <= MAX_TEXT) return value;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  return undefined;
}

const isInteger = (v: unknown, lo: number, hi: number): v is number => typeof v === 'number' && Number.isInteger(v) && v >= lo && v <= hi;

/** The command's own fields, checked: the command, or what is wrong with it. */
function readCommand(type: CommandType, rec: Record<string, unknown>): Command | string {
  switch (type) {
    case 'setU': {
      const u = rec.u;
      if (typeof u !== 'number' || !Number.isFinite(u) || u < U_RANGE[0] || u > U_RANGE[1]) return `u must be a number in [${U_RANGE[0]}, ${U_RANGE[1]}], not ${describeValue(u)}`;
      return { type, u };
    }
    case 'preset': {
      const name = rec.name;
      if (typeof name !== 'string' || !NAME_PATTERN.test(name)) return `name must be a preset name (up to ${MAX_TEXT} letters, digits, - and _), not ${describeValue(name)}`;
      return { type, name };
    }
    case 'step': {
      const index = rec.index;
      if (!isInteger(index, 0, MAX_STEP)) return `index must be a whole number from 0 (the talk's first step), not ${describeValue(index)}`;
      return { type, index };
    }
    case 'rollout': {
      const digit = rec.digit;
      if (!isInteger(digit, 0, 9)) return `digit must be a whole number 0..9, not ${describeValue(digit)}`;
      return { type, digit };
    }
    default:
      return { type };
  }
}

/** Reads one message as posted to the page: a command, or an error that says what is wrong. */
export function parseMessage(data: unknown): Parsed {
  const refuse = (code: ErrorCode, message: string, id: MessageId = null, of: string | null = null): Parsed => ({ ok: false, code, message, id, of });
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return refuse('not-a-message', `a message must be an object { latentflow: ${PROTOCOL_VERSION}, type, ... }, not ${describeValue(data)}`);
  }
  const keys = Object.keys(data);
  if (keys.length > MAX_FIELDS) return refuse('bad-value', `a message has at most ${MAX_FIELDS} fields, not ${keys.length}`);
  // Own fields only: a value inherited through a crafted prototype is not part of the message.
  const rec: Record<string, unknown> = Object.fromEntries(keys.map((k) => [k, (data as Record<string, unknown>)[k]]));
  const id = readId(rec.id);
  if (id === undefined) return refuse('bad-value', `id must be a text of at most ${MAX_TEXT} characters or a finite number, not ${describeValue(rec.id)}`);
  if (rec.latentflow !== PROTOCOL_VERSION) {
    if (typeof rec.latentflow === 'number') return refuse('version', `protocol version ${describeValue(rec.latentflow)} is not spoken here; this page speaks version ${PROTOCOL_VERSION}`, id);
    return refuse('not-a-message', `a message must carry latentflow: ${PROTOCOL_VERSION} (the protocol and its version), not ${describeValue(rec.latentflow)}`, id);
  }
  const type = rec.type;
  if (typeof type !== 'string' || !Object.hasOwn(FIELDS, type)) {
    return refuse('unknown-type', `type must be one of ${COMMAND_TYPES.join(', ')}, not ${describeValue(type)}`, id);
  }
  const known = type as CommandType;
  const allowed = ['latentflow', 'type', 'id', ...FIELDS[known]];
  const extra = keys.find((k) => !allowed.includes(k));
  if (extra !== undefined) return refuse('bad-value', `${known} has no field ${describeValue(extra)} (its fields: ${FIELDS[known].join(', ') || 'none'})`, id, known);
  const command = readCommand(known, rec);
  if (typeof command === 'string') return refuse('bad-value', `${known}: ${command}`, id, known);
  return { ok: true, command, id };
}

/** One judged rollout track: its mode and the digit read at its start and after each step. */
export interface TrackDigits {
  mode: 'grounded' | 'ungrounded';
  digits: number[];
}

/** Where a talk stands: its name and title, the step shown (0-based, -1 before the first) and how many there are. */
export interface TalkPlace {
  talk: string;
  title: string;
  index: number;
  count: number;
  /** The preset the step shows, or null. */
  preset: string | null;
}

/** Everything the page tells its parent, before the envelope is added. */
export type Event =
  | {
      type: 'ready';
      version: typeof PROTOCOL_VERSION;
      /** The manifold shown (assets/models/<manifold>) and the GPU path that runs it. */
      manifold: string;
      backend: string;
      /** Names a preset message may use. */
      presets: string[];
      /** The talk this page runs (?talk=), or null. */
      talk: TalkPlace | null;
      u: number;
      paused: boolean;
      /** The command types this page obeys. */
      commands: CommandType[];
    }
  | { type: 'ok'; of: CommandType; id: MessageId }
  | { type: 'error'; code: ErrorCode; message: string; of: string | null; id: MessageId }
  | ({ type: 'stepReached' } & TalkPlace)
  | {
      type: 'rolloutFinished';
      /** The id of the rollout message that asked for it. */
      id: MessageId;
      digit: number;
      u: number;
      steps: number;
      /** The grounded track's judged digits (start first); empty when the bundle has no judge. */
      digits: number[];
      tracks: TrackDigits[];
    };

export type Envelope<E extends Event = Event> = E & { latentflow: typeof PROTOCOL_VERSION };

export function envelope<E extends Event>(event: E): Envelope<E> {
  return { latentflow: PROTOCOL_VERSION, ...event };
}
