/**
 * The embedding protocol's parser (src/page/embed/protocol.ts) and the ?embed= / ?origins= URL
 * parameters (src/spec/embed-origins.ts, src/spec/url.ts). Named cases pin each kind of refusal
 * to its code and wording; a seeded fuzzer, as tests/unit/fuzz-inputs.test.ts does for files and
 * URLs, throws hostile variants of every valid message (and plain garbage) at the parser: it never
 * throws, every refusal names what is wrong in a short message, and everything it accepts is a
 * command whose values are in range.
 */
import { describe, expect, it } from 'vitest';
import { COMMAND_TYPES, PROTOCOL_VERSION, describeValue, envelope, parseMessage, type Command, type Parsed } from '../../src/page/embed/protocol';
import { MAX_ORIGINS, canonicalOrigin, parseOrigins } from '../../src/spec/embed-origins';
import { parseUrlState } from '../../src/spec/url';
import { createRng, mutateJson, mutateText, pick, type Json } from '../../harness/mutate';

const VALID: Json[] = [
  { latentflow: 1, type: 'hello' },
  { latentflow: 1, type: 'setU', u: 0.5, id: 'slider' },
  { latentflow: 1, type: 'setU', u: -1 },
  { latentflow: 1, type: 'preset', name: 'counting-backward', id: 7 },
  { latentflow: 1, type: 'step', index: 2 },
  { latentflow: 1, type: 'play' },
  { latentflow: 1, type: 'pause', id: 'p' },
  { latentflow: 1, type: 'rollout', digit: 3, id: 'roll-3' },
];

function refusal(parsed: Parsed): { code: string; message: string } {
  if (parsed.ok) throw new Error(`accepted ${JSON.stringify(parsed.command)}`);
  return { code: parsed.code, message: parsed.message };
}

/** What an accepted command must satisfy, whatever input it came from. */
function checkCommand(command: Command): void {
  expect(COMMAND_TYPES).toContain(command.type);
  if (command.type === 'setU') expect(Number.isFinite(command.u) && command.u >= -1 && command.u <= 1).toBe(true);
  if (command.type === 'rollout') expect(Number.isInteger(command.digit) && command.digit >= 0 && command.digit <= 9).toBe(true);
  if (command.type === 'step') expect(Number.isInteger(command.index) && command.index >= 0).toBe(true);
  if (command.type === 'preset') expect(command.name).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
}

