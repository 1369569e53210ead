/** The steering controller's decisions (src/model/steer.ts) and the control figures' bookkeeping. */
import { describe, expect, it } from 'vitest';
import { controlTarget, reachStep } from '../../src/model/control-report';
import { bestHold, cycleSteps, cyclicDistance, STEER_POLICY, steerU } from '../../src/model/steer';

const policy = { drive: 1, hold: 0, lookahead: [] };

describe('steering decisions', () => {
  it('counts steps both ways round the 0..9 cycle', () => {
    expect(cycleSteps(3, 5)).toEqual({ forward: 2, backward: 8 });
    expect(cycleSteps(1, 9)).toEqual({ forward: 8, backward: 2 });
    expect(cycleSteps(4, 4)).toEqual({ forward: 0, backward: 0 });
    expect(cyclicDistance(9, 0)).toBe(1);
    expect(cyclicDistance(2, 7)).toBe(5);
  });

  it('drives the shorter way round at full drive', () => {
    expect(steerU(3, 5, policy)).toBe(1);
    expect(steerU(1, 9, policy)).toBe(-1);
    expect(steerU(9, 0, policy)).toBe(1);
    expect(steerU(0, 9, policy)).toBe(-1);
    expect(steerU(2, 6, { ...policy, drive: 0.97 })).toBe(0.97);
  });

  it('goes forward when both ways are as long', () => {
    expect(steerU(2, 7, policy)).toBe(1);
    expect(steerU(7, 2, policy)).toBe(1);
  });

  it('eases off to the hold value on arrival', () => {
    expect(steerU(6, 6, policy)).toBe(0);
    expect(steerU(6, 6, { ...policy, hold: 0.1 })).toBe(0.1);
    expect(Math.abs(STEER_POLICY.hold)).toBeLessThan(STEER_POLICY.drive);
  });

  it("picks each start's best-scoring hold candidate, the gentlest on a tie", () => {
    // 3 candidates x 2 starts, candidate-major: start 0 ties candidates 1 and 2, start 1 ties 0 and 1.
    const scores = Float32Array.from([-1, -0.5, -0.2, -0.5, -0.2, -3]);
    expect(Array.from(bestHold(scores, [0, 1, -1], 2))).toEqual([1, 0]);
    expect(Array.from(bestHold(Float32Array.from([-1, -1]), [0, 1], 1))).toEqual([0]);
  });
});

describe('control figures', () => {
  it('gives every start a target other than its digit, at every cyclic distance', () => {
    const distances = new Set<number>();
    for (let i = 0; i < 90; i++) {
      const label = Math.floor(i / 9) % 10;
      const t = controlTarget(label, i);
      expect(t).not.toBe(label);
      expect(t).toBeGreaterThanOrEqual(0);
      expect(t).toBeLessThan(10);
      distances.add(cyclicDistance(label, t));
    }
    expect([...distances].sort()).toEqual([1, 2, 3, 4, 5]);
  });

  it('finds the first step a start is read as its target, within the limit', () => {
    const labels = [Int32Array.from([1, 5]), Int32Array.from([2, 5]), Int32Array.from([3, 6])];
    expect(reachStep(labels, 0, 3, 10)).toBe(2);
    expect(reachStep(labels, 0, 3, 1)).toBe(-1);
    expect(reachStep(labels, 1, 5, 10)).toBe(0);
    expect(reachStep(labels, 1, 7, 10)).toBe(-1);
  });
});
