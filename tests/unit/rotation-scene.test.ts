/**
 * The rotation scene's pure parts: its view (query and preset values, with a notice per bad
 * field), the bundle record's checks, and how a path's turns are measured for the strip.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { glyph } from '../../harness/glyph';
import { PIXELS } from '../../src/model/dataset';
import { rotateImage } from '../../src/model/rotation-measure';
import { measureTurns, rotationRollout } from '../../src/model/rotation-rollout';
import { parseRotationScene } from '../../src/model/rotation-scene';
import { parsePreset } from '../../src/page/present/presets';
import { DEFAULT_ROTATION_VIEW, decodeRotationView, encodeRotationView } from '../../src/spec/rotation-view';
import { parseUrlState } from '../../src/spec/url';

describe('rotation view', () => {
  it('reads query text and preset values, and writes back only what differs from the default', () => {
    const { view, notices } = decodeRotationView({ manifold: 'plain-ae', digit: '12', degrees: '-15', steps: 4, grounded: '0' });
    expect(notices).toEqual([]);
    expect(view).toEqual({ manifold: 'plain-ae', digit: 12, degrees: -15, steps: 4, grounded: false });
    const query = encodeRotationView(view);
    expect(query.get('scene')).toBe('rotation');
    expect(decodeRotationView(Object.fromEntries(query)).view).toEqual(view);
    expect(encodeRotationView(DEFAULT_ROTATION_VIEW).toString()).toBe('scene=rotation');
  });

  it('drops each bad field with a notice naming it and keeps the rest', () => {
    const { view, notices } = decodeRotationView({ manifold: '../x', digit: '1e9', degrees: 'NaN', steps: '2.5', grounded: 'maybe' }, DEFAULT_ROTATION_VIEW, 1000);
    expect(view).toEqual(DEFAULT_ROTATION_VIEW);
    expect(notices.map((n) => n.split(':')[1]!.trim().split('=')[0])).toEqual(['manifold', 'digit', 'degrees', 'steps', 'grounded']);
    expect(decodeRotationView({ digit: 999 }, DEFAULT_ROTATION_VIEW, 1000).notices).toEqual([]);
    expect(decodeRotationView({ digit: 10 }, DEFAULT_ROTATION_VIEW, 10).notices).toHaveLength(1);
    expect(decodeRotationView({ degrees: 31 }).notices).toHaveLength(1);
  });
});

describe('rotation scene record', () => {
  const digits = { file: '../data/x.u8', count: 2, labels: [0, 1], indices: [0, 0] };
  const manifold = (id: string) => ({ id, title: id, signal: 's', encoder: `${id}/encoder`, decoder: `${id}/decoder`, rotation: `${id}/rotation`, map: `${id}/m.f32` });
  const good = { max_rotation_deg: 30, scene: { references: digits, starts: digits, manifolds: ['ssl-no-rotation', 'plain-ae', 'ssl'].map(manifold) } };

  it('accepts a complete record and puts the manifolds in the experiment order', () => {
    expect(parseRotationScene(good).manifolds.map((m) => m.id)).toEqual(['plain-ae', 'ssl', 'ssl-no-rotation']);
  });

  it('says what is missing', () => {
    expect(() => parseRotationScene({ max_rotation_deg: 30 })).toThrow(/no "scene" section/);
    expect(() => parseRotationScene({ ...good, max_rotation_deg: -1 })).toThrow(/max_rotation_deg/);
    expect(() => parseRotationScene({ ...good, scene: { ...good.scene, starts: { ...digits, labels: [0] } } })).toThrow(/scene.starts/);
    expect(() => parseRotationScene({ ...good, scene: { ...good.scene, manifolds: good.scene.manifolds.slice(1) } })).toThrow(/no ssl-no-rotation/);
    expect(() => parseRotationScene({ ...good, scene: { ...good.scene, manifolds: [{ ...manifold('plain-ae'), map: 3 }, manifold('ssl'), manifold('ssl-no-rotation')] } })).toThrow(/plain-ae has no map/);
  });
});

describe('measuring a path for the strip', () => {
  it('reads the angles of a glyph turned as asked, and tells its own instance from another', () => {
    const start = glyph();
    const asked = [0, 10, 20, 30];
    const images = new Float32Array(asked.length * PIXELS);
    asked.forEach((a, k) => images.set(rotateImage(start, a), k * PIXELS));
    const exemplars = new Float32Array(2 * PIXELS);
    exemplars.set(glyph(0), 0);
    exemplars.set(glyph(5), PIXELS);
    const turned = measureTurns({ images, asked }, exemplars);
    turned.achieved.forEach((a, k) => expect(Math.abs(a - asked[k]!)).toBeLessThanOrEqual(2));
    expect(turned.kept).toEqual([true, true, true]);
    // A path that jumps to the other instance, upright: no turn, and snapped.
    images.set(glyph(5), 3 * PIXELS);
    const snapped = measureTurns({ images, asked }, exemplars);
    expect(snapped.kept).toEqual([true, true, false]);
  });

  it('rolls out on any models of the right shapes and refuses bad requests', async () => {
    await tf.setBackend('cpu');
    const encoder = tf.sequential({ layers: [tf.layers.flatten({ inputShape: [28, 28, 1] }), tf.layers.dense({ units: 4 })] });
    const decoder = tf.sequential({ layers: [tf.layers.dense({ units: PIXELS, inputShape: [4], activation: 'sigmoid' }), tf.layers.reshape({ targetShape: [28, 28, 1] })] });
    const dynamics = tf.sequential({ layers: [tf.layers.dense({ units: 4, inputShape: [5] })] });
    const models = { encoder, decoder, dynamics };
    const before = tf.memory().numTensors;
    const path = await rotationRollout(models, glyph(), 7.5, 3);
    expect(tf.memory().numTensors).toBe(before);
    expect(path.images).toHaveLength(4 * PIXELS);
    expect(path.latents).toHaveLength(4 * 4);
    expect(path.asked).toEqual([0, 7.5, 15, 22.5]);
    expect(path.images.every(Number.isFinite)).toBe(true);
    await expect(rotationRollout(models, glyph(), 45, 3)).rejects.toThrow(/outside/);
    await expect(rotationRollout(models, glyph(), 5, 0)).rejects.toThrow(/steps/);
    const bad = glyph();
    bad[3] = NaN;
    await expect(rotationRollout(models, bad, 5, 2)).rejects.toThrow(/finite/);
  });
});

describe('the way between the scenes', () => {
  it('reads ?step= (1-based) and ?scene=, naming a bad value', () => {
    expect(parseUrlState('?talk=latent-dynamics&step=3').launch.step).toBe(2);
    expect(parseUrlState('?talk=latent-dynamics').launch.step).toBe(0);
    expect(parseUrlState('?step=0').notices).toEqual([expect.stringMatching(/step="0"/)]);
    expect(parseUrlState('?scene=counting').notices).toEqual([]);
    expect(parseUrlState('?scene=spin').notices).toEqual([expect.stringMatching(/scene="spin" is not counting or rotation/)]);
  });

  it('keeps a preset of the rotation scene apart from the counting view, and refuses an unknown scene', () => {
    const rotation = parsePreset('r', { title: 'R', scene: 'rotation', view: { digit: 3 } });
    expect(rotation.notices).toEqual([]);
    expect(rotation.preset!.scene).toBe('rotation');
    expect(parsePreset('c', { title: 'C', view: {} }).preset!.scene).toBe('counting');
    const bad = parsePreset('b', { title: 'B', scene: 'spin', view: {} });
    expect(bad.preset).toBeNull();
    expect(bad.notices).toEqual([expect.stringMatching(/scene "spin"/)]);
  });
});
