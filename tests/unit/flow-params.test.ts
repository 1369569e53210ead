/**
 * The engine's input and u (issue 24): FlowParams are checked (defaults, the field table's bounds,
 * a clear error for a value of the wrong kind) and never written to, frame after frame, while the
 * engine's own decisions (the ramped u, the budget's particle count) live on its side; u has one
 * range, one ramp and one way of being read.
 */
import { describe, expect, it } from 'vitest';
import { Emitter } from '../../src/engine/events';
import { FrameParams } from '../../src/engine/frame-params';
import { LIMITS } from '../../src/spec/fields';
import { DEFAULT_FLOW_PARAMS, FLOW_KEYS, flowParams, type FlowParams } from '../../src/spec/flow-params';
import { defaultState } from '../../src/spec/spec';
import { U_RAMP_PER_SECOND, U_RANGE, approachU, clampU, formatU, roundU, uShare } from '../../src/spec/u';

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) Object.values(value).forEach(deepFreeze);
  return Object.freeze(value);
}

describe('u', () => {
  it('has one range, shared with the field table', () => {
    expect(U_RANGE).toEqual([-1, 1]);
    expect(LIMITS.u).toBe(U_RANGE);
    expect([clampU(3), clampU(-3), clampU(0.3)]).toEqual([1, -1, 0.3]);
    expect([uShare(-1), uShare(0), uShare(1), uShare(9)]).toEqual([0, 0.5, 1, 1]);
  });

  it('is read on a grid of hundredths, clamped, with no negative zero', () => {
    expect(roundU(0.6129)).toBe(0.61);
    expect(roundU(-0.655)).toBe(-0.65);
    expect(Object.is(roundU(-0.004), 0)).toBe(true);
    expect(roundU(1.7)).toBe(1);
  });

  it('reads as people read it: fixed, signed or short, with a true minus sign', () => {
    expect(formatU(0.6129)).toBe('0.61');
    expect(formatU(-0.657)).toBe('\u22120.66');
    expect(formatU(0)).toBe('0.00');
    expect(formatU(0.6129, 'signed')).toBe('+0.61');
    expect(formatU(-0.004, 'signed')).toBe('0.00');
    expect(formatU(1, 'short')).toBe('+1');
    expect(formatU(-0.5, 'short')).toBe('\u22120.5');
    expect(formatU(-0.004, 'short')).toBe('0');
  });

  it('ramps towards the u asked for at the one rate, and arrives at once when told', () => {
    expect(approachU(-1, 1, 0.1)).toBeCloseTo(-1 + U_RAMP_PER_SECOND * 0.1);
    expect(approachU(0.9, 1, 1)).toBe(1);
    expect(approachU(0, 5, 10)).toBe(1);
    expect(approachU(-1, 1, Infinity)).toBe(1);
  });
});

describe('flowParams', () => {
  it('fills in the defaults and freezes the result, arrays too', () => {
    const p = flowParams();
    expect(p).toEqual(DEFAULT_FLOW_PARAMS);
    expect(Object.isFrozen(p)).toBe(true);
    expect(Object.isFrozen(p.rolloutDigits)).toBe(true);
    expect(flowParams(p)).toBe(p);
  });

  it('clamps numbers to the field table and rounds the whole ones', () => {
    const p = flowParams({ u: 4, dt: -1, particles: 10.6, trail: 99.2, rollouts: 3.4, bloom: 1.25 });
    expect(p).toMatchObject({ u: 1, dt: LIMITS.dt[0], particles: LIMITS.particles[0], trail: LIMITS.trail[1], rollouts: 3, bloom: 1.25 });
  });

  it('names the field of a value of the wrong kind', () => {
    expect(() => flowParams({ u: Number.NaN })).toThrow(/FlowParams\.u must be a finite number, not NaN/);
    expect(() => flowParams({ particles: '500' as unknown as number })).toThrow(/FlowParams\.particles .* not "500"/);
    expect(() => flowParams({ paused: 1 as unknown as boolean })).toThrow(/FlowParams\.paused must be true or false/);
    expect(() => flowParams({ colour: 'plaid' as FlowParams['colour'] })).toThrow(/FlowParams\.colour must be one of digit, speed/);
    expect(() => flowParams({ rolloutDigits: [3, 12] })).toThrow(/FlowParams\.rolloutDigits/);
  });

  it('takes a whole view spec, keeps only the engine fields and never writes to its argument', () => {
    const spec = deepFreeze({ ...defaultState(), u: -3, particles: 5, rolloutDigits: [3, 5] });
    const p = flowParams(spec);
    expect(Object.keys(p).sort()).toEqual([...FLOW_KEYS].sort());
    expect(p).toMatchObject({ u: -1, particles: LIMITS.particles[0], rolloutDigits: [3, 5] });
    expect(p.rolloutDigits).not.toBe(spec.rolloutDigits);
    expect(spec.u).toBe(-3);
  });
});

