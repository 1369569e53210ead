/** Where the burned-in overlays of a recorded frame go (src/page/record/overlay-layout.ts): pure layout, no browser. */
import * as THREE from 'three';
import { describe, expect, it } from 'vitest';
import { projectCentres } from '../../src/page/record/overlay-compositor';
import { layoutCaption, layoutStrip, MIN_SCALE, overlayScale, placeLabels, stripTrack, wrapText } from '../../src/page/record/overlay-layout';
import type { RolloutSet, RolloutTrack } from '../../src/engine/rollouts/rollout-runner';

const HD = { width: 1920, height: 1080 };
const UHD = { width: 3840, height: 2160 };

/** A font whose every character is half its size wide: enough to test wrapping and scaling. */
const measure = (line: string, px = 10) => line.length * px * 0.5;

function track(mode: RolloutTrack['mode'], labels: number[] | null, steps = labels?.length ?? 3): RolloutTrack {
  return { mode, start: 0, positions: new Float32Array(steps * 3), images: new Float32Array(steps * 784), labels: labels && Int32Array.from(labels), confidences: null, latents: new Float32Array(steps * 64), controls: new Float32Array(Math.max(0, steps - 1)).fill(1), offManifold: null };
}

describe('centroid label positions', () => {
  it('maps projected points to frame pixels, top left origin, y down', () => {
    const placed = placeLabels(
      [
        { x: 0, y: 0, z: 0.5 },
        { x: -0.5, y: 0.5, z: 0 },
        { x: 1, y: -1, z: 0.9 },
      ],
      HD,
    );
    expect(placed).toEqual([
      { digit: 0, x: 960, y: 540 },
      { digit: 1, x: 480, y: 270 },
      { digit: 2, x: 1920, y: 1080 },
    ]);
  });

  it('skips centres behind the camera, far off screen or not finite, keeping each label its digit', () => {
    const placed = placeLabels(
      [
        { x: 0, y: 0, z: 1.2 },
        { x: 1.5, y: 0, z: 0.5 },
        { x: 0, y: -1.1, z: 0.5 },
        { x: Number.NaN, y: 0, z: 0.5 },
        { x: 0.2, y: 0.2, z: 0.5 },
      ],
      HD,
    );
    expect(placed.map((p) => p.digit)).toEqual([4]);
  });

  it('projects through a real camera: in front lands on screen, behind is skipped', () => {
    const camera = new THREE.PerspectiveCamera(45, HD.width / HD.height, 0.01, 100);
    camera.position.set(0, 0, 3);
    camera.lookAt(0, 0, 0);
    camera.updateMatrixWorld();
    // Digit 0 at the origin (straight ahead), digit 1 up and right of it, digit 2 behind the camera.
    const points = projectCentres(Float32Array.from([0, 0, 0, 0.5, 0.5, 0, 0, 0, 5]), camera);
    const placed = placeLabels(points, HD);
    expect(placed.map((p) => p.digit)).toEqual([0, 1]);
    expect(placed[0]!.x).toBeCloseTo(960, 6);
    expect(placed[0]!.y).toBeCloseTo(540, 6);
    expect(placed[1]!.x).toBeGreaterThan(960);
    expect(placed[1]!.y).toBeLessThan(540);
  });
});

describe('text scale', () => {
  it('follows the frame height, so 4K is exactly twice 1080p', () => {
    expect(overlayScale({ width: 1280, height: 720 })).toBe(1);
    expect(overlayScale(HD)).toBe(1.5);
    expect(overlayScale(UHD)).toBe(2 * overlayScale(HD));
  });

  it('is limited by the width in portrait and square frames, and never below the readable minimum', () => {
    expect(overlayScale({ width: 1080, height: 1920 })).toBeCloseTo(1080 / 1280, 9);
    expect(overlayScale({ width: 1080, height: 1080 })).toBeCloseTo(1080 / 1280, 9);
    expect(overlayScale({ width: 320, height: 240 })).toBe(MIN_SCALE);
  });

  it('lays the strip out at 4K as 1080p scaled by two', () => {
    const hd = layoutStrip(6, HD)!;
    const uhd = layoutStrip(6, UHD)!;
    expect(uhd.labelPx).toBe(2 * hd.labelPx);
    uhd.cells.forEach((cell, i) => {
      const small = hd.cells[i]!;
      expect([cell.x, cell.y, cell.width, cell.height]).toEqual([2 * small.x, 2 * small.y, 2 * small.width, 2 * small.height]);
    });
  });
});