describe('embed protocol: named cases', () => {
  it('reads every valid command, with its id', () => {
    expect(parseMessage(VALID[1])).toEqual({ ok: true, command: { type: 'setU', u: 0.5 }, id: 'slider' });
    expect(parseMessage(VALID[3])).toEqual({ ok: true, command: { type: 'preset', name: 'counting-backward' }, id: 7 });
    expect(parseMessage(VALID[7])).toEqual({ ok: true, command: { type: 'rollout', digit: 3 }, id: 'roll-3' });
    expect(parseMessage(VALID[0])).toEqual({ ok: true, command: { type: 'hello' }, id: null });
    for (const message of VALID) expect(parseMessage(message).ok, JSON.stringify(message)).toBe(true);
    expect(new Set(VALID.map((m) => (m as { type: string }).type))).toEqual(new Set(COMMAND_TYPES));
  });

  it('refuses what is not a message at all', () => {
    for (const data of [null, undefined, 3, 'setU', true, [1, 2], ['latentflow', 1]]) expect(refusal(parseMessage(data)).code, String(data)).toBe('not-a-message');
    expect(refusal(parseMessage({ type: 'setU', u: 0 })).message).toMatch(/must carry latentflow: 1/);
    expect(refusal(parseMessage({ latentflow: '1', type: 'play' })).code).toBe('not-a-message');
  });

  it('names a version it does not speak', () => {
    const { code, message } = refusal(parseMessage({ latentflow: 2, type: 'play', id: 'v' }));
    expect(code).toBe('version');
    expect(message).toBe('protocol version 2 is not spoken here; this page speaks version 1');
    expect((parseMessage({ latentflow: 2, type: 'play', id: 'v' }) as { id: unknown }).id).toBe('v');
  });

  it('lists the types it knows for an unknown one', () => {
    const { code, message } = refusal(parseMessage({ latentflow: 1, type: 'reload' }));
    expect(code).toBe('unknown-type');
    expect(message).toContain('hello, setU, preset, step, play, pause, rollout');
    // Inherited names are not command types.
    expect(refusal(parseMessage({ latentflow: 1, type: 'toString' })).code).toBe('unknown-type');
    expect(refusal(parseMessage({ latentflow: 1, type: '__proto__' })).code).toBe('unknown-type');
  });

  it('refuses bad values with the field, its range and what came', () => {
    const cases: [Json | Record<string, unknown>, RegExp][] = [
      [{ latentflow: 1, type: 'setU', u: NaN }, /^setU: u must be a number in \[-1, 1\], not NaN$/],
      [{ latentflow: 1, type: 'setU', u: 1.5 }, /not 1\.5$/],
      [{ latentflow: 1, type: 'setU', u: -Infinity }, /not -Infinity$/],
      [{ latentflow: 1, type: 'setU', u: '0.5' }, /not "0\.5"$/],
      [{ latentflow: 1, type: 'setU' }, /not missing$/],
      [{ latentflow: 1, type: 'rollout', digit: 10 }, /^rollout: digit must be a whole number 0\.\.9, not 10$/],
      [{ latentflow: 1, type: 'rollout', digit: 2.5 }, /not 2\.5$/],
      [{ latentflow: 1, type: 'step', index: -1 }, /^step: index must be a whole number from 0/],
      [{ latentflow: 1, type: 'preset', name: '../etc/passwd' }, /^preset: name must be a preset name/],
      [{ latentflow: 1, type: 'preset', name: 'x'.repeat(100_000) }, /not a text of 100000 characters$/],
      [{ latentflow: 1, type: 'play', speed: 2 }, /^play has no field "speed" \(its fields: none\)$/],
      [{ latentflow: 1, type: 'setU', u: 0, value: 0 }, /^setU has no field "value" \(its fields: u\)$/],
      [{ latentflow: 1, type: 'play', id: 'i'.repeat(65) }, /^id must be a text of at most 64 characters/],
      [{ latentflow: 1, type: 'play', id: { nested: true } }, /not a object$/],
      [Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, i])), /at most 8 fields, not 20/],
    ];
    for (const [data, pattern] of cases) {
      const { code, message } = refusal(parseMessage(data));
      expect(code, JSON.stringify(data).slice(0, 80)).toBe('bad-value');
      expect(message).toMatch(pattern);
      // A refusal never carries the offending text back: it stays short.
      expect(message.length).toBeLessThan(200);
    }
  });

  it('reads own fields only: a crafted prototype adds nothing', () => {
    const sneaky = Object.create({ latentflow: 1, type: 'setU', u: 0.3 }) as Record<string, unknown>;
    expect(refusal(parseMessage(sneaky)).code).toBe('not-a-message');
    const polluted = JSON.parse('{"latentflow":1,"type":"setU","__proto__":{"u":0.2}}') as unknown;
    expect(refusal(parseMessage(polluted)).message).toMatch(/no field "__proto__"/);
  });

  it('keeps the id of a refused message when it can be read, so the parent knows which one failed', () => {
    const parsed = parseMessage({ latentflow: 1, type: 'setU', u: 9, id: 'u-9' });
    expect(parsed).toMatchObject({ ok: false, code: 'bad-value', id: 'u-9', of: 'setU' });
  });

  it('wraps events in the envelope', () => {
    expect(envelope({ type: 'ok', of: 'play', id: 3 })).toEqual({ latentflow: PROTOCOL_VERSION, type: 'ok', of: 'play', id: 3 });
  });

  it('describes values briefly', () => {
    expect(describeValue('x'.repeat(1e6))).toBe('a text of 1000000 characters');
    expect(describeValue([1])).toBe('a list');
    expect(describeValue(undefined)).toBe('missing');
  });
});

