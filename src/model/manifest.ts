import type { DynamicsStage } from './pipeline';
import type { ShippedMap } from './projection';
import type { ManifoldId, PipelineConfig, Recipe } from './recipes';
import type { ManifoldStory, ValidationStory } from './seed-story';

/**
 * A manifold's manifest.json (assets/models/<manifold>/manifest.json, and seed-<n>/seed.json for
 * each trained seed): what was trained, from what, how, and what it measured. Every path in it
 * is relative to the folder of the file that holds it, as a web page's links are. The browser
 * reads it to find the networks and the shipped digits; people read it for provenance.
 */
export const MANIFEST_VERSION = 2;

export interface ShippedDigits {
  /** uint8 pixels (count x 784, value = round(255 x intensity)). */
  file: string;
  count: number;
  labels: number[];
  /** Index of each digit within its class in the mnist package. */
  indices: number[];
  /**
   * float32 (count x latent dim): the encoder's latent of each digit, shipped so the page need not
   * encode the training digits at start-up (older bundles lack it; the page then encodes them).
   */
  latents?: string;
}

export type NetworkName = 'encoder' | 'decoder' | 'dynamics' | 'projector';

/** One trained seed of a recipe, with its validation figures; the chosen one is marked. */
export interface SeedChoice {
  seed: number;
  /** Grounded 10-step step accuracy on validation digits at u = +1 and u = -1. */
  validation_forward: number;
  validation_backward: number;
  /** Drift and threshold on validation digits (seeds measured before it existed lack it). */
  story?: ValidationStory;
  chosen: boolean;
}

export interface Manifest {
  version: typeof MANIFEST_VERSION;
  manifold: ManifoldId;
  recipe: Recipe;
  /** What trained the grounding, in words, for the HUD and captions. */
  signal: string;
  created: string;
  packages: Record<string, string>;
  seed: number;
  config: PipelineConfig;
  splits: Record<string, string>;
  models: Record<NetworkName, { path: string; parameters: number }>;
  /** The project's one judge, shared by every manifold (optional: the page runs without it). */
  judge?: { path: string };
  digits: { training: ShippedDigits; heldOut: ShippedDigits };
  /** The 3D map: UMAP positions of the fitted latents and how the projector reproduces them. */
  map: ShippedMap & {
    /** float32 (held-out count x 3), the projector's positions of the held-out digits. */
    heldOutPositions: string;
  };
  /** The dynamics after its first fit and each Data-as-Demonstrator round, on validation digits. */
  dynamics_stages: DynamicsStage[];
  /** The kept dynamics' drift and threshold on validation digits: what the default rule reads. */
  validation_story?: ValidationStory;
  /** In a manifold's manifest: every seed trained and how it counted on validation digits. */
  seeds?: SeedChoice[];
  training_seconds: Record<string, number>;
  samples_per_second: Record<string, number>;
  final_losses: Record<string, number>;
  /** Every epoch's mean loss: the grounding's, and the dynamics' per stage (first fit, DaD rounds). */
  epoch_losses?: { autoencoder: number[]; dynamics: number[][] };
}

/** assets/models/index.json: the manifolds shipped and which one the page shows by default. */
export interface ManifoldIndex {
  version: 1;
  default: ManifoldId;
  /** Why the default is the default, in words (validation figures). */
  reason: string;
  /** The manifold whose ungrounded rollouts drift: the one the grounding preset and talk step show. */
  grounding?: ManifoldId;
  manifolds: Array<{ id: ManifoldId; recipe: Recipe; signal: string; seed: number; validation_worst: number; story?: ManifoldStory | null }>;
}

function parseJson(text: string, file: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new Error(`${file} is not valid JSON: ${(e as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`${file} is not an object`);
  return value as Record<string, unknown>;
}

/** Rejects a manifest that is not one of ours with a message that says what is wrong. */
export function parseManifest(text: string): Manifest {
  const m = parseJson(text, 'manifest.json') as Partial<Manifest>;
  if (m.version !== MANIFEST_VERSION) throw new Error(`manifest.json has version ${String(m.version)}, expected ${MANIFEST_VERSION}`);
  for (const name of ['encoder', 'decoder', 'dynamics', 'projector'] as const) {
    if (typeof m.models?.[name]?.path !== 'string') throw new Error(`manifest.json names no ${name} model`);
  }
  if (!m.digits?.heldOut || !Array.isArray(m.digits.heldOut.labels)) throw new Error('manifest.json lists no held-out digits');
  if (!m.digits.training || !Array.isArray(m.digits.training.labels)) throw new Error('manifest.json lists no training digits');
  if (typeof m.map?.positions !== 'string') throw new Error('manifest.json has no map positions');
  if (typeof m.recipe !== 'string' || typeof m.manifold !== 'string') throw new Error('manifest.json names no recipe');
  return m as Manifest;
}

export function parseManifoldIndex(text: string): ManifoldIndex {
  const m = parseJson(text, 'index.json') as Partial<ManifoldIndex>;
  if (m.version !== 1) throw new Error(`index.json has version ${String(m.version)}, expected 1`);
  if (!Array.isArray(m.manifolds) || m.manifolds.length === 0) throw new Error('index.json lists no manifolds');
  if (!m.manifolds.some((x) => x.id === m.default)) throw new Error(`index.json's default "${String(m.default)}" is not among its manifolds`);
  return m as ManifoldIndex;
}

export function toUint8Pixels(images: Float32Array): Uint8Array {
  return Uint8Array.from(images, (v) => Math.round(Math.min(1, Math.max(0, v)) * 255));
}

export function fromUint8Pixels(bytes: Uint8Array): Float32Array {
  return Float32Array.from(bytes, (v) => v / 255);
}

/** Joins a path relative to a manifest's folder onto that folder ('' or a URL or file path). */
export function resolveFrom(folder: string, path: string): string {
  const parts = `${folder.replace(/\/$/, '')}/${path}`.split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '.') continue;
    if (p === '..' && out.length > 0 && out.at(-1) !== '..' && out.at(-1) !== '' && !out.at(-1)!.endsWith(':')) out.pop();
    else out.push(p);
  }
  return out.join('/');
}