describe('rollout strip', () => {
  it('runs along the bottom, centred, one cell per step with an arrow between each pair', () => {
    const strip = layoutStrip(11, HD)!;
    expect(strip.cells).toHaveLength(11);
    expect(strip.arrows).toHaveLength(10);
    expect(strip.box.x + strip.box.width / 2).toBeCloseTo(HD.width / 2, 6);
    expect(strip.box.y + strip.box.height).toBeLessThan(HD.height);
    expect(strip.box.y).toBeGreaterThan(HD.height * 0.8);
    strip.arrows.forEach((a, i) => {
      expect(a.x).toBeGreaterThan(strip.cells[i]!.x + strip.cells[i]!.width);
      expect(a.x).toBeLessThan(strip.cells[i + 1]!.x);
    });
  });

  it('shrinks to fit a narrow frame', () => {
    const strip = layoutStrip(21, { width: 1080, height: 1920 })!;
    expect(strip.box.x).toBeGreaterThanOrEqual(0);
    expect(strip.box.x + strip.box.width).toBeLessThanOrEqual(1080);
    expect(strip.cells[0]!.width).toBeLessThan(layoutStrip(3, { width: 1080, height: 1920 })!.cells[0]!.width);
  });

  it('is absent with no steps', () => {
    expect(layoutStrip(0, HD)).toBeNull();
  });

  it('shows the grounded rollout the HUD shows: the one starting at 3, else the first grounded', () => {
    const set = (tracks: RolloutTrack[]): RolloutSet => ({ u: 1, target: null, steps: 2, tracks, ms: 0 });
    const ungrounded = track('ungrounded', [3, 4, 5]);
    const one = track('grounded', [1, 2, 3]);
    const three = track('grounded', [3, 4, 5]);
    expect(stripTrack(set([ungrounded, one, three]))).toBe(three);
    expect(stripTrack(set([ungrounded, one]))).toBe(one);
    expect(stripTrack(set([ungrounded]))).toBeNull();
    expect(stripTrack(null)).toBeNull();
  });
});

describe('caption', () => {
  const caption = { title: 'The counting loop', text: 'At u = +1 every digit flows to the next one. '.repeat(6).trim(), step: '3 / 7' };

  it('wraps words to the width it is given', () => {
    expect(wrapText('aa bb cc dd', 5 * 5, (l) => measure(l))).toEqual(['aa bb', 'cc dd']);
    expect(wrapText('  ', 100, (l) => measure(l))).toEqual([]);
    // A word wider than the line gets a line of its own rather than vanishing.
    expect(wrapText('a verylongword b', 20, (l) => measure(l))).toEqual(['a', 'verylongword', 'b']);
  });

  it('sits centred above the strip, within the page max width, with every line inside its box', () => {
    const strip = layoutStrip(11, HD)!;
    const layout = layoutCaption(caption, HD, strip.box.y, measure);
    expect(layout.box.y + layout.box.height).toBeLessThan(strip.box.y);
    expect(layout.box.width).toBeLessThanOrEqual(760 * overlayScale(HD));
    expect(layout.box.x + layout.box.width / 2).toBeCloseTo(HD.width / 2, 6);
    expect(layout.text.length).toBeGreaterThan(1);
    for (const line of [...layout.title, ...layout.text]) {
      expect(line.y).toBeGreaterThan(layout.box.y);
      expect(line.y).toBeLessThan(layout.box.y + layout.box.height);
    }
    expect(layout.step.text).toBe('3 / 7');
  });

  it('scales with the frame: same lines at 4K as at 1080p, twice the size', () => {
    const hd = layoutCaption(caption, HD, null, measure);
    const uhd = layoutCaption(caption, UHD, null, measure);
    expect(uhd.text.map((l) => l.text)).toEqual(hd.text.map((l) => l.text));
    expect(uhd.textPx).toBe(2 * hd.textPx);
    expect(uhd.box.height).toBeCloseTo(2 * hd.box.height, 6);
  });
});