describe('embed protocol: fuzzed', () => {
  const CASES = 400;
  const HOSTILE_VALUES: unknown[] = [NaN, Infinity, -0, 1e308, -1e-320, 2 ** 53, '', 'x'.repeat(70_000), [], {}, null, undefined, true, Symbol.iterator.description, new Date(0), new Uint8Array(4), () => 1];

  it('answers every hostile variant with a command in range or a short, coded error; never throws', () => {
    const rng = createRng(2501);
    const codes = new Set<string>();
    let accepted = 0;
    for (let k = 0; k < CASES; k++) {
      const base = pick(rng, VALID);
      const kind = rng.next();
      let input: unknown;
      if (kind < 0.6) input = mutateJson(base, rng);
      else if (kind < 0.8) {
        // A field set to a value JSON cannot hold (NaN, functions, typed arrays, undefined ...).
        const copy = { ...(base as Record<string, unknown>) };
        copy[pick(rng, ['latentflow', 'type', 'u', 'digit', 'index', 'name', 'id', 'extra'])] = pick(rng, HOSTILE_VALUES);
        input = copy;
      } else if (kind < 0.9) input = mutateText(JSON.stringify(base), rng);
      else input = pick(rng, HOSTILE_VALUES);
      let parsed: Parsed;
      try {
        parsed = parseMessage(input);
      } catch (e) {
        throw new Error(`case ${k} threw on ${String(JSON.stringify(input)).slice(0, 200)}: ${(e as Error).stack}`);
      }
      if (parsed.ok) {
        accepted++;
        checkCommand(parsed.command);
      } else {
        codes.add(parsed.code);
        expect(parsed.message.length, `case ${k}`).toBeGreaterThan(10);
        expect(parsed.message.length, `case ${k}`).toBeLessThan(200);
      }
    }
    // The fuzzer reached both sides and several kinds of refusal.
    expect(accepted).toBeGreaterThan(5);
    expect(codes.size).toBeGreaterThanOrEqual(4);
  });
});

describe('?embed= and ?origins=', () => {
  it('reads embed and a list of origins, canonical and once each', () => {
    const { launch, notices } = parseUrlState('?embed=1&origins=https://Slides.Example, http://localhost:8000/,https://slides.example:443');
    expect(launch.embed).toBe(true);
    expect(launch.origins).toEqual(['https://slides.example', 'http://localhost:8000']);
    expect(notices).toEqual([]);
    expect(parseUrlState('?embed').launch.embed).toBe(true);
    expect(parseUrlState('').launch).toMatchObject({ embed: false, origins: null });
  });

  it('leaves out what is not an http(s) origin, and falls back to the page\'s own origin when nothing is left', () => {
    for (const entry of ['*', 'null', 'file:///tmp/x', 'javascript:alert(1)', 'https://a.example/deck.html', 'https://a.example?x=1', 'https://user:pw@a.example', 'a.example', 'x'.repeat(300)]) {
      expect(canonicalOrigin(entry), entry).toBeNull();
    }
    const { launch, notices } = parseUrlState('?embed=1&origins=*,null');
    expect(launch.origins).toBeNull();
    expect(notices).toHaveLength(2);
    expect(notices[0]).toMatch(/origins: "\*" is not an http\(s\) origin/);
    expect(parseUrlState('?embed=yes please').notices[0]).toMatch(/embed="yes please" is not 0 or 1/);
    expect(parseUrlState('?origins=https://a.example').notices).toEqual(['URL parameter origins applies only with embed=1; ignored']);
  });

  it(`keeps at most ${MAX_ORIGINS} origins`, () => {
    const many = Array.from({ length: MAX_ORIGINS + 3 }, (_, i) => `https://s${i}.example`).join(',');
    const { origins, rejected } = parseOrigins(many);
    expect(origins).toHaveLength(MAX_ORIGINS);
    expect(rejected).toHaveLength(3);
  });

  it('never throws on a damaged query, and never reads an origin list as anyone', () => {
    const rng = createRng(2502);
    for (let k = 0; k < 200; k++) {
      const search = mutateText('?embed=1&origins=https://slides.example,http://127.0.0.1:5173&backend=wasm', rng);
      const { launch } = parseUrlState(search);
      for (const origin of launch.origins ?? []) expect(canonicalOrigin(origin), search).toBe(origin);
    }
  });
});
