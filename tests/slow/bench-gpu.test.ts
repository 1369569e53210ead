/**
 * `npm run bench:gpu -- --quick` on this machine's adapter (SwiftShader through Dawn, no browser):
 * the fused WGSL kernel must agree with tfjs-webgpu, and every size must be measured or skipped
 * with a reason. No timing is asserted.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../harness/browser/server';
import { readManifoldIndex } from '../../src/model/node/shipped';

interface Timing { msPerStep: number; steps: number; particleStepsPerSecond: number; gflops: number; peakShare: number | null }
interface GpuBench {
  schema: string;
  quick: boolean;
  adapter: { vendor: string; description: string; software: boolean; icd: string | null; driver: { choice: string; reason: string; systemIcds: string[] } };
  kernel: { flopsPerParticle: number; tile: number };
  equivalence: { n: number; maxZ: number; maxPosition: number; tolerance: number; ok: boolean };
  sizes: Array<{ n: number; fused: Timing | { skipped: string }; tfjs: Timing | { skipped: string } }>;
  models: { manifold: string; seed: number };
  recovery: { rounds: number; particles: number; openMs: { median: number }; firstStepMs: { median: number; max: number }; maxPositionDiff: number };
}

let run: { status: number | null; stderr: string };
let result: GpuBench;

beforeAll(() => {
  const child = spawnSync('npm', ['run', '--silent', 'bench:gpu', '--', '--quick'], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 400_000 });
  run = { status: child.status, stderr: child.stderr ?? '' };
  const lines = (child.stdout ?? '').trim().split('\n');
  result = JSON.parse(lines[lines.length - 1] || '{}') as GpuBench;
}, 420_000);

describe('npm run bench:gpu -- --quick (Dawn in Node)', () => {
  it('exits cleanly and prints one JSON object as its last line', () => {
    expect(run.status, run.stderr.slice(-2000)).toBe(0);
    expect(result.schema).toBe('latentflow-bench-gpu/1');
    expect(result.quick).toBe(true);
  });

  it('names the adapter, and says when it is a software one', () => {
    expect(result.adapter.vendor.length + result.adapter.description.length).toBeGreaterThan(0);
    expect(typeof result.adapter.software).toBe('boolean');
    if (result.adapter.icd !== null && /swiftshader/i.test(result.adapter.icd)) expect(result.adapter.software).toBe(true);
  });

  it('names the Vulkan driver that ran and why: SwiftShader only after the system\'s drivers gave no adapter', () => {
    expect(['named', 'system', 'swiftshader']).toContain(result.adapter.driver.choice);
    expect(result.adapter.driver.reason.length).toBeGreaterThan(20);
    if (result.adapter.driver.choice === 'swiftshader') {
      expect(result.adapter.icd).toMatch(/vk_swiftshader_icd\.json$/);
      expect(result.adapter.driver.reason).toMatch(/gave no adapter/);
    }
  });

  it('runs the shipped default manifold and finds the fused kernel equal to tfjs on the same inputs', () => {
    expect(result.models.manifold).toBe(readManifoldIndex().default);
    // f with u folded into the first bias (196,608) and the projector (115,456), plus the Euler step.
    expect(result.kernel.flopsPerParticle).toBeGreaterThanOrEqual(196_608 + 115_456);
    expect(result.kernel.flopsPerParticle).toBeLessThan(196_608 + 115_456 + 1000);
    expect(result.equivalence.ok).toBe(true);
    expect(result.equivalence.maxZ).toBeLessThan(1e-4);
    expect(result.equivalence.maxPosition).toBeLessThan(1e-4);
  });

  it('measures each size on both paths or says why not', () => {
    expect(result.sizes.map((s) => s.n)).toEqual([256, 1024]);
    for (const s of result.sizes) {
      for (const m of [s.fused, s.tfjs]) {
        if ('skipped' in m) expect(m.skipped.length).toBeGreaterThan(5);
        else {
          expect(m.msPerStep).toBeGreaterThan(0);
          expect(m.particleStepsPerSecond).toBeGreaterThan(0);
          expect(m.gflops).toBeGreaterThan(0);
        }
      }
    }
  });
});

describe('a lost device, replaced (Dawn in Node)', () => {
  it('restarts on a new device twice, and each restart\'s first step lands where the first device\'s did', () => {
    expect(result.recovery.rounds).toBe(2);
    expect(result.recovery.particles).toBe(256);
    expect(result.recovery.firstStepMs.median).toBeGreaterThan(0);
    // The same kernels on the same adapter from the same seed: the same positions.
    expect(result.recovery.maxPositionDiff).toBeLessThan(1e-4);
  });
});

describe('training on the webgpu backend (Dawn in Node)', () => {
  let smoke: { status: number | null; stderr: string; result: { backend: string; epoch_losses: { autoencoder: number[]; dynamics: number[] } } };

  beforeAll(() => {
    const child = spawnSync(join(REPO_ROOT, 'node_modules', '.bin', 'tsx'), ['scripts/gpu/kit-train.ts', '--smoke'], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 400_000 });
    const lines = (child.stdout ?? '').trim().split('\n');
    smoke = { status: child.status, stderr: child.stderr ?? '', result: JSON.parse(lines[lines.length - 1] || '{}') as typeof smoke.result };
  }, 420_000);

  it('trains the grounding autoencoder and the dynamics with finite losses that fall', () => {
    expect(smoke.status, smoke.stderr.slice(-2000)).toBe(0);
    expect(smoke.result.backend).toBe('webgpu');
    for (const losses of [smoke.result.epoch_losses.autoencoder, smoke.result.epoch_losses.dynamics]) {
      expect(losses.length).toBeGreaterThanOrEqual(3);
      expect(losses.every(Number.isFinite)).toBe(true);
      expect(losses.at(-1)!).toBeLessThan(losses[0]!);
    }
  });
});