describe('what the engine makes of its params (FrameParams)', () => {
  it('runs frames on deep-frozen params, budget and all, writing nothing back', () => {
    const start = flowParams({ u: -1 });
    const frames = new FrameParams(start, 20_000);
    const given = deepFreeze({ ...defaultState(), u: 1, particles: 100_000, targetFps: 60, rolloutDigits: [1, 2] });
    const before = JSON.stringify(given);
    const counts: number[] = [];
    let time = 0;
    for (let i = 0; i < 240; i++) {
      frames.next(given, 1 / 60);
      time += 1 / 60;
      // A slow device: 40 ms frames against a 60 fps target.
      const next = frames.observe(40, time, false);
      if (next !== null) counts.push(next);
    }
    expect(JSON.stringify(given)).toBe(before);
    // The ramp reached the u asked for; the budget moved the count down on the engine's side only.
    expect(frames.u).toBe(1);
    expect(counts.length).toBeGreaterThan(0);
    expect(frames.count).toBe(counts.at(-1));
    expect(frames.count).toBeLessThan(20_000);
    expect(given.particles).toBe(100_000);
  });

  it('moves to a particle count asked for only when the ask changes', () => {
    const frames = new FrameParams(flowParams(), 20_000);
    frames.next(flowParams(), 1 / 60);
    // The default 100,000 was the ask at the start: the path's own 20,000 stands.
    expect(frames.count).toBe(20_000);
    frames.next({ particles: 5000 }, 1 / 60);
    expect(frames.count).toBe(5000);
    frames.next({ particles: 5000 }, 1 / 60);
    expect(frames.count).toBe(5000);
  });

  it('leaves the count alone in fixed-step mode, while paused or with the budget off', () => {
    for (const [params, fixed] of [[{ adaptive: false }, false], [{ paused: true }, false], [{}, true]] as const) {
      const frames = new FrameParams(flowParams(params), 20_000);
      for (let i = 0; i < 240; i++) expect(frames.observe(40, i / 60, fixed)).toBeNull();
    }
  });

  it('jumps u on request, for one frame', () => {
    const frames = new FrameParams(flowParams({ u: -1 }), 1000);
    frames.jumpU();
    frames.next({ u: 1 }, 1 / 60);
    expect(frames.u).toBe(1);
    frames.next({ u: -1 }, 1 / 60);
    expect(frames.u).toBeCloseTo(1 - U_RAMP_PER_SECOND / 60);
  });
});

describe('flow events', () => {
  it('tells each listener in order, lets one stop listening, and clears', () => {
    const events = new Emitter();
    const heard: string[] = [];
    const stop = events.on('particles', (n) => heard.push(`a${n}`));
    events.on('particles', (n) => heard.push(`b${n}`));
    events.emit('particles', 1);
    stop();
    events.emit('particles', 2);
    events.clear();
    events.emit('particles', 3);
    expect(heard).toEqual(['a1', 'b1', 'b2']);
  });
});
