/**
 * The controller mappings as JSON: what localStorage keeps and what export and import carry.
 *
 *   { "format": "latentflow-controls", "version": 1, "detent": false,
 *     "mappings": [{ "control": { "device": "midi", "kind": "cc", "channel": 1, "number": 21 }, "target": "u" },
 *                  { "control": { "device": "gamepad", "kind": "button", "index": 5 }, "target": "next" }] }
 *
 * A file is taken whole or not at all: the first problem is named (where, and what was expected)
 * and the mappings in use stay as they were.
 */
import { TARGET_NAMES, continuous, controlKey, describeControl, type Control, type ControlSet, type Mapping, type Target } from './controls';

export const CONTROL_FORMAT = 'latentflow-controls';
export const CONTROL_VERSION = 1;
/** More than any controller has; bounds what a stray file can make the page hold. */
export const MAX_MAPPINGS = 256;
/** Bytes of text read from an import, at most (a full file is a few KB). */
export const MAX_FILE_CHARS = 65_536;

export function serialiseControls(set: ControlSet): string {
  return JSON.stringify({ format: CONTROL_FORMAT, version: CONTROL_VERSION, detent: set.detent, mappings: set.mappings }, null, 2);
}

class FileProblem extends Error {}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function only(rec: Record<string, unknown>, keys: readonly string[], where: string): void {
  const extra = Object.keys(rec).find((k) => !keys.includes(k));
  if (extra !== undefined) throw new FileProblem(`${where} has a field ${JSON.stringify(extra.slice(0, 40))} that is not one of ${keys.join(', ')}`);
}

function integer(rec: Record<string, unknown>, key: string, low: number, high: number, where: string): number {
  const v = rec[key];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < low || v > high) throw new FileProblem(`${where}.${key} must be a whole number ${low}..${high}, not ${JSON.stringify(v)?.slice(0, 40) ?? 'missing'}`);
  return v;
}

function parseControl(raw: unknown, where: string): Control {
  if (!isRecord(raw)) throw new FileProblem(`${where} must be an object like {"device": "midi", "kind": "cc", "channel": 1, "number": 21}`);
  if (raw.device === 'midi') {
    only(raw, ['device', 'kind', 'channel', 'number'], where);
    if (raw.kind !== 'cc' && raw.kind !== 'note') throw new FileProblem(`${where}.kind must be "cc" or "note" for a MIDI control`);
    return { device: 'midi', kind: raw.kind, channel: integer(raw, 'channel', 1, 16, where), number: integer(raw, 'number', 0, 127, where) };
  }
  if (raw.device === 'gamepad') {
    only(raw, ['device', 'kind', 'index'], where);
    if (raw.kind !== 'axis' && raw.kind !== 'button') throw new FileProblem(`${where}.kind must be "axis" or "button" for a gamepad control`);
    return { device: 'gamepad', kind: raw.kind, index: integer(raw, 'index', 0, 63, where) };
  }
  throw new FileProblem(`${where}.device must be "midi" or "gamepad"`);
}

function parseMapping(raw: unknown, where: string): Mapping {
  if (!isRecord(raw)) throw new FileProblem(`${where} must be an object with "control" and "target"`);
  only(raw, ['control', 'target'], where);
  const control = parseControl(raw.control, `${where}.control`);
  if (typeof raw.target !== 'string' || !TARGET_NAMES.includes(raw.target as Target)) throw new FileProblem(`${where}.target must be one of ${TARGET_NAMES.join(', ')}`);
  const target = raw.target as Target;
  if (target === 'u' && !continuous(control)) throw new FileProblem(`${where}: u needs a knob, fader or stick (a "cc" or an "axis"), not ${describeControl(control)}`);
  return { control, target };
}

/** The set in `text`, or the first problem with it. */
export function parseControls(text: string): { set: ControlSet } | { error: string } {
  if (text.length > MAX_FILE_CHARS) return { error: `the file is ${text.length} characters, more than a mappings file's ${MAX_FILE_CHARS}` };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { error: `not JSON (${e instanceof Error ? e.message : String(e)})` };
  }
  try {
    if (!isRecord(json)) throw new FileProblem('not an object with "format", "version" and "mappings"');
    only(json, ['format', 'version', 'detent', 'mappings'], 'the file');
    if (json.format !== CONTROL_FORMAT) throw new FileProblem(`"format" must be "${CONTROL_FORMAT}"`);
    if (json.version !== CONTROL_VERSION) throw new FileProblem(`"version" ${JSON.stringify(json.version)?.slice(0, 20) ?? 'missing'} is not one this page reads (${CONTROL_VERSION})`);
    if (json.detent !== undefined && typeof json.detent !== 'boolean') throw new FileProblem('"detent" must be true or false');
    if (!Array.isArray(json.mappings)) throw new FileProblem('"mappings" must be a list');
    if (json.mappings.length > MAX_MAPPINGS) throw new FileProblem(`"mappings" has ${json.mappings.length} entries, more than ${MAX_MAPPINGS}`);
    const mappings = json.mappings.map((m: unknown, i: number) => parseMapping(m, `mappings[${i}]`));
    const seen = new Set<string>();
    mappings.forEach((m, i) => {
      const key = controlKey(m.control);
      if (seen.has(key)) throw new FileProblem(`mappings[${i}]: ${describeControl(m.control)} is mapped twice (a control does one thing)`);
      seen.add(key);
    });
    return { set: { detent: json.detent ?? false, mappings } };
  } catch (e) {
    if (e instanceof FileProblem) return { error: e.message };
    throw e;
  }
}
