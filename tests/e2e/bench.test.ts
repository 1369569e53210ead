/**
 * `npm run bench -- --quick --json` runs end to end (Node training slice, then every GPU path in
 * headless Chromium) and its last stdout line is one JSON object with every field: measured
 * figures finite and positive, skipped ones with a reason. No timing is ever asserted.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkBenchResult } from '../../scripts/bench/check';
import type { BenchResult, PathResult } from '../../scripts/bench/types';
import { REPO_ROOT } from '../../harness/browser/server';

let run: { status: number | null; stdout: string; stderr: string };
let result: BenchResult;

beforeAll(() => {
  const tsx = join(REPO_ROOT, 'node_modules', '.bin', 'tsx');
  const child = spawnSync(tsx, ['scripts/bench.ts', '--quick', '--json'], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 420_000 });
  run = { status: child.status, stdout: child.stdout ?? '', stderr: child.stderr ?? '' };
  const lines = run.stdout.trim().split('\n');
  result = JSON.parse(lines[lines.length - 1]!) as BenchResult;
}, 450_000);

describe('npm run bench -- --quick --json', () => {
  it('exits cleanly and prints one JSON object as its last line', () => {
    expect(run.status, run.stderr.slice(-2000)).toBe(0);
    expect(result.schema).toBe('latentflow-bench/1');
    expect(result.quick).toBe(true);
  });

  it('has every field, each measured or skipped with a reason', () => {
    expect(checkBenchResult(result)).toEqual([]);
  });

  it('runs every path (or says why not) and names the machine', () => {
    expect(result.notRun).toEqual([]);
    expect(Object.keys(result.paths).sort()).toEqual(['wasm', 'webgl', 'webgpu']);
    expect(result.machine.cores).toBeGreaterThan(0);
    expect(result.machine.chromium).toMatch(/^\d+\./);
  });

  it('measures the field step at the default count on the CPU path', () => {
    // wasm is the one path fast enough here for the quick budget to always cover it.
    const wasm = result.paths.wasm as PathResult;
    expect('skipped' in wasm).toBe(false);
    const atDefault = wasm.sizes.find((s) => s.n === wasm.info.defaultParticles)!;
    expect('skipped' in atDefault.field).toBe(false);
    expect('skipped' in atDefault.mlp).toBe(false);
    expect(atDefault.readbackBytesPerFrame).toEqual({ max: 0, total: 0 });
  });

  it('reports Node training throughput for both networks', () => {
    const training = result.node.training;
    expect('skipped' in training).toBe(false);
    if ('skipped' in training) return;
    expect('skipped' in training.ours.autoencoder).toBe(false);
    expect('skipped' in training.ours.dynamics).toBe(false);
  });

  it('rejects a result with a field missing or a skip without a reason', () => {
    const broken = JSON.parse(JSON.stringify(result)) as { machine: Record<string, unknown>; paths: Record<string, unknown> };
    delete broken.machine.cpu;
    broken.paths.webgl = { skipped: '' };
    const problems = checkBenchResult(broken);
    expect(problems.some((p) => p.startsWith('machine.cpu'))).toBe(true);
    expect(problems.some((p) => p.startsWith('paths.webgl.skipped'))).toBe(true);
  });
});
