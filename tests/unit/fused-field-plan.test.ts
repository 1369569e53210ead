/**
 * The fused field kernel's pure planning (src/engine/backends/webgpu/fused-field-plan.ts): weight packing offsets,
 * tile choice under the workgroup memory limit, and the dispatch plan under binding, alignment and
 * grid limits, including 1,000,000 particles under WebGPU's default limits.
 */
import { describe, expect, it } from 'vitest';
import { chooseTile, planDispatch, rowAlignment, weightLayout, workgroupBytes, type LayerShape } from '../../src/engine/backends/webgpu/fused-field-plan';
import { fusedFieldWgsl } from '../../src/engine/backends/webgpu/fused-field-wgsl';

const DYNAMICS: LayerShape[] = [
  { inputs: 65, outputs: 256, relu: true },
  { inputs: 256, outputs: 256, relu: true },
  { inputs: 256, outputs: 64, relu: false },
];
const PROJECTOR: LayerShape[] = [
  { inputs: 64, outputs: 128, relu: true },
  { inputs: 128, outputs: 128, relu: true },
  { inputs: 128, outputs: 128, relu: true },
  { inputs: 128, outputs: 128, relu: true },
  { inputs: 128, outputs: 3, relu: false },
];
const DEFAULT_LIMITS = { maxStorageBufferBindingSize: 128 * 2 ** 20, minStorageBufferOffsetAlignment: 256, maxComputeWorkgroupsPerDimension: 65535 };

describe('weight layout', () => {
  it('packs [W1, b1, W2, b2, ...] back to back, dynamics first', () => {
    const layout = weightLayout(DYNAMICS, PROJECTOR);
    expect(layout.dim).toBe(64);
    expect(layout.dynamics[0]).toMatchObject({ weights: 0, bias: 65 * 256 });
    expect(layout.dynamics[1]!.weights).toBe(65 * 256 + 256);
    expect(layout.projector[0]!.weights).toBe(layout.dynamics[2]!.bias + 64);
    const params = [...DYNAMICS, ...PROJECTOR].reduce((sum, l) => sum + l.inputs * l.outputs + l.outputs, 0);
    expect(layout.totalFloats).toBe(params);
    expect(layout.widest).toBe(256);
  });

  it('counts FLOP per particle without the u row (folded into the bias), plus the Euler step', () => {
    const macs = 64 * 256 + 256 * 256 + 256 * 64 + 64 * 128 + 3 * 128 * 128 + 128 * 3;
    expect(weightLayout(DYNAMICS, PROJECTOR).flopsPerParticle).toBe(2 * macs + 2 * 64);
  });

  it('reads the projector depth from the layers it is given', () => {
    const shallow = weightLayout(DYNAMICS, [PROJECTOR[0]!, { inputs: 128, outputs: 3, relu: false }]);
    expect(shallow.projector).toHaveLength(2);
    expect(fusedFieldWgsl(shallow, 8).match(/workgroupBarrier\(\)/g)).toHaveLength(fusedFieldWgsl(weightLayout(DYNAMICS, PROJECTOR), 8).match(/workgroupBarrier\(\)/g)!.length - 6);
  });

  it('refuses shapes the kernel cannot run', () => {
    expect(() => weightLayout(DYNAMICS, [{ inputs: 64, outputs: 2, relu: false }])).toThrow(/3 outputs/);
    expect(() => weightLayout([{ inputs: 65, outputs: 512, relu: true }, { inputs: 512, outputs: 64, relu: false }], PROJECTOR)).toThrow(/at most 256/);
    expect(() => weightLayout([{ inputs: 65, outputs: 32, relu: false }], PROJECTOR)).toThrow(/back to 64/);
    expect(() => weightLayout(DYNAMICS, [{ inputs: 64, outputs: 100, relu: true }, { inputs: 128, outputs: 3, relu: false }])).toThrow(/takes 128 inputs/);
  });
});

describe('tile choice', () => {
  it('takes 12 particles under the default 16 KiB of workgroup memory and 16 under 32 KiB', () => {
    expect(chooseTile(16384, 256, 64)).toBe(12);
    expect(workgroupBytes(12, 256, 64)).toBeLessThanOrEqual(16384);
    expect(workgroupBytes(16, 256, 64)).toBeGreaterThan(16384);
    expect(chooseTile(32768, 256, 64)).toBe(16);
  });

  it('fails clearly when not even 4 particles fit', () => {
    expect(() => chooseTile(4096, 256, 64)).toThrow(/workgroup memory/);
  });
});

describe('dispatch plan', () => {
  it('runs 1,000,000 particles under the default limits in segments of one binding each, 1D grids', () => {
    const plan = planDispatch(1_000_000, 12, 64, DEFAULT_LIMITS);
    expect(plan.reduce((sum, s) => sum + s.rows, 0)).toBe(1_000_000);
    for (const s of plan) {
      expect(s.rows * 256).toBeLessThanOrEqual(DEFAULT_LIMITS.maxStorageBufferBindingSize);
      expect(s.start % 16).toBe(0);
      expect(s.workgroups[0] * s.workgroups[1] * 12).toBeGreaterThanOrEqual(s.rows);
      expect(Math.max(...s.workgroups)).toBeLessThanOrEqual(65535);
    }
    expect(plan).toHaveLength(2);
  });

  it('uses a 2D grid when one segment needs more than 65,535 workgroups', () => {
    const plan = planDispatch(1_000_000, 12, 64, { ...DEFAULT_LIMITS, maxStorageBufferBindingSize: 2 ** 30 });
    expect(plan).toHaveLength(1);
    const [x, y] = plan[0]!.workgroups;
    expect(x).toBe(65535);
    expect(y).toBe(2);
    expect(x * y * 12).toBeGreaterThanOrEqual(1_000_000);
  });

  it('covers every row exactly once, aligned, for awkward counts and tight limits', () => {
    const limits = { maxStorageBufferBindingSize: 10_000, minStorageBufferOffsetAlignment: 256, maxComputeWorkgroupsPerDimension: 5 };
    for (const rows of [1, 15, 16, 17, 1000, 3001]) {
      const plan = planDispatch(rows, 8, 64, limits, 32);
      let next = 0;
      for (const s of plan) {
        expect(s.start).toBe(next);
        expect(s.start % 16).toBe(0);
        expect(s.rows * 256).toBeLessThanOrEqual(10_000);
        expect(Math.max(...s.workgroups)).toBeLessThanOrEqual(5);
        expect(s.workgroups[0] * s.workgroups[1] * 8).toBeGreaterThanOrEqual(s.rows);
        next += s.rows;
      }
      expect(next).toBe(rows);
    }
    expect(planDispatch(0, 8, 64, limits)).toEqual([]);
  });

  it('refuses an output offset that would break binding alignment', () => {
    expect(() => planDispatch(100, 8, 64, DEFAULT_LIMITS, 8)).toThrow(/multiple of 16/);
  });

  it('aligns rows of any width to the offset alignment', () => {
    expect(rowAlignment(256, [256, 16])).toBe(16);
    expect(rowAlignment(256, [12 * 4, 16])).toBe(16);
    expect(rowAlignment(256, [6 * 4, 16])).toBe(32);
  });
});
