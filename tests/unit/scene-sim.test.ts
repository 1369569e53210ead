/**
 * The particle simulation (src/engine/particles) in Node on the cpu backend, with small untrained networks:
 * the maths and the bookkeeping, not the trained behaviour (the browser suites check that).
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDynamics } from '../../src/model/networks';
import { dynamicsStep } from '../../src/model/rollout';
import { buildProjector } from '../../src/model/projection';
import { DynamicsField, denseLayers, runDense } from '../../src/engine/world/dense-stack';
import { ManifoldReference } from '../../src/engine/world/manifold';
import { ParticleSim, chunkRows } from '../../src/engine/particles/particle-sim';

const DIM = 64;
let field: DynamicsField;
let dynamics: tf.LayersModel;
let projector: tf.LayersModel;
let manifold: ManifoldReference;
const latents = Float32Array.from({ length: 100 * DIM }, (_, i) => Math.sin(i * 0.37) * 2 + Math.floor(i / DIM / 10));
const labels = Int32Array.from({ length: 100 }, (_, i) => Math.floor(i / 10));

beforeAll(async () => {
  await tf.setBackend('cpu');
  dynamics = buildDynamics(3);
  projector = buildProjector(3);
  field = new DynamicsField(dynamics);
  manifold = new ManifoldReference(latents, labels, DIM, { radiusFactor: 2, spawnNoise: 0.3, noisePool: 64, seed: 1 });
});

function makeSim(count: number, options: Partial<{ maxBindingBytes: number; maxAge: number; checkEvery: number }> = {}): ParticleSim {
  return new ParticleSim(field, denseLayers(projector), manifold, { count, maxBindingBytes: 2 ** 27, maxAge: 1000, checkEvery: 4, seed: 1, ...options }, 1);
}

describe('particle simulation', () => {
  it('the folded dynamics field equals z + f([z, u]) from the model', () => {
    const z = tf.tensor2d(latents.subarray(0, 5 * DIM), [5, DIM]);
    const bias = field.firstBias(0.7);
    const ours = z.add(field.velocity(z, bias));
    const reference = dynamicsStep(dynamics, z, 0.7);
    expect(tf.max(tf.abs(ours.sub(reference))).dataSync()[0]).toBeLessThan(1e-4);
  });

  it('the projector stack equals model.predict', () => {
    const z = tf.tensor2d(latents.subarray(0, 5 * DIM), [5, DIM]);
    const diff = runDense(denseLayers(projector), z).sub(projector.predict(z) as tf.Tensor);
    expect(tf.max(tf.abs(diff)).dataSync()[0]).toBeLessThan(1e-4);
  });

  it('chunks rows so a [rows, 256] or [rows, M] intermediate fits one binding', () => {
    expect(chunkRows(128 * 2 ** 20, 1000)).toBe(32768);
    expect(chunkRows(2 ** 30, 256)).toBe(65536);
    expect(chunkRows(2 ** 16, 1000)).toBe(256);
    // 1M particles at 128 MiB: 31 chunks, none with a [rows, 256] activation over 128 MiB.
    expect(chunkRows(128 * 2 ** 20, 1000) * 1000 * 4).toBeLessThanOrEqual(128 * 2 ** 20);
  });

  it('packs [N, 4] positions: xyz on the map, w = digit + speed share', () => {
    const sim = makeSim(300);
    const out = sim.step(1, 0.1);
    expect(out.shape).toEqual([300, 4]);
    const w = out.slice([0, 3], [-1, 1]).dataSync();
    for (const v of w) {
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThan(10);
    }
    sim.dispose();
  });

  it('runs in several chunks when the binding is small, with the same count', () => {
    const sim = makeSim(700, { maxBindingBytes: 256 * 256 * 4 });
    expect(sim.rowsPerChunk).toBe(256);
    expect(sim.step(1, 0.1).shape).toEqual([700, 4]);
    sim.dispose();
  });

  it('leaks no tensors over many frames, checks and resizes', () => {
    const sim = makeSim(200, { maxAge: 3 });
    sim.step(1, 0.1);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 20; i++) sim.step(i % 2 ? 1 : -1, 0.1);
    expect(tf.memory().numTensors).toBe(before);
    sim.resize(300);
    sim.resize(200);
    sim.step(1, 0.1);
    expect(tf.memory().numTensors).toBe(before);
    sim.dispose();
  });

  it('respawns NaN particles at the next check and counts them', async () => {
    const sim = makeSim(100, { checkEvery: 2 });
    sim.poison(7);
    sim.step(1, 0.1);
    sim.step(1, 0.1);
    const counters = await sim.readCounters();
    expect(counters.nonFinite).toBe(7);
    expect(counters.respawned).toBeGreaterThanOrEqual(7);
    const state = await sim.readState();
    expect(state.z.every(Number.isFinite)).toBe(true);
    sim.dispose();
  });

  it('respawns particles older than their lifetime and flags them with w = -1 for one frame', async () => {
    const sim = makeSim(100, { maxAge: 2, checkEvery: 1 });
    const flagged = new Set<number>();
    let flags = 0;
    for (let i = 0; i < 4; i++) {
      const w = sim.step(1, 0.01).slice([0, 3], [-1, 1]).dataSync();
      w.forEach((v, k) => {
        if (v === -1) {
          flagged.add(k);
          flags++;
        }
      });
      expect(Math.max(...(await sim.readState()).age)).toBeLessThanOrEqual(2);
    }
    // Ages start spread over [0, 2): every particle passes 2 within 4 frames.
    expect(flagged.size).toBe(100);
    expect((await sim.readCounters()).respawned).toBe(flags);
    sim.dispose();
  });

  it('keeps the first particles when it grows', async () => {
    const sim = makeSim(50);
    sim.step(1, 0.1);
    const before = (await sim.readState()).z;
    sim.resize(80);
    const after = (await sim.readState()).z;
    expect(after.length).toBe(80 * DIM);
    expect(Array.from(after.subarray(0, 50 * DIM))).toEqual(Array.from(before));
    sim.dispose();
  });
});
