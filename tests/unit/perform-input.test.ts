/**
 * Live input's pure parts (src/page/perform/): a knob's 0..127 onto u, the smoothing and a stick's
 * rate, the mappings file (valid, broken, fuzzed), MIDI bytes, the defaults a device has until a
 * mapping is learned, and the performer that routes controls to u, presets and learn mode.
 */
import { describe, expect, it } from 'vitest';
import { createRng, mutateJson, mutateText, type Json } from '../../harness/mutate';
import { TargetIndex, controlKey, type Control, type ControlSet } from '../../src/page/perform/controls';
import { CONTROL_FORMAT, parseControls, serialiseControls } from '../../src/page/perform/control-file';
import { parseMidiMessage } from '../../src/page/perform/midi-input';
import { Performer, type PerformActions } from '../../src/page/perform/performer';
import { DETENT_HALF_WIDTH, SMOOTHING_SECONDS, ccToU, nudgeU, smoothTowards, stickRate } from '../../src/page/perform/u-input';
import { defaultState } from '../../src/spec/spec';

const cc = (number: number, channel = 1): Control => ({ device: 'midi', kind: 'cc', channel, number });
const note = (number: number, channel = 1): Control => ({ device: 'midi', kind: 'note', channel, number });
const axis = (index: number): Control => ({ device: 'gamepad', kind: 'axis', index });
const button = (index: number): Control => ({ device: 'gamepad', kind: 'button', index });

describe('a knob onto u', () => {
  it('maps 0, 64 and 127 to -1, 0 and +1, monotonic in between', () => {
    expect(ccToU(0)).toBe(-1);
    expect(ccToU(64)).toBe(0);
    expect(ccToU(127)).toBe(1);
    expect(ccToU(32)).toBeCloseTo(-0.5, 10);
    for (let v = 1; v <= 127; v++) expect(ccToU(v)).toBeGreaterThan(ccToU(v - 1));
    expect(ccToU(-5)).toBe(-1);
    expect(ccToU(500)).toBe(1);
  });

  it('rests on a detent over a few steps around it, and only there', () => {
    const threshold = 0.55;
    const near = Array.from({ length: 128 }, (_, v) => ccToU(v, [threshold])).filter((u) => u === threshold);
    expect(near.length).toBeGreaterThanOrEqual(4);
    expect(near.length).toBeLessThanOrEqual(6);
    expect(ccToU(127, [threshold])).toBe(1);
    expect(ccToU(64, [threshold, -0.6])).toBe(0);
    // Just outside the detent the knob reads as usual.
    const outside = Array.from({ length: 128 }, (_, v) => ccToU(v)).find((u) => u > threshold + DETENT_HALF_WIDTH)!;
    expect(ccToU(Math.round(64 + outside * 63), [threshold])).toBeCloseTo(outside, 10);
  });

  it('glides towards the knob, one time constant to 63%, never past it', () => {
    expect(smoothTowards(0, 1, SMOOTHING_SECONDS)).toBeCloseTo(1 - Math.exp(-1), 10);
    expect(smoothTowards(0, 1, 0)).toBe(0);
    expect(smoothTowards(0, 1, -1)).toBe(0);
    let u = -1;
    for (let i = 0; i < 60; i++) {
      const next = smoothTowards(u, 0.5, 1 / 60);
      expect(next).toBeGreaterThan(u);
      expect(next).toBeLessThanOrEqual(0.5);
      u = next;
    }
    expect(u).toBeCloseTo(0.5, 3);
  });

  it('reads a stick as a rate: nothing in the deadzone, full at full deflection, u kept in range', () => {
    expect(stickRate(0.1)).toBe(0);
    expect(stickRate(-0.1)).toBe(0);
    expect(stickRate(1)).toBe(1);
    expect(stickRate(-1)).toBe(-1);
    expect(stickRate(0.6)).toBeGreaterThan(0.4);
    expect(stickRate(Number.NaN)).toBe(0);
    expect(nudgeU(0, 1, 0.5)).toBeCloseTo(0.5, 10);
    expect(nudgeU(0.9, 1, 1)).toBe(1);
    expect(nudgeU(-0.9, -5, 1)).toBe(-1);
  });
});

const VALID: ControlSet = {
  detent: true,
  mappings: [
    { control: cc(21), target: 'u' },
    { control: note(36, 10), target: 'next' },
    { control: axis(2), target: 'u' },
    { control: button(3), target: 'blank' },
  ],
};

