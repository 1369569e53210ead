/** The view state (v2), its hash and JSON forms, keyframed schedules and the frame clock: pure logic, in Node. */
import { describe, expect, it } from 'vitest';
import { Clock, MAX_LIVE_DELTA } from '../../src/engine/clock';
import { applyEase, sampleU, samplePose, scheduleTime, smoothstep } from '../../src/spec/keyframes';
import { parsePreset, parseTalk, presetView } from '../../src/page/present/presets';
import { defaultState, scheduleDuration, STATE_VERSION, type AppState } from '../../src/spec/spec';
import { CODECS, STATE_KEYS, decodeHash, decodeStateJson, encodeHash, encodeStateJson, type StateKey } from '../../src/spec/codec';
import { parseUrlState } from '../../src/spec/url';
import { decodeProbeImage, encodeProbeImage, PROBE_CODE_LENGTH } from '../../src/spec/probe-code';

/** A state in which every field differs from the default. */
function everyFieldChanged(): AppState {
  return {
    version: STATE_VERSION,
    u: -0.35,
    uKeys: [
      { t: 0, u: 1, ease: 'linear' },
      { t: 8, u: 1, ease: 'smooth' },
      { t: 9, u: 0, ease: 'hold' },
      { t: 15.5, u: -1, ease: 'linear' },
    ],
    loop: true,
    dt: 0.125,
    particles: 4096,
    seed: 7,
    adaptive: false,
    targetFps: 30,
    lifetime: 3.5,
    trail: 12,
    colour: 'speed',
    particleSize: 0.011,
    bloom: 0,
    rollouts: 3,
    rolloutSteps: 12,
    rolloutDigits: [1, 3],
    ungrounded: true,
    clusters: false,
    paused: true,
    autoRotate: true,
    camera: { position: [1.25, -0.5, 2.75], target: [0.1, 0.2, -0.3] },
    cameraPath: [
      { t: 0, position: [0, 0.5, 3.6], target: [0, 0, 0], ease: 'smooth' },
      { t: 10, position: [1, 0.5, 3.4], target: [0.2, 0, 0], ease: 'linear' },
    ],
    backend: 'webgl',
    target: 7,
    probe: encodeProbeImage(Float32Array.from({ length: 784 }, (_, i) => ((i * 37) % 256) / 255)),
    probeView: { rotation: -12, scale: 1.25, shiftX: 2.5, shiftY: -1, intensity: 0.8, noise: 0.1, mask: 0.05 },
    ends: [-1, 42],
    from: 17,
    thresholdCurve: true,
  };
}

/** For each field: a value of the wrong kind and a value out of range, as hash text and as JSON. */
const INVALID: Record<StateKey, { text: string[]; json: unknown[] }> = {
  u: { text: ['2', 'abc', ''], json: ['1', 1.5, null] },
  uKeys: { text: ['0:2', '5:1,2:0', 'x:1', '0:1:wobble'], json: [[{ t: 0 }], [{ t: -1, u: 0 }], 'nope', [{ t: 0, u: 0, ease: 'wobble' }]] },
  loop: { text: ['maybe'], json: [1, 'true'] },
  dt: { text: ['0', '5'], json: [0.001, '0.05'] },
  particles: { text: ['12.5', '10', '1e9'], json: [12.5, 3_000_000] },
  seed: { text: ['-1', '0.5'], json: [-3, 1.5] },
  adaptive: { text: ['2'], json: [0] },
  targetFps: { text: ['5', '999'], json: [1000] },
  lifetime: { text: ['0', '100'], json: [0.1] },
  trail: { text: ['1', '3.5'], json: [64] },
  colour: { text: ['purple'], json: ['DIGIT', 3] },
  particleSize: { text: ['1'], json: [0] },
  bloom: { text: ['-1', '4'], json: [9] },
  rollouts: { text: ['31', '2.5'], json: [-1] },
  rolloutSteps: { text: ['0'], json: [31] },
  rolloutDigits: { text: ['10', '1,x'], json: [[12], [1.5], '1,2'] },
  ungrounded: { text: ['nah'], json: ['yes'] },
  clusters: { text: ['x'], json: [null] },
  paused: { text: ['x'], json: [{}] },
  autoRotate: { text: ['x'], json: [[]] },
  camera: { text: ['1,2,3', '1,2/3,4,5', '1,2,3/4,5,999'], json: [{ position: [0, 0, 1] }, { position: [0, 0], target: [0, 0, 0] }, [1, 2, 3]] },
  cameraPath: { text: ['0:1,2,3', '5:0,0,3/0,0,0;1:0,0,3/0,0,0'], json: [[{ t: 0, position: [0, 0, 3] }], {}] },
  backend: { text: ['vulkan'], json: ['WebGL', true] },
  target: { text: ['10', '-2', '3.5'], json: [12, '3'] },
  probe: { text: ['abc', 'A'.repeat(1045), `${'A'.repeat(1045)}=`], json: [3, 'A'.repeat(1047)] },
  probeView: { text: ['1,2,3', '0,1,0,0,1,0,0,9', '90,1,0,0,1,0,0'], json: [{ rotation: 90 }, { twist: 1 }, [0, 1, 0, 0, 1, 0, 0], { scale: '1' }] },
  ends: { text: ['1', '1,2,3', '-2,5', 'a,b'], json: [[1], [0.5, 2], '1,2'] },
  from: { text: ['-2', '1.5'], json: [100_000] },
  thresholdCurve: { text: ['open'], json: [1, 'true'] },
};

