/** The scene app's plain logic, in Node: URL state, path order, the frame-rate budget, picking. */
import * as THREE from 'three';
import { describe, expect, it } from 'vitest';
import { AdaptiveBudget, quantiseCount } from '../../src/engine/adaptive-budget';
import { pathOrder, type PathProbe } from '../../src/engine/backends/choose-path';
import { rolloutStarts, typicalOrder } from '../../src/engine/rollouts/rollout-control';
import { DEFAULT_STATE } from '../../src/spec/spec';
import { pickPoint } from '../../src/engine/layers/picking';
import { trailAlpha } from '../../src/engine/layers/palette';
import { parseUrlState } from '../../src/spec/url';
import { countingDrift } from '../../src/engine/world/flow-probe';
import { countingShare } from '../../harness/browser/scene-harness';

describe('URL state', () => {
  it('reads valid parameters into the state and launch options', () => {
    const { state, launch, notices } = parseUrlState('?backend=webgl&particles=5000&u=-0.5&colour=speed&fixedStep=1&assets=/dev');
    expect(notices).toEqual([]);
    expect(launch).toMatchObject({ backend: 'webgl', fixedStep: true, frameRate: 60, assets: '/dev', particlesPinned: true, preset: null, talk: null, autopilot: null });
    expect(state).toMatchObject({ particles: 5000, u: -0.5, colour: 'speed', adaptive: false });
  });

  it('reports a garbled parameter and keeps the default', () => {
    const { state, launch, notices } = parseUrlState('?particles=lots&backend=vulkan&u=7&dt=&assets=https://evil.example/x');
    expect(state.particles).toBe(DEFAULT_STATE.particles);
    expect(state.u).toBe(DEFAULT_STATE.u);
    expect(state.dt).toBe(DEFAULT_STATE.dt);
    expect(launch.backend).toBeNull();
    expect(launch.assets).toBe('');
    expect(notices).toHaveLength(5);
    expect(notices[0]).toMatch(/particles="lots".*integer.*using 100000/);
  });

  it('keeps the adaptive budget when asked for alongside a count', () => {
    expect(parseUrlState('?particles=4096&adaptive=1').state.adaptive).toBe(true);
  });
});

describe('path order', () => {
  const software = { webgpu: 'software', webgl: 'software', detail: [] } as PathProbe;
  const hardware = { webgpu: 'hardware', webgl: 'hardware', detail: [] } as PathProbe;
  it('prefers hardware WebGPU, then WebGL2, then the CPU', () => {
    expect(pathOrder(null, hardware)).toEqual(['webgpu', 'webgl', 'wasm']);
  });
  it('prefers the CPU to software rasterisers', () => {
    expect(pathOrder(null, software)).toEqual(['wasm', 'webgl', 'webgpu']);
  });
  it('falls back from a forced WebGPU to WebGL2 before the CPU', () => {
    expect(pathOrder('webgpu', null)).toEqual(['webgpu', 'webgl', 'wasm']);
    expect(pathOrder('wasm', null)).toEqual(['wasm', 'webgpu', 'webgl']);
  });
});

describe('adaptive particle budget', () => {
  it('lowers the count when frames are slow and raises it when fast, after a hold', () => {
    const budget = new AdaptiveBudget({ min: 256, max: 1_048_576, holdSeconds: 1 });
    let now = 0;
    let result: number | null = null;
    for (let i = 0; i < 30 && result === null; i++) result = budget.observe(40, (now += 0.04), 100_000, 50);
    expect(result).not.toBeNull();
    expect(result!).toBeLessThan(100_000);
    expect(result! % 1024).toBe(0);
    now += 2;
    result = null;
    for (let i = 0; i < 30 && result === null; i++) result = budget.observe(5, (now += 0.005), 50_000, 50);
    expect(result!).toBeGreaterThan(50_000);
    expect(result!).toBeLessThanOrEqual(75_000);
  });
  it('holds steady near the target', () => {
    const budget = new AdaptiveBudget({ min: 256, max: 1_048_576, holdSeconds: 0 });
    for (let i = 0; i < 100; i++) expect(budget.observe(20, i * 0.02, 100_352, 50)).toBeNull();
  });
  it('quantises counts so buffer sizes repeat', () => {
    expect(quantiseCount(100_500)).toBe(100_352);
    expect(quantiseCount(1000)).toBe(1024);
  });
});

describe('scene helpers', () => {
  it('picks the point nearest the mouse within a few pixels', () => {
    const camera = new THREE.PerspectiveCamera(45, 1, 0.1, 10);
    camera.position.set(0, 0, 3);
    camera.updateMatrixWorld();
    const points = Float32Array.from([0, 0, 0, 0.5, 0.5, 0]);
    const size = { width: 400, height: 400 };
    expect(pickPoint(points, camera, { x: 201, y: 199 }, size)).toBe(0);
    expect(pickPoint(points, camera, { x: 100, y: 100 }, size)).toBe(-1);
  });

  it('fades trails from the newest point to nothing at the oldest', () => {
    expect(trailAlpha(0, 8)).toBeGreaterThan(trailAlpha(3, 8));
    expect(trailAlpha(7, 8)).toBe(0);
    expect(trailAlpha(Infinity, 8)).toBe(0);
  });

  it('starts rollouts from held-out digits of each class in turn, the most typical (nearest the class mean) first', () => {
    // Two digits per class, pixel value = index; class d's members are d and d + 10, and a third
    // member of class 3 (index 20, all pixels 8) sits right on class 3's mean ((3 + 13 + 8) / 3).
    const labels = Int32Array.from([...Array.from({ length: 20 }, (_, i) => i % 10), 3]);
    const images = Float32Array.from({ length: 21 * 784 }, (_, k) => (k < 20 * 784 ? Math.floor(k / 784) : 8));
    expect(typicalOrder({ images, labels })[3]).toEqual([20, 3, 13]);
    const starts = rolloutStarts({ images, labels }, 12);
    expect(starts[0]).toBe(0);
    expect(starts[3 * 784]).toBe(8);
    expect(starts[10 * 784]).toBe(10);
    expect(rolloutStarts({ images, labels }, 2, [3])[784]).toBe(3);
  });

  it('measures counting order and drift between clusters', () => {
    expect(countingShare([{ mode: 'grounded', start: 0, labels: [3, 4, 5, 7] }], 1)).toBeCloseTo(2 / 3);
    // Ten digits evenly round a circle in 2D latents; particles at digits 2 and 5.
    const centroids = Float32Array.from(Array.from({ length: 10 }, (_, d) => [Math.cos((d * Math.PI) / 5), Math.sin((d * Math.PI) / 5)]).flat());
    const at = (d: number, step: number) => [Math.cos(((d + step) * Math.PI) / 5), Math.sin(((d + step) * Math.PI) / 5)];
    const snap = (step: number, age = [5, 5]) => ({ z: Float32Array.from([...at(2, step), ...at(5, step)]), w: Float32Array.from([2.3, 5.7]), age: Float32Array.from(age) });
    expect(countingDrift(snap(0), snap(0.2, [6, 6]), centroids, 2).drift).toBeGreaterThan(0);
    expect(countingDrift(snap(0), snap(-0.2, [6, 6]), centroids, 2).drift).toBeLessThan(0);
    // A particle that respawned in between (its age restarted) is left out.
    expect(countingDrift(snap(0), snap(0.2, [0, 6]), centroids, 2).used).toBe(1);
  });
});