describe('the mappings file', () => {
  it('reads back what it writes', () => {
    const text = serialiseControls(VALID);
    expect(JSON.parse(text)).toMatchObject({ format: CONTROL_FORMAT, version: 1 });
    expect(parseControls(text)).toEqual({ set: VALID });
    expect(parseControls(JSON.stringify({ format: CONTROL_FORMAT, version: 1, mappings: [] }))).toEqual({ set: { detent: false, mappings: [] } });
  });

  it.each([
    ['{nope', /not JSON/],
    ['[]', /not an object/],
    [JSON.stringify({ format: 'other', version: 1, mappings: [] }), /"format" must be/],
    [JSON.stringify({ format: CONTROL_FORMAT, version: 2, mappings: [] }), /"version" 2 is not one/],
    [JSON.stringify({ format: CONTROL_FORMAT, version: 1, mappings: {} }), /"mappings" must be a list/],
    [JSON.stringify({ format: CONTROL_FORMAT, version: 1, mappings: [], extra: 1 }), /field "extra"/],
    [JSON.stringify({ format: CONTROL_FORMAT, version: 1, detent: 'yes', mappings: [] }), /"detent" must be true or false/],
    [JSON.stringify({ format: CONTROL_FORMAT, version: 1, mappings: [{ control: { ...cc(1), channel: 17 }, target: 'u' }] }), /mappings\[0\]\.control\.channel must be a whole number 1\.\.16/],
    [JSON.stringify({ format: CONTROL_FORMAT, version: 1, mappings: [{ control: { ...cc(1), number: 1.5 }, target: 'u' }] }), /number must be a whole number 0\.\.127/],
    [JSON.stringify({ format: CONTROL_FORMAT, version: 1, mappings: [{ control: { device: 'keyboard' }, target: 'u' }] }), /device must be "midi" or "gamepad"/],
    [JSON.stringify({ format: CONTROL_FORMAT, version: 1, mappings: [{ control: cc(1), target: 'explode' }] }), /target must be one of u, u-up/],
    [JSON.stringify({ format: CONTROL_FORMAT, version: 1, mappings: [{ control: note(1), target: 'u' }] }), /u needs a knob, fader or stick/],
    [JSON.stringify({ format: CONTROL_FORMAT, version: 1, mappings: [{ control: cc(1), target: 'u' }, { control: cc(1), target: 'next' }] }), /CC 1 \(ch 1\) is mapped twice/],
    [JSON.stringify({ format: CONTROL_FORMAT, version: 1, mappings: Array.from({ length: 300 }, (_, i) => ({ control: button(i % 64), target: 'next' })) }), /more than 256/],
    ['x'.repeat(70_000), /more than a mappings file/],
  ])('refuses %s with a message that names the problem', (text, message) => {
    const read = parseControls(text);
    expect('error' in read && read.error).toMatch(message);
  });

  it('answers a few hundred hostile variants without throwing', () => {
    const rng = createRng(25);
    const valid = JSON.parse(serialiseControls(VALID)) as Json;
    let accepted = 0;
    for (let i = 0; i < 300; i++) {
      const text = i % 3 === 0 ? mutateText(JSON.stringify(valid), rng) : JSON.stringify(mutateJson(valid, rng));
      const read = parseControls(text);
      if ('set' in read) {
        accepted++;
        // Whatever is taken is a set the page can use: it round-trips.
        expect(parseControls(serialiseControls(read.set))).toEqual(read);
      } else expect(read.error.length).toBeGreaterThan(5);
    }
    expect(accepted).toBeLessThan(300);
  });
});

describe('MIDI bytes', () => {
  it('reads control changes and notes on every channel, and ignores the rest', () => {
    expect(parseMidiMessage([0xb0, 21, 100])).toEqual({ kind: 'cc', channel: 1, number: 21, value: 100 });
    expect(parseMidiMessage([0x9f, 36, 90])).toEqual({ kind: 'note', channel: 16, number: 36, value: 90 });
    expect(parseMidiMessage([0x90, 36, 0])).toEqual({ kind: 'note', channel: 1, number: 36, value: 0 });
    expect(parseMidiMessage([0x83, 36, 64])).toEqual({ kind: 'note', channel: 4, number: 36, value: 0 });
    expect(parseMidiMessage([0xf8])).toBeNull();
    expect(parseMidiMessage([0xe0, 0, 64])).toBeNull();
    expect(parseMidiMessage([0xb0, 21])).toBeNull();
  });
});

describe('defaults until a mapping is learned', () => {
  it('any knob drives u and any key steps on; one learned MIDI mapping turns the MIDI defaults off', () => {
    const none = new TargetIndex([]);
    expect(none.target(cc(5), controlKey(cc(5)))).toBe('u');
    expect(none.target(note(60), controlKey(note(60)))).toBe('next');
    expect(none.target(axis(0), controlKey(axis(0)))).toBe('u');
    expect(none.target(button(5), controlKey(button(5)))).toBe('next');
    expect(none.target(button(9), controlKey(button(9)))).toBeNull();
    const learned = new TargetIndex([{ control: cc(20), target: 'previous' }]);
    expect(learned.target(cc(20), controlKey(cc(20)))).toBe('previous');
    expect(learned.target(cc(5), controlKey(cc(5)))).toBeNull();
    expect(learned.target(note(60), controlKey(note(60)))).toBeNull();
    // The gamepad keeps its own defaults.
    expect(learned.target(axis(0), controlKey(axis(0)))).toBe('u');
  });
});