describe('view state', () => {
  it('round-trips every field through the URL hash', () => {
    const state = everyFieldChanged();
    const hash = encodeHash(state);
    expect(hash).toMatch(/^#v=2&/);
    for (const key of STATE_KEYS) expect(hash).toContain(`${key}=`);
    const { state: back, notices } = decodeHash(hash);
    expect(notices).toEqual([]);
    expect(back).toEqual(state);
  });

  it('writes only what differs from the base, readably', () => {
    const state = defaultState();
    expect(encodeHash(state)).toBe('');
    state.u = 0.5;
    state.camera = { position: [1, 2, 3], target: [0, 0, 0] };
    expect(encodeHash(state)).toBe('#v=2&u=0.5&camera=1,2,3/0,0,0');
  });

  it('round-trips every field through preset JSON', () => {
    const state = everyFieldChanged();
    const json = JSON.parse(JSON.stringify(encodeStateJson(state))) as unknown;
    const { state: back, notices, applied } = decodeStateJson(json);
    expect(notices).toEqual([]);
    expect(applied.sort()).toEqual([...STATE_KEYS].sort());
    expect(back).toEqual(state);
  });

  it('rejects each invalid field on its own, naming it, and keeps the rest', () => {
    for (const key of STATE_KEYS) {
      // A valid field beside the bad one, which must still load.
      const other = key === 'trail' ? 'rollouts' : 'trail';
      for (const text of INVALID[key].text) {
        const { state, notices } = decodeHash(`#${other}=20&${key}=${encodeURIComponent(text)}`);
        expect(notices, `${key}=${text}`).toHaveLength(1);
        expect(notices[0]).toContain(`${key}=`);
        expect(state[key]).toEqual(defaultState()[key]);
        expect(state[other]).toBe(20);
      }
      for (const value of INVALID[key].json) {
        const { state, notices } = decodeStateJson({ version: 2, [other]: 20, [key]: value }, undefined, 'preset x');
        expect(notices, `${key}: ${JSON.stringify(value)}`).toHaveLength(1);
        expect(notices[0]).toMatch(new RegExp(`^preset x: ${key}=`));
        expect(state[key]).toEqual(defaultState()[key]);
        expect(state[other]).toBe(20);
      }
    }
  });

  it('accepts every field at the ends of its range', () => {
    expect(CODECS.u.fromText('-1')).toEqual({ ok: true, value: -1 });
    expect(CODECS.particles.fromText('2000000')).toEqual({ ok: true, value: 2_000_000 });
    expect(CODECS.uKeys.fromText('')).toEqual({ ok: true, value: [] });
    expect(CODECS.uKeys.fromJson([{ t: 0, u: 0, ease: 'ease-in-out' }])).toEqual({ ok: true, value: [{ t: 0, u: 0, ease: 'smooth' }] });
  });

  it('reports unknown fields and a version it does not know, and still loads the rest', () => {
    const unknown = decodeHash('#u=0.25&wobble=3');
    expect(unknown.state.u).toBe(0.25);
    expect(unknown.notices).toEqual([expect.stringMatching(/"wobble" is not known/)]);
    const future = decodeStateJson({ version: 9, u: -0.5 });
    expect(future.state.u).toBe(-0.5);
    expect(future.notices[0]).toMatch(/version "9" is not one this page knows/);
  });

  it('migrates a version 1 object: its fields load, the new ones keep their defaults', () => {
    const v1 = { version: 1, u: -1, dt: 0.1, particles: 2048, adaptive: false, targetFps: 40, lifetime: 2, trail: 6, colour: 'speed', particleSize: 0.01, bloom: 0.2, rollouts: 5, rolloutSteps: 8, ungrounded: true, clusters: false, paused: false, autoRotate: true };
    const { state, notices } = decodeStateJson(v1);
    expect(notices).toEqual([]);
    expect(state).toEqual({ ...defaultState(), ...v1, version: 2 });
    const stray = decodeStateJson({ version: 1, u: 0.5, uKeys: [{ t: 0, u: 1 }] });
    expect(stray.state.u).toBe(0.5);
    expect(stray.state.uKeys).toEqual([]);
    expect(stray.notices).toEqual([expect.stringMatching(/"uKeys" is not known in version 1/)]);
  });

  it('never throws on fuzzed hashes and always gives a valid state', () => {
    let seed = 12345;
    const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const alphabet = '#&=%,:;/.-+eE0123456789abcuvxyz ~\u00e9\ud83d';
    const pieces = [...STATE_KEYS, 'v', 'version', '%', '%E0%A4%A', '&&', '==', '1e999', 'NaN', '-0', ':smooth', ',', ';', '/'];
    for (let i = 0; i < 3000; i++) {
      let hash = '#';
      const length = Math.floor(random() * 60);
      for (let k = 0; k < length; k++) hash += random() < 0.3 ? pieces[Math.floor(random() * pieces.length)] : alphabet[Math.floor(random() * alphabet.length)];
      const { state } = decodeHash(hash);
      // Whatever was read must itself round-trip: it is a valid state.
      expect(decodeHash(encodeHash(state)).state).toEqual(state);
    }
  });
});

describe('URL query', () => {
  it('reads the launch options for presets, talks, the autopilot and the clock', () => {
    expect(parseUrlState('?preset=counting-loop&fixedStep=1&frameRate=30').launch).toMatchObject({ preset: 'counting-loop', fixedStep: true, frameRate: 30 });
    expect(parseUrlState('?autopilot').launch.autopilot).toBe('gallery');
    expect(parseUrlState('?autopilot=my-show&dwell=5').launch).toMatchObject({ autopilot: 'my-show', dwell: 5 });
    expect(parseUrlState('?talk=latent-dynamics').launch.talk).toBe('latent-dynamics');
  });

  it('rejects a bad frame rate, preset name or dwell with a notice', () => {
    const { launch, notices } = parseUrlState('?frameRate=24&preset=../etc&dwell=-1');
    expect(launch).toMatchObject({ frameRate: 60, preset: null, dwell: null });
    expect(notices).toHaveLength(3);
    expect(notices[0]).toMatch(/frameRate="24" is not 30 or 60/);
  });
});

describe('keyframes', () => {
  const keys = [
    { t: 0, u: 1, ease: 'linear' as const },
    { t: 8, u: 1, ease: 'smooth' as const },
    { t: 9, u: 0, ease: 'linear' as const },
    { t: 15, u: 0, ease: 'smooth' as const },
    { t: 16, u: -1, ease: 'hold' as const },
    { t: 24, u: 1, ease: 'linear' as const },
  ];

  it('eases: linear is straight, smoothstep starts and lands gently, hold stays', () => {
    expect(applyEase('linear', 0.25)).toBe(0.25);
    expect(smoothstep(0)).toBe(0);
    expect(smoothstep(0.5)).toBe(0.5);
    expect(smoothstep(1)).toBe(1);
    expect(smoothstep(0.1)).toBeLessThan(0.1);
    expect(smoothstep(0.9)).toBeGreaterThan(0.9);
    expect(applyEase('hold', 0.99)).toBe(0);
  });

  it('plays "forward 8 s, rest 6 s, backward 8 s"', () => {
    expect(sampleU(keys, 4, false)).toBe(1);
    expect(sampleU(keys, 8.5, false)).toBeCloseTo(0.5, 10);
    expect(sampleU(keys, 8.25, false)).toBeGreaterThan(0.75);
    expect(sampleU(keys, 12, false)).toBe(0);
    expect(sampleU(keys, 15.5, false)).toBeCloseTo(-0.5, 10);
    expect(sampleU(keys, 20, false)).toBe(-1);
  });

  it('holds the first and last keys outside the schedule and wraps when looping', () => {
    expect(sampleU(keys, -3, false)).toBe(1);
    expect(sampleU(keys, 100, false)).toBe(1);
    expect(sampleU(keys, 24 + 12, true)).toBe(0);
    expect(scheduleTime(50, 24, true)).toBe(2);
    expect(scheduleTime(50, 0, true)).toBe(50);
  });

  it('gives no value without keys and jumps at equal times', () => {
    expect(sampleU([], 3, false)).toBeNull();
    const jump = [
      { t: 0, u: 0, ease: 'linear' as const },
      { t: 2, u: 0, ease: 'linear' as const },
      { t: 2, u: 1, ease: 'linear' as const },
    ];
    expect(sampleU(jump, 1.999, false)).toBe(0);
    expect(sampleU(jump, 2, false)).toBe(1);
  });

  it('moves the camera along its path', () => {
    const path = [
      { t: 0, position: [0, 0, 4] as [number, number, number], target: [0, 0, 0] as [number, number, number], ease: 'linear' as const },
      { t: 10, position: [2, 0, 4] as [number, number, number], target: [1, 0, 0] as [number, number, number], ease: 'linear' as const },
    ];
    expect(samplePose(path, 5, false)).toEqual({ position: [1, 0, 4], target: [0.5, 0, 0] });
    expect(samplePose([], 5, false)).toBeNull();
    expect(scheduleDuration({ ...defaultState(), uKeys: keys, cameraPath: path })).toBe(24);
    expect(scheduleDuration(defaultState())).toBeNull();
  });
});

describe('frame clock', () => {
  it('advances exactly 1/frameRate per fixed-step frame, however the wall clock runs', () => {
    const clock = new Clock('fixed', 30);
    const deltas = [clock.advance(0), clock.advance(5000), clock.advance(5001)];
    expect(deltas).toEqual([1 / 30, 1 / 30, 1 / 30]);
    for (let i = 3; i < 300; i++) clock.advance();
    expect(clock.frame).toBe(300);
    // Computed from the frame count, not summed: exactly 10 s.
    expect(clock.time).toBe(10);
    expect(new Clock('fixed', 60).fixedDelta).toBe(1 / 60);
  });

  it('follows wall time live, capping a stall', () => {
    const clock = new Clock('live', 60);
    expect(clock.advance(1000)).toBe(1 / 60);
    expect(clock.advance(1020)).toBeCloseTo(0.02, 10);
    expect(clock.advance(9000)).toBe(MAX_LIVE_DELTA);
    expect(clock.time).toBeCloseTo(1 / 60 + 0.02 + MAX_LIVE_DELTA, 10);
  });

  it('refuses a frame rate that is not a positive number', () => {
    expect(() => new Clock('fixed', 0)).toThrow(/positive/);
  });
});

describe('preset files', () => {
  it('validates a preset and lays its view over the defaults', () => {
    const { preset, notices } = parsePreset('p', { title: 'T', caption: 'C', view: { version: 2, u: 0, bloom: 'lots' }, extra: 1 });
    expect(notices).toEqual([expect.stringMatching(/"extra" is not known/)]);
    const view = presetView(preset!);
    expect(view.state.u).toBe(0);
    expect(view.state.bloom).toBe(defaultState().bloom);
    expect(view.notices).toEqual([expect.stringMatching(/^preset p: bloom="lots"/)]);
  });

  it('gives null with a notice for a file that is no preset or no talk', () => {
    expect(parsePreset('p', [1, 2]).preset).toBeNull();
    expect(parsePreset('p', { title: 'no view' }).notices[0]).toMatch(/no "view"/);
    expect(parseTalk('t', { steps: [] }).talk).toBeNull();
    const talk = parseTalk('t', { steps: ['map', { preset: '../x' }, { preset: 'attractors', transition: 99 }] });
    expect(talk.talk!.steps.map((s) => s.preset)).toEqual(['map', 'attractors']);
    expect(talk.notices).toHaveLength(2);
  });
});

describe('probe codes', () => {
  it('round-trips a digit to within a byte, in base64url of a fixed length', () => {
    const image = Float32Array.from({ length: 784 }, (_, i) => (Math.sin(i) + 1) / 2);
    const code = encodeProbeImage(image);
    expect(code).toHaveLength(PROBE_CODE_LENGTH);
    expect(code).toMatch(/^[A-Za-z0-9_-]+$/);
    const back = decodeProbeImage(code)!;
    expect(back).toHaveLength(784);
    for (let i = 0; i < 784; i++) expect(Math.abs(back[i]! - image[i]!)).toBeLessThanOrEqual(0.5 / 255 + 1e-6);
    expect(encodeProbeImage(back)).toBe(code);
  });

  it('clamps what is not a pixel value and refuses what is not a code', () => {
    const odd = new Float32Array(784).fill(NaN);
    odd[0] = 2;
    odd[1] = -1;
    const back = decodeProbeImage(encodeProbeImage(odd))!;
    expect([back[0], back[1], back[2]]).toEqual([1, 0, 0]);
    expect(() => encodeProbeImage(new Float32Array(10))).toThrow(/784/);
    expect(decodeProbeImage('')).toBeNull();
    expect(decodeProbeImage('A'.repeat(PROBE_CODE_LENGTH - 1))).toBeNull();
    expect(decodeProbeImage(`${'A'.repeat(PROBE_CODE_LENGTH - 1)}+`)).toBeNull();
  });
});
