/**
 * Codecs of the exploration's fields (the probe, its sliders, the interpolation's ends), so a URL
 * or a preset reproduces an exploration. Each rejects what it cannot use with what it expected.
 */
import { IDENTITY_PROBE, PROBE_RANGES, type ProbeSettings } from '../model/probe-view';
import { bad, inRange, ok, textNumber, type FieldCodec, type Parsed } from './field-codec';
import { PROBE_CODE_LENGTH, PROBE_CODE_PATTERN } from './probe-code';

const PROBE_EXPECTED = `'' or a digit of ${PROBE_CODE_LENGTH} base64url characters`;
const probeCode = (v: string): Parsed<string> => (v === '' || PROBE_CODE_PATTERN.test(v) ? ok(v) : bad(PROBE_EXPECTED));
const probe: FieldCodec<string> = {
  fromJson: (v) => (typeof v === 'string' ? probeCode(v) : bad(PROBE_EXPECTED)),
  fromText: (t) => probeCode(t),
  toText: (v) => v,
};

const SLIDERS = Object.keys(IDENTITY_PROBE) as (keyof ProbeSettings)[];
const VIEW_EXPECTED = `${SLIDERS.join(',')} within ${SLIDERS.map((k) => `[${PROBE_RANGES[k][0]}, ${PROBE_RANGES[k][1]}]`).join(' ')}`;
function settings(values: readonly number[]): Parsed<ProbeSettings> {
  if (values.length !== SLIDERS.length || !SLIDERS.every((k, i) => inRange(values[i]!, [PROBE_RANGES[k][0], PROBE_RANGES[k][1]]))) return bad(VIEW_EXPECTED);
  return ok(Object.fromEntries(SLIDERS.map((k, i) => [k, values[i]!])) as unknown as ProbeSettings);
}
const probeView: FieldCodec<ProbeSettings> = {
  fromJson: (v) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return bad(VIEW_EXPECTED);
    const record = v as Record<string, unknown>;
    if (Object.keys(record).some((k) => !(SLIDERS as string[]).includes(k))) return bad(VIEW_EXPECTED);
    const values = SLIDERS.map((k) => record[k] ?? IDENTITY_PROBE[k]);
    return values.every((x) => typeof x === 'number') ? settings(values as number[]) : bad(VIEW_EXPECTED);
  },
  fromText: (t) => settings(t.split(',').map(textNumber)),
  toText: (s) => SLIDERS.map((k) => s[k]).join(','),
};

const ENDS_EXPECTED = 'none or two map digit indices (-1: the probe)';
const endList = (v: readonly number[]): Parsed<number[]> =>
  v.length === 0 || (v.length === 2 && v.every((x) => inRange(x, [-1, 99_999], true))) ? ok([...v]) : bad(ENDS_EXPECTED);
const ends: FieldCodec<number[]> = {
  fromJson: (v) => (Array.isArray(v) && v.every((x) => typeof x === 'number') ? endList(v as number[]) : bad(ENDS_EXPECTED)),
  fromText: (t) => (t.trim() === '' ? ok([]) : endList(t.split(',').map(textNumber))),
  toText: (v) => v.join(','),
};

export const EXPLORE_CODECS = { probe, probeView, ends };