function performer(set: ControlSet = { detent: false, mappings: [] }, detents: number[] = []) {
  const state = defaultState();
  const acted: string[] = [];
  const saved: ControlSet[] = [];
  const actions: PerformActions = {
    next: () => acted.push('next'),
    previous: () => acted.push('previous'),
    rollout: () => acted.push('rollout'),
    blank: () => acted.push('blank'),
    detents: () => detents,
  };
  const p = new Performer(state, set, actions, (s) => saved.push(s));
  const move = (control: Control, value: number) => p.handle(control, controlKey(control), value);
  const run = (seconds: number) => {
    for (let t = 0; t < seconds; t += 1 / 60) p.tick(1 / 60);
  };
  return { p, state, acted, saved, move, run };
}

describe('the performer', () => {
  it('glides u to a knob on the grid, and takes over from wherever a key left u', () => {
    const { p, state, move, run } = performer();
    state.u = 0;
    move(cc(7), 127);
    p.tick(1 / 60);
    expect(state.u).toBeGreaterThan(0);
    expect(state.u).toBeLessThan(1);
    run(1);
    expect(state.u).toBe(1);
    expect(p.busy).toBe(false);
    state.u = -1;
    move(cc(7), 96);
    p.tick(1 / 60);
    expect(state.u).toBeLessThan(-0.5);
    run(1);
    expect(state.u).toBeCloseTo(0.51, 10);
  });

  it('gives way when a preset or a key moves u during the glide, until the knob moves again', () => {
    const { p, state, move, run } = performer();
    state.u = -1;
    move(cc(7), 127);
    p.tick(1 / 60);
    expect(p.busy).toBe(true);
    state.u = 0.3;
    run(1);
    expect(state.u).toBe(0.3);
    expect(p.busy).toBe(false);
    move(cc(7), 0);
    run(1);
    expect(state.u).toBe(-1);
  });

  it('holds the knob on the threshold when the detent is on', () => {
    const { state, move, run } = performer({ detent: true, mappings: [] }, [0.55, -0.6]);
    move(cc(7), Math.round(64 + 0.57 * 63));
    run(1);
    expect(state.u).toBe(0.55);
  });

  it('moves u at a rate while a stick or trigger is held, and stops when let go', () => {
    const { p, state, move, run } = performer();
    state.u = 0;
    move(axis(0), 1);
    run(0.5);
    expect(state.u).toBeGreaterThan(0.4);
    expect(state.u).toBeLessThan(0.6);
    move(axis(0), 0.05);
    const held = state.u;
    run(0.5);
    expect(state.u).toBe(held);
    expect(p.busy).toBe(false);
    move(button(6), 1);
    run(2);
    expect(state.u).toBe(-1);
  });

  it('acts once per press: note on each time, a button or CC button on its way down only', () => {
    const { acted, move } = performer({ detent: false, mappings: [{ control: cc(20), target: 'rollout' }, { control: note(36), target: 'blank' }] });
    move(cc(20), 127);
    move(cc(20), 127);
    move(cc(20), 0);
    move(cc(20), 127);
    move(note(36), 100);
    move(note(36), 100);
    expect(acted).toEqual(['rollout', 'rollout', 'blank', 'blank']);
  });

  it('learns the next deliberate movement, saves it, and the control then drives its new target', () => {
    const { p, acted, saved, state, move, run } = performer();
    p.learn('next');
    expect(p.learningTarget).toBe('next');
    // A knob moved below half way is not a press: still learning.
    move(cc(20), 10);
    expect(p.learningTarget).toBe('next');
    move(cc(20), 127);
    expect(p.learningTarget).toBeNull();
    expect(acted).toEqual([]);
    expect(saved.at(-1)?.mappings).toEqual([{ control: cc(20), target: 'next' }]);
    move(cc(20), 0);
    move(cc(20), 127);
    expect(acted).toEqual(['next']);
    // A MIDI mapping learned: unmapped knobs no longer drive u.
    state.u = 0;
    move(cc(21), 127);
    run(0.5);
    expect(state.u).toBe(0);
    // u wants a knob: a key press does not take it.
    p.learn('u');
    move(note(40), 100);
    expect(p.learningTarget).toBe('u');
    move(cc(30), 64);
    expect(p.controls.mappings.map((m) => [controlKey(m.control), m.target])).toEqual([
      ['midi:cc:1:20', 'next'],
      ['midi:cc:1:30', 'u'],
    ]);
  });
});
