/**
 * The spec's one field table (src/spec/fields.ts) feeds the codec, the URL query, the panel and
 * the keys: the query and the hash name every field alike, and the limits are the table's.
 */
import { describe, expect, it } from 'vitest';
import { CODECS, decodeHash, encodeHash } from '../../src/spec/codec';
import { FIELDS, LIMITS, STATE_KEYS, fieldForQuery, panelLabel, type Field } from '../../src/spec/fields';
import { DEFAULT_STATE, defaultState } from '../../src/spec/spec';
import { parseUrlState } from '../../src/spec/url';

describe('the spec field table', () => {
  it('has a row for every field of the default spec, and a codec for every row', () => {
    const fields = Object.keys(DEFAULT_STATE).filter((k) => k !== 'version').sort();
    expect([...STATE_KEYS].sort()).toEqual(fields);
    for (const key of STATE_KEYS) expect(CODECS[key], key).toBeDefined();
  });

  it('gives LIMITS exactly the number rows, and each default lies within its limits', () => {
    const numbers = STATE_KEYS.filter((k) => (FIELDS[k] as Field).kind === 'number');
    expect(Object.keys(LIMITS).sort()).toEqual([...numbers].sort());
    for (const key of numbers) {
      const [lo, hi] = LIMITS[key as keyof typeof LIMITS];
      const value = DEFAULT_STATE[key] as number;
      expect(value, key).toBeGreaterThanOrEqual(lo);
      expect(value, key).toBeLessThanOrEqual(hi);
    }
  });

  it('the codec refuses a number just past a table limit and keeps one on it', () => {
    const [lo, hi] = LIMITS.particles;
    expect(decodeHash(`#particles=${hi}`).applied).toEqual(['particles']);
    expect(decodeHash(`#particles=${hi + 1}`).notices[0]).toMatch(`[${lo}, ${hi}]`);
    expect(decodeHash(`#dt=${LIMITS.dt[1]}`).state.dt).toBe(LIMITS.dt[1]);
  });

  it('the query reads every field under the name the hash uses, and the other names too', () => {
    const cases: [string, string, unknown][] = [
      ['rolloutSteps', 'steps', 12],
      ['targetFps', 'fps', 30],
      ['particleSize', 'size', 0.01],
      ['colour', 'color', 'speed'],
    ];
    for (const [field, other, value] of cases) {
      expect(fieldForQuery(field)).toBe(field);
      expect(fieldForQuery(other)).toBe(field);
      const a = parseUrlState(`?${field}=${String(value)}`);
      const b = parseUrlState(`?${other}=${String(value)}`);
      expect(a.notices, field).toEqual([]);
      expect(a.patch).toEqual({ [field]: value });
      expect(b.patch).toEqual(a.patch);
    }
  });

  it('a view written as a hash reads back the same through the query', () => {
    const view = defaultState();
    Object.assign(view, { u: -0.5, rolloutSteps: 7, colour: 'speed', loop: true, uKeys: [{ t: 0, u: 1, ease: 'linear' }, { t: 8, u: 0, ease: 'smooth' }], rolloutDigits: [3, 5] });
    const hash = encodeHash(view);
    const fromQuery = parseUrlState(`?${hash.slice(1).replace(/^v=2&/, '')}`);
    expect(fromQuery.notices).toEqual([]);
    expect(fromQuery.state).toEqual(decodeHash(hash).state);
  });

  it('labels each panel control with its key', () => {
    expect(panelLabel('paused')).toBe('pause (space)');
    expect(panelLabel('ungrounded')).toBe('show ungrounded (g)');
    expect(panelLabel('u')).toBe('u (\u2190 \u2192)');
    expect(panelLabel('dt')).toBe('dt per frame');
  });
});
