import { describe, expect, it } from 'vitest';
import { HOLD_SECONDS, SECONDS_PER_STEP, storyBeat, turnOrder } from '../../src/engine/layers/story-beat';
import { fillFigures } from '../../src/page/stage/figures';
import { liveCaption, regimeOf } from '../../src/page/stage/live-caption';
import { needsOwnPage } from '../../src/page/present/scene-link';
import type { ManifoldStageFigures } from '../../src/model/stage-figures';
import type { Preset } from '../../src/page/present/presets';

const figures: ManifoldStageFigures = { seed: 3, grounded: { forward: 0.9083, backward: 0.9159 }, ungrounded: { forward: 0.2817, backward: 0.2885 }, crossings: { forward: 0.7742, backward: 0.7666 } };

describe('one story at a time', () => {
  it('starts from the 1 and goes round the digits', () => {
    expect(turnOrder([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 0]);
    expect(turnOrder([9, null, 1])).toEqual([2, 0, 1]);
  });

  it('moves the head one state per step time, holds at the end, then hands over', () => {
    const order = [4, 7];
    expect(storyBeat(0, order, 10)).toEqual({ start: 4, position: 0, reached: 0 });
    const mid = storyBeat(2.5 * SECONDS_PER_STEP, order, 10)!;
    expect(mid.start).toBe(4);
    expect(mid.position).toBeCloseTo(2.5);
    expect(mid.reached).toBe(2);
    const held = storyBeat(10 * SECONDS_PER_STEP + HOLD_SECONDS / 2, order, 10)!;
    expect(held).toMatchObject({ start: 4, position: 10, reached: 10 });
    expect(storyBeat(10 * SECONDS_PER_STEP + HOLD_SECONDS + 0.01, order, 10)!.start).toBe(7);
    expect(storyBeat(2 * (10 * SECONDS_PER_STEP + HOLD_SECONDS) + 0.01, order, 10)!.start).toBe(4);
  });

  it('has nothing to show without rollouts or a finite clock', () => {
    expect(storyBeat(3, [], 10)).toBeNull();
    expect(storyBeat(Number.NaN, [1], 10)).toBeNull();
  });
});

describe('captions quote eval', () => {
  it('fills the figures of the manifold on screen, rounded for people', () => {
    const text = 'reads right {ungrounded.forward}; re-grounded, {grounded.forward}; threshold {threshold.backward} to {threshold.forward}, on the {manifold} manifold';
    expect(fillFigures(text, figures, 'label-free')).toBe('reads right 28%; re-grounded, 91%; threshold −0.77 to +0.77, on the label-free manifold');
  });

  it('shows a dash, and says so, where eval has no figure', () => {
    const missing: string[] = [];
    expect(fillFigures('{grounded.backward} of steps', null, 'x', (p) => missing.push(p))).toBe('– of steps');
    expect(missing).toEqual(['{grounded.backward}']);
  });

  it('follows u through the three regimes at the measured crossings', () => {
    expect(regimeOf(1, figures)).toBe('up');
    expect(regimeOf(0.7, figures)).toBe('rest');
    expect(regimeOf(-0.8, figures)).toBe('down');
    expect(regimeOf(0.96, null)).toBe('up');
    expect(liveCaption('rest').text).toContain('{threshold.forward}');
  });
});

describe('a preset on another manifold gets a page of its own', () => {
  const preset = (manifold: string | null, scene: 'counting' | 'rotation' = 'counting'): Preset => ({ name: 'p', title: '', caption: '', scene, view: {}, manifold });
  it('when it names a manifold the page is not on', () => {
    expect(needsOwnPage(preset('ssl'), null, false)).toBe(true);
    expect(needsOwnPage(preset('ssl'), 'ssl', true)).toBe(false);
  });
  it('in a talk, a preset without one goes back to the default manifold; on its own it keeps the page’s', () => {
    expect(needsOwnPage(preset(null), 'ssl', true)).toBe(true);
    expect(needsOwnPage(preset(null), 'ssl', false)).toBe(false);
    expect(needsOwnPage(preset(null), null, true)).toBe(false);
  });
  it('always for another scene', () => {
    expect(needsOwnPage(preset(null, 'rotation'), null, false)).toBe(true);
  });
});
