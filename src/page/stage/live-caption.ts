/**
 * The caption of a page with no preset or talk: what the scene does at the u on screen, in the
 * three regimes the seed describes (beyond the threshold it counts up or down, between the marks
 * digits rest in their basins), with eval's figures for the manifold on screen (figures.ts).
 */
import type { ManifoldStageFigures } from '../../model/stage-figures';

export interface LiveCaption {
  title: string;
  text: string;
}

export type Regime = 'up' | 'down' | 'rest';

/** Which regime u is in, by the manifold's measured crossings (±0.95 as the seed's, without them). */
export function regimeOf(u: number, figures: ManifoldStageFigures | null): Regime {
  const up = figures?.crossings.forward ?? 0.95;
  const down = figures?.crossings.backward ?? 0.95;
  if (u >= up) return 'up';
  if (u <= -down) return 'down';
  return 'rest';
}

export function liveCaption(regime: Regime): LiveCaption {
  if (regime === 'up')
    return {
      title: 'A learned flow that counts',
      text: 'One held-out digit at a time follows the flow at u = +1, decoded and re-encoded every step: 1 → 2 → … → 9 → 0. Its steps read right {grounded.forward} of the time.',
    };
  if (regime === 'down')
    return {
      title: 'Counting down',
      text: 'At u = −1 the same flow runs backwards: 9 → 8 → … → 0 → 9. Its steps read right {grounded.backward} of the time.',
    };
  return {
    title: 'Resting in attractor basins',
    text: 'Between the threshold marks (u {threshold.backward} to {threshold.forward}) the flow no longer counts: each digit settles into a basin of the map.',
  };
}
