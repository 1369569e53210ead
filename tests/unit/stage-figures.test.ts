import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { percent, stageFigures, type EvalReportView } from '../../src/model/stage-figures';

const root = join(import.meta.dirname, '..', '..');
const read = (path: string) => JSON.parse(readFileSync(join(root, path), 'utf8')) as unknown;

describe('the figures the stage quotes', () => {
  it('are the eval report’s, manifold by manifold', () => {
    const shipped = read('assets/models/stage-figures.json');
    expect(shipped).toEqual(stageFigures(read('docs/eval/latest.json') as EvalReportView));
  });

  it('take the shipped seed and the 0.5 crossings', () => {
    const seedReport = (g: number, u: number, cross: number | null) => ({
      rollouts: { grounded: { forward: { step_accuracy: g }, backward: { step_accuracy: g - 0.01 } }, ungrounded: { forward: { step_accuracy: u }, backward: { step_accuracy: u + 0.015 } } },
      u_sweep: { forward_crosses: { '0.5': cross, '0.9': 0.95 }, backward_crosses: { '0.5': cross === null ? null : -cross } },
    });
    const figures = stageFigures({ manifolds: { a: { shipped_seed: 2, seeds: { '1': seedReport(0.5, 0.5, 0.9), '2': seedReport(0.91, 0.28, 0.77) } }, b: { shipped_seed: 1, seeds: { '1': seedReport(0.9, 0.9, null) } } } });
    expect(figures.manifolds.a).toEqual({ seed: 2, grounded: { forward: 0.91, backward: 0.9 }, ungrounded: { forward: 0.28, backward: 0.28 + 0.015 }, crossings: { forward: 0.77, backward: 0.77 } });
    expect(figures.manifolds.b!.crossings).toEqual({ forward: null, backward: null });
  });

  it('print as whole percentages', () => {
    expect(percent(0.9083)).toBe('91%');
    expect(percent(0.2817)).toBe('28%');
  });
});
