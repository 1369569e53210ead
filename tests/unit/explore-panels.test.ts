/** What the explore panels say: figures read off the data on show, rounded for people. */
import { describe, expect, it } from 'vitest';
import type { RolloutSet, RolloutTrack } from '../../src/engine';
import { signedU, steerLines, summariseSteering } from '../../src/page/explore/steer-readout';
import { crossing } from '../../src/page/explore/threshold-chart';

function steeredSet(labels: number[], controls: number[], target: number | null): RolloutSet {
  const steps = labels.length - 1;
  const track: RolloutTrack = {
    mode: 'grounded',
    start: 0,
    positions: new Float32Array((steps + 1) * 3),
    images: new Float32Array(0),
    labels: Int32Array.from(labels),
    confidences: new Float32Array(steps + 1).fill(0.9),
    latents: new Float32Array(0),
    controls: Float32Array.from(controls),
    offManifold: null,
  };
  return { u: controls[0] ?? 0, target, steps, tracks: [track], ms: 1 };
}

describe('the steering readout', () => {
  it('reads the start, the digits passed, the arrival and the hold off the steered rollout', () => {
    const set = steeredSet([2, 3, 4, 5, 6, 7, 7, 7, 6, 7], [1, 1, 1, 1, 1, 0, 0, -1, 1], 7);
    const summary = summariseSteering(set)!;
    expect(summary).toEqual({ target: 7, start: 2, path: [2, 3, 4, 5, 6, 7], reached: 5, driveU: [1], after: 4, held: 3 });
    expect(steerLines(summary)).toEqual({
      title: 'Steering 2 \u2192 7',
      path: '2 \u2192 3 \u2192 4 \u2192 5 \u2192 6 \u2192 7',
      arrival: 'reached in 5 steps at u = +1',
      hold: 'then read as 7 on 3 of the next 4 steps',
    });
  });

  it('says when the target never came, and shows no readout for a set that holds u', () => {
    const never = summariseSteering(steeredSet([2, 1, 0, 9], [-1, -1, -1], 5))!;
    expect(never.reached).toBeNull();
    expect(steerLines(never).arrival).toBe('not read as 5 in 3 steps');
    expect(steerLines(never).hold).toBe('');
    expect(summariseSteering(steeredSet([2, 3], [1], null))).toBeNull();
    expect(summariseSteering(null)).toBeNull();
  });

  it('names a mixed drive by its range', () => {
    const mixed = summariseSteering(steeredSet([1, 0, 9, 8], [-1, -0.5, -1], 8))!;
    expect(steerLines(mixed).arrival).toBe('reached in 3 steps at u from \u22121 to \u22120.5');
  });

  it('writes u and the threshold crossings rounded, with a true minus sign', () => {
    expect(signedU(1)).toBe('+1');
    expect(signedU(0)).toBe('0');
    expect(signedU(-0.004)).toBe('0');
    expect(signedU(-0.5)).toBe('\u22120.5');
    expect(signedU(0.6129)).toBe('+0.61');
    expect(crossing(0.6129, '')).toBe('0.61');
    expect(crossing(0.657, '-')).toBe('\u22120.66');
    expect(crossing(null, '-')).toBe('never');
  });
});
