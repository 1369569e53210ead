/** The rotation map's camera search (src/page/rotation/view-search.ts). */
import * as THREE from 'three';
import { describe, expect, it } from 'vitest';
import { fibonacciDirections, frameMap, freeArea, projectPoint, type Rect, type Vec3 } from '../../src/page/rotation/view-search';

const viewport = { width: 1920, height: 1080, fovDeg: 45 };
const free: Rect = { left: 960, top: 60, right: 1900, bottom: 1060 };

/** Ten centres strung along z with a little sideways spread: seen head-on they pile up. */
function column(): Float32Array {
  const out = new Float32Array(30);
  for (let d = 0; d < 10; d++) out.set([0.05 * Math.cos(d), 0.05 * Math.sin(d), d / 5 - 0.9], d * 3);
  return out;
}

/** The map's points: a ball of radius 1 around the column (how big the map is sets the scale). */
function ball(centres: Float32Array): Float32Array {
  return Float32Array.from([...fibonacciDirections(500).flat(), ...centres]);
}

function separationFrom(direction: Vec3, centres: Float32Array): number {
  return frameMap(centres, ball(centres), free, viewport, 0, [direction]).separation;
}

describe('the rotation map camera search', () => {
  it('spreads its directions over the whole sphere', () => {
    const dirs = fibonacciDirections(300);
    expect(dirs).toHaveLength(300);
    for (const d of dirs) expect(Math.hypot(...d)).toBeCloseTo(1, 9);
    // Every axis direction has a lattice direction within about 10 degrees.
    for (const axis of [[1, 0, 0], [-1, 0, 0], [0, 0, 1], [0, 0, -1], [0, 1, 0]] as Vec3[]) {
      expect(Math.max(...dirs.map((d) => d[0] * axis[0] + d[1] * axis[1] + d[2] * axis[2]))).toBeGreaterThan(Math.cos((10 * Math.PI) / 180));
    }
  });

  it('turns away from a view that piles the centres up, and beats it five times over', () => {
    const centres = column();
    const frame = frameMap(centres, ball(centres), free, viewport);
    expect(Math.abs(frame.direction[2])).toBeLessThan(0.5);
    expect(frame.separation).toBeGreaterThan(5 * separationFrom([0, 0, 1], centres));
    expect(frame.separation).toBeGreaterThan(0.06);
  });

  it('fits the map inside the free area and fills it', () => {
    const centres = column();
    const cloud = ball(centres);
    const frame = frameMap(centres, cloud, free, viewport, 20);
    const screen = Array.from({ length: cloud.length / 3 }, (_, i) => projectPoint(frame, [cloud[i * 3]!, cloud[i * 3 + 1]!, cloud[i * 3 + 2]!], viewport)!);
    for (const s of screen) {
      expect(s.x).toBeGreaterThanOrEqual(free.left + 20 - 1e-6);
      expect(s.x).toBeLessThanOrEqual(free.right - 20 + 1e-6);
      expect(s.y).toBeGreaterThanOrEqual(free.top + 20 - 1e-6);
      expect(s.y).toBeLessThanOrEqual(free.bottom - 20 + 1e-6);
    }
    // Filled: the picture spans the free area on one axis, to within a few pixels.
    const spanX = Math.max(...screen.map((s) => s.x)) - Math.min(...screen.map((s) => s.x));
    const spanY = Math.max(...screen.map((s) => s.y)) - Math.min(...screen.map((s) => s.y));
    expect(Math.max(spanX / (free.right - free.left - 40), spanY / (free.bottom - free.top - 40))).toBeGreaterThan(0.97);
  });

  it('projects as a three.js camera set up the way the map does it', () => {
    const centres = column();
    const frame = frameMap(centres, ball(centres), free, viewport);
    const camera = new THREE.PerspectiveCamera(viewport.fovDeg, viewport.width / viewport.height, 0.01, 100);
    camera.position.set(...frame.target).addScaledVector(new THREE.Vector3(...frame.direction), frame.distance);
    camera.lookAt(...frame.target);
    camera.setViewOffset(viewport.width, viewport.height, viewport.width / 2 - frame.centre.x, viewport.height / 2 - frame.centre.y, viewport.width, viewport.height);
    camera.updateMatrixWorld();
    for (let d = 0; d < 10; d++) {
      const p: Vec3 = [centres[d * 3]!, centres[d * 3 + 1]!, centres[d * 3 + 2]!];
      const ndc = new THREE.Vector3(...p).project(camera);
      const ours = projectPoint(frame, p, viewport)!;
      expect(((ndc.x + 1) / 2) * viewport.width).toBeCloseTo(ours.x, 3);
      expect(((1 - ndc.y) / 2) * viewport.height).toBeCloseTo(ours.y, 3);
    }
  });

  it('frames the map right of the strip, below the panel and above a box at the bottom', () => {
    const strip = { left: 16, top: 16, right: 920, bottom: 700 };
    const panel = { left: 1670, top: 0, right: 1920, bottom: 30 };
    const low = { left: 1200, top: 1000, right: 1500, bottom: 1070 };
    const aside = { left: 16, top: 800, right: 900, bottom: 1060 };
    expect(freeArea(1920, 1080, strip, [panel, low, aside], 10)).toEqual({ left: 930, top: 40, right: 1910, bottom: 990 });
  });
});
