import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { collectVisitedStates, concatPairs, dadPairs, intendedDigit } from '../../src/model/dad';
import { buildDecoder, buildDynamics, buildEncoder } from '../../src/model/networks';
import { neighbourClass } from '../../src/model/pairs';
import { createRng } from '../../src/model/rng';

const dim = 8;

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('Data-as-Demonstrator pairs', () => {
  it('labels the state after k steps with the digit it should be: d + k forward, d - k backward, wrapping', () => {
    expect(intendedDigit(3, 1, 1)).toBe(4);
    expect(intendedDigit(8, 1, 3)).toBe(1);
    expect(intendedDigit(1, -1, 2)).toBe(9);
    expect(intendedDigit(0, -0.97, 1)).toBe(9);
  });

  it('collects every grounded step of both directions, each labelled with its intended digit', async () => {
    const arch = { channels: [2, 4] as const, kernel: 3, latentDim: dim };
    const models = { encoder: buildEncoder(arch, 1), decoder: buildDecoder(arch, 1), dynamics: buildDynamics(1, dim) };
    const labels = Int32Array.from([0, 4, 9]);
    const latents = Float32Array.from({ length: 3 * dim }, (_, i) => Math.cos(i));
    const visited = await collectVisitedStates(models, { latents, labels }, dim, 2);
    expect(visited.labels.length).toBe(2 * 2 * 3);
    expect(visited.latents.length).toBe(2 * 2 * 3 * dim);
    // Forward steps 1 and 2, then backward steps 1 and 2, each block in start order.
    expect([...visited.labels]).toEqual([1, 5, 0, 2, 6, 1, 9, 3, 8, 8, 2, 7]);
    // A visited state is E(D(.)): re-encoded, so it is not the start itself.
    expect(visited.latents.subarray(0, dim)).not.toEqual(latents.subarray(0, dim));
  });

  it('gives the same states in the same order whatever the chunk size', async () => {
    const arch = { channels: [2, 4] as const, kernel: 3, latentDim: dim };
    const models = { encoder: buildEncoder(arch, 2), decoder: buildDecoder(arch, 2), dynamics: buildDynamics(2, dim) };
    const labels = Int32Array.from([0, 4, 9, 2, 7]);
    const latents = Float32Array.from({ length: 5 * dim }, (_, i) => Math.sin(i));
    const whole = await collectVisitedStates(models, { latents, labels }, dim, 3);
    const chunked = await collectVisitedStates(models, { latents, labels }, dim, 3, 2);
    expect([...chunked.labels]).toEqual([...whole.labels]);
    const gap = chunked.latents.reduce((m, x, i) => Math.max(m, Math.abs(x - whole.latents[i]!)), 0);
    expect(gap).toBeLessThan(1e-5);
    await expect(collectVisitedStates(models, { latents, labels }, dim, 3, 0)).rejects.toThrow(/chunk/);
  });

  it('starts pairs at the visited states and ends them at clean latents of the neighbouring class', () => {
    // Clean latents: class c is the constant vector 100 + c; visited states: 0.5 x their label.
    const clean = { latents: new Float32Array(20 * dim), labels: new Int32Array(20) };
    for (let i = 0; i < 20; i++) {
      clean.labels[i] = i % 10;
      clean.latents.fill(100 + (i % 10), i * dim, (i + 1) * dim);
    }
    const visited = { latents: new Float32Array(6 * dim), labels: Int32Array.from([0, 3, 9, 5, 5, 2]) };
    visited.labels.forEach((d, i) => visited.latents.fill(0.5 * d, i * dim, (i + 1) * dim));
    const pairs = dadPairs(visited, clean, dim, 600, createRng(4));
    for (let k = 0; k < pairs.count; k++) {
      const start = pairs.inputs[k * (dim + 1)]!;
      const u = pairs.inputs[k * (dim + 1) + dim]!;
      const label = start / 0.5;
      expect(visited.labels).toContain(label);
      const end = 100 + neighbourClass(label, u);
      expect(pairs.targets[k * dim]!).toBeCloseTo(start + Math.abs(u) * (end - start), 3);
    }
  });

  it('joins pair sets end to end', () => {
    const a = { inputs: new Float32Array([1, 2, 3]), targets: new Float32Array([1, 2]), count: 1, dim: 2 };
    const b = { inputs: new Float32Array([4, 5, 6]), targets: new Float32Array([4, 5]), count: 1, dim: 2 };
    const both = concatPairs(a, b);
    expect(both.count).toBe(2);
    expect([...both.inputs]).toEqual([1, 2, 3, 4, 5, 6]);
    expect([...both.targets]).toEqual([1, 2, 4, 5]);
    expect(() => concatPairs(a, { ...b, dim: 3 })).toThrow(/cannot be joined/);
  });
});
