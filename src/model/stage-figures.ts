/**
 * The few eval figures the stage quotes, per manifold on its shipped seed: grounded and ungrounded
 * step accuracy both ways and where the threshold curve crosses 0.5. Taken from the eval report
 * (docs/eval/latest.json) into assets/models/stage-figures.json, so every number a caption or the
 * u gauge shows is the report's, never prose typed by hand (tests/unit/stage-figures.test.ts).
 */

export interface ManifoldStageFigures {
  seed: number;
  /** Held-out step accuracy at u = +1 (forward) and u = -1 (backward). */
  grounded: { forward: number; backward: number };
  ungrounded: { forward: number; backward: number };
  /** |u| where the grounded step accuracy first reaches 0.5, counting up and down (null: never). */
  crossings: { forward: number | null; backward: number | null };
}

export interface StageFigures {
  version: 1;
  source: string;
  manifolds: Record<string, ManifoldStageFigures>;
}

interface Direction {
  step_accuracy: number;
}

/** The part of the eval report read here (scripts/eval.ts writes the whole). */
export interface EvalReportView {
  manifolds: Record<
    string,
    {
      shipped_seed: number;
      seeds: Record<
        string,
        {
          rollouts: { grounded: { forward: Direction; backward: Direction }; ungrounded: { forward: Direction; backward: Direction } };
          u_sweep: { forward_crosses: Record<string, number | null>; backward_crosses: Record<string, number | null> };
        }
      >;
    }
  >;
}

export function stageFigures(report: EvalReportView, source = 'docs/eval/latest.json'): StageFigures {
  const manifolds: Record<string, ManifoldStageFigures> = {};
  for (const [id, m] of Object.entries(report.manifolds)) {
    const seed = m.seeds[String(m.shipped_seed)];
    if (seed === undefined) continue;
    const { grounded, ungrounded } = seed.rollouts;
    const crossing = (c: Record<string, number | null>) => (typeof c['0.5'] === 'number' ? Math.abs(c['0.5']) : null);
    manifolds[id] = {
      seed: m.shipped_seed,
      grounded: { forward: grounded.forward.step_accuracy, backward: grounded.backward.step_accuracy },
      ungrounded: { forward: ungrounded.forward.step_accuracy, backward: ungrounded.backward.step_accuracy },
      crossings: { forward: crossing(seed.u_sweep.forward_crosses), backward: crossing(seed.u_sweep.backward_crosses) },
    };
  }
  return { version: 1, source, manifolds };
}

/** A share as people read it: 0.9083 -> "91%". */
export function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}
