/** The human-readable form of `npm run eval`: per manifold, each seed's headline, then mean and worst. */
import type { Headline, SeedSummary } from '../../src/model/seed-summary';
import { headline } from '../../src/model/seed-summary';
import type { EvalReport } from '../../src/model/report';
import type { RotationReport, RotationScore } from '../../src/model/rotation-report';

interface Printable {
  judge: EvalReport['judge'] | null;
  default: string;
  manifolds: Record<string, { recipe: string; shipped_seed: number; seeds: Record<string, EvalReport>; summary: SeedSummary; projection: MapFigures }>;
  rotation?: Record<string, RotationReport>;
}

/** What the table reads of a map report; reports written before the blend was measured lack it. */
interface MapFigures {
  held_out: Placement;
  neighbour_blend?: { fit_points: Placement };
  transform_again?: Placement;
}

interface Placement {
  neighbours_preserved_10: number;
}

const COLUMNS: Array<[string, (h: Headline) => string]> = [
  ['5-NN', (h) => f(h.knn_accuracy)],
  ['MSE', (h) => h.recon_mse.toFixed(4)],
  ['u=+1 step/loop', (h) => `${f(h.grounded_forward_step)} / ${f(h.grounded_forward_loop)}`],
  ['u=-1 step/loop', (h) => `${f(h.grounded_backward_step)} / ${f(h.grounded_backward_loop)}`],
  ['first step +/-', (h) => `${f(h.grounded_forward_first_step)} / ${f(h.grounded_backward_first_step)}`],
  ['transitions +/-', (h) => `${f(h.grounded_forward_transition)} / ${f(h.grounded_backward_transition)}`],
  ['weakest +/-', (h) => `${f(h.grounded_forward_worst_transition)} / ${f(h.grounded_backward_worst_transition)}`],
  ['ungrounded +/-', (h) => `${f(h.ungrounded_forward_step)} / ${f(h.ungrounded_backward_step)}`],
];

/** The neighbour blend's figure and transform's own ceiling, where the report has them. */
function placementContext(p: MapFigures): string {
  if (!p.neighbour_blend || !p.transform_again) return '';
  return ` (neighbour blend ${f(p.neighbour_blend.fit_points.neighbours_preserved_10)}, transform again ${f(p.transform_again.neighbours_preserved_10)})`;
}

function f(x: number): string {
  return x.toFixed(3);
}

export function printEvalTable(report: Printable): void {
  const lines: string[] = [];
  if (report.judge) lines.push(`judge: ${report.judge.kind}, ${f(report.judge.heldout_accuracy)} on real held-out digits`);
  for (const [id, m] of Object.entries(report.manifolds)) {
    lines.push('', `${id} (${m.recipe})${id === report.default ? ', the default' : ''}; ships seed ${m.shipped_seed}; projector keeps ${f(m.projection.held_out.neighbours_preserved_10)} of 10-NN${placementContext(m.projection)}`);
    const rows: Array<[string, Headline]> = [
      ...Object.entries(m.seeds).map(([s, r]): [string, Headline] => [`seed ${s}`, headline(r)]),
      ['mean', m.summary.mean],
      ['worst', m.summary.worst],
    ];
    const cells = [['', ...COLUMNS.map(([name]) => name)], ...rows.map(([name, h]) => [name, ...COLUMNS.map(([, get]) => get(h))])];
    const widths = cells[0]!.map((_, c) => Math.max(...cells.map((r) => r[c]!.length)));
    for (const r of cells) lines.push(r.map((v, c) => v.padEnd(widths[c]!)).join('  '));
    const c = m.seeds[String(m.shipped_seed)]?.control;
    if (c) {
      const steps = Object.entries(c.by_distance).map(([d, r]) => `${d}:${r.mean_steps ?? '-'}`).join(' ');
      lines.push(`steering (seed ${m.shipped_seed}): reached ${f(c.reach_rate)} within 10 steps; mean steps by cyclic distance ${steps}; held ${f(c.hold.steered)} of the next 20 steps (u = 0: ${f(c.hold.plain_u0)})`);
    }
  }
  if (report.rotation) {
    lines.push('', 'rotation experiment (held-out digits): single steps of +-7.5..30 degrees | 8 grounded steps of 7.5 degrees');
    lines.push('manifold          slope  |err| deg  identity  instance kept  snapped  |  slope  |err| deg  identity  instance kept  snapped');
    for (const [id, r] of Object.entries(report.rotation)) {
      const cols = (x: RotationScore) => [x.slope.toFixed(2).padStart(5), x.mean_abs_error_deg.toFixed(1).padStart(9), f(x.identity_kept).padStart(8), f(x.instance_kept).padStart(13), f(x.snapped).padStart(7)].join('  ');
      lines.push(`${id.padEnd(16)}  ${cols(r.single)}  |  ${cols(r.rollout)}`);
    }
  }
  console.log(lines.join('\n'));
}
