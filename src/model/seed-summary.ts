import { round } from './evaluate';
import type { EvalReport } from './report';

/**
 * The headline figures of one seed's evaluation, and their mean and worst over seeds. "Worst"
 * is the value least favourable to the project's claims: the lowest accuracy, the highest
 * reconstruction error, and the HIGHEST ungrounded accuracy (the claim is that it is low).
 */
export const HEADLINE_KEYS = [
  'knn_accuracy',
  'recon_mse',
  'grounded_forward_step',
  'grounded_forward_loop',
  'grounded_forward_first_step',
  'grounded_forward_transition',
  'grounded_forward_worst_transition',
  'grounded_backward_step',
  'grounded_backward_loop',
  'grounded_backward_first_step',
  'grounded_backward_transition',
  'grounded_backward_worst_transition',
  'ungrounded_forward_step',
  'ungrounded_backward_step',
  'grounded_off_manifold',
  'ungrounded_off_manifold',
] as const;

export type HeadlineKey = (typeof HEADLINE_KEYS)[number];
export type Headline = Record<HeadlineKey, number>;

/**
 * The off-manifold figures are ratios to the held-out digits' own distance (off-manifold.ts):
 * grounded paths should stay near 1 (higher is worse), ungrounded ones leave (lower is worse);
 * each is the less favourable of the two directions.
 */
const HIGHER_IS_WORSE: ReadonlySet<HeadlineKey> = new Set(['recon_mse', 'ungrounded_forward_step', 'ungrounded_backward_step', 'grounded_off_manifold']);

export function headline(r: Pick<EvalReport, 'knn_accuracy' | 'recon_mse' | 'rollouts' | 'off_manifold'>): Headline {
  const g = r.rollouts.grounded;
  const u = r.rollouts.ungrounded;
  const off = r.off_manifold;
  return {
    grounded_off_manifold: Math.max(off.grounded.forward.ratio, off.grounded.backward.ratio),
    ungrounded_off_manifold: Math.min(off.ungrounded.forward.ratio, off.ungrounded.backward.ratio),
    knn_accuracy: r.knn_accuracy,
    recon_mse: r.recon_mse,
    grounded_forward_step: g.forward.step_accuracy,
    grounded_forward_loop: g.forward.loop_rate,
    grounded_forward_first_step: g.forward.first_step,
    grounded_forward_transition: g.forward.transition_success,
    grounded_forward_worst_transition: g.forward.worst_transition.success,
    grounded_backward_step: g.backward.step_accuracy,
    grounded_backward_loop: g.backward.loop_rate,
    grounded_backward_first_step: g.backward.first_step,
    grounded_backward_transition: g.backward.transition_success,
    grounded_backward_worst_transition: g.backward.worst_transition.success,
    ungrounded_forward_step: u.forward.step_accuracy,
    ungrounded_backward_step: u.backward.step_accuracy,
  };
}

export interface SeedSummary {
  mean: Headline;
  worst: Headline;
  /** Which seed gave each worst figure. */
  worst_seed: Record<HeadlineKey, number>;
}

export function summariseSeeds(bySeed: ReadonlyMap<number, Headline>): SeedSummary {
  if (bySeed.size === 0) throw new Error('no seed to summarise');
  const mean = {} as Headline;
  const worst = {} as Headline;
  const worstSeed = {} as Record<HeadlineKey, number>;
  for (const key of HEADLINE_KEYS) {
    let sum = 0;
    let pick: [number, number] | null = null;
    for (const [seed, h] of bySeed) {
      const v = h[key];
      sum += v;
      const less = HIGHER_IS_WORSE.has(key) ? pick === null || v > pick[1] : pick === null || v < pick[1];
      if (less) pick = [seed, v];
    }
    mean[key] = round(sum / bySeed.size);
    worst[key] = pick![1];
    worstSeed[key] = pick![0];
  }
  return { mean, worst, worst_seed: worstSeed };
}
