/**
 * Take it with you: the rollouts on show and the probe as JSON (everything: latents, map places,
 * judged digits and their probabilities, u per step), as CSV (one row per step, for a spreadsheet
 * or pandas), and the grounded strip as a PNG.
 */
import type { ManifoldLabel, RolloutSet } from '../../engine';
import { digitImage, PIXELS } from '../../model/dataset';
import { RolloutStrip, stripTrack } from '../chrome/rollout-strip';
import type { ProbeStatus } from './explorer';

export const EXPORT_SCHEMA = 'latentflow-exploration/1';

export interface ExportedStep {
  step: number;
  u: number;
  label: number | null;
  confidence: number | null;
  position: [number, number, number];
  latent: number[];
}

export interface Exploration {
  schema: typeof EXPORT_SCHEMA;
  date: string;
  manifold: ManifoldLabel;
  rollouts: { mode: string; start: number; steps: ExportedStep[] }[];
  /** The digit the rollouts were steered to, or null for rollouts at a fixed u. */
  target: number | null;
  probe: (ProbeStatus & { image: number[] | null }) | null;
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;

/** The exploration as one JSON-ready object. */
export function exploration(manifold: ManifoldLabel, set: RolloutSet | null, probe: ProbeStatus | null, probeImage: Float32Array | null, when = new Date()): Exploration {
  const rollouts = (set?.tracks ?? []).map((track) => {
    const steps = track.positions.length / 3;
    const dim = track.latents.length / steps;
    return {
      mode: track.mode,
      start: track.start,
      steps: Array.from({ length: steps }, (_, k) => ({
        step: k,
        // The start has no control applied; step k ran at the u its track records (a steered track's varies).
        u: k === 0 ? 0 : round(track.controls[k - 1] ?? set!.u),
        label: track.labels?.[k] ?? null,
        confidence: track.confidences ? round(track.confidences[k]!) : null,
        position: [round(track.positions[k * 3]!), round(track.positions[k * 3 + 1]!), round(track.positions[k * 3 + 2]!)] as [number, number, number],
        latent: Array.from(track.latents.subarray(k * dim, (k + 1) * dim), round),
      })),
    };
  });
  return {
    schema: EXPORT_SCHEMA,
    date: when.toISOString(),
    manifold,
    rollouts,
    target: set?.target ?? null,
    probe: probe === null ? null : { ...probe, image: probeImage && Array.from(probeImage, round) },
  };
}

/** One CSV row per rollout step: rollout, mode, start, step, u, label, confidence, x, y, z, z0..z(dim-1). */
export function explorationCsv(data: Exploration): string {
  const dim = data.rollouts[0]?.steps[0]?.latent.length ?? 0;
  const header = ['rollout', 'mode', 'start', 'step', 'u', 'label', 'confidence', 'x', 'y', 'z', ...Array.from({ length: dim }, (_, i) => `z${i}`)];
  const rows = data.rollouts.flatMap((r, i) =>
    r.steps.map((s) => [i, r.mode, r.start, s.step, s.u, s.label ?? '', s.confidence ?? '', ...s.position, ...s.latent].join(',')),
  );
  return [header.join(','), ...rows].join('\n') + '\n';
}

/** The grounded strip (the HUD's) as a PNG, or null when no grounded rollout is on show. */
export function stripPng(set: RolloutSet | null): Promise<Blob | null> {
  const track = stripTrack(set);
  if (track === null) return Promise.resolve(null);
  const strip = new RolloutStrip(84);
  const steps = track.images.length / PIXELS;
  strip.draw(Array.from({ length: steps }, (_, k) => ({ image: digitImage(track.images, k), label: track.labels?.[k] ?? null })));
  return new Promise((resolve) => strip.canvas.toBlob((blob) => resolve(blob), 'image/png'));
}
