import type * as v from 'valibot';
import { formatIssues, type ManifestIssue } from './manifest-issue';
import { BUNDLE_SCHEMA, indexCrossIssues, INDEX_SCHEMA, manifestIssues, SEED_SCHEMA, TRAINED_SCHEMA } from './manifest-schema';
import type { DynamicsStage } from './pipeline';
import type { ShippedMap } from './map-summary';
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

/**
 * The manifest contract: what a bundle's manifest.json must hold for the page, createLatentFlow
 * and loadBundle (docs/models.md, "Bring your own model"; checked by BUNDLE_SCHEMA in
 * manifest-schema.ts). Only the networks, the digits and the latent size are required: the
 * projector and the map are made from the digits' latents when absent.
 */
export interface BundleManifest {
  version: typeof MANIFEST_VERSION;
  /** The folder's name under models/ (letters, digits, - and _). */
  manifold: string;
  /** Shown in the HUD and captions (absent: the manifold's name). */
  recipe?: string;
  /** What trained the grounding, in words (absent: "its own training"). */
  signal?: string;
  seed?: number;
  /** The latent size d: encoder 784 -> d, decoder d -> 784, dynamics d + 1 -> d, projector d -> 3. */
  latent_dim?: number;
  /** Older manifests declare the latent size here instead of latent_dim. */
  config?: { autoencoder?: { latentDim?: number } };
  models: {
    encoder: { path: string; parameters?: number };
    decoder: { path: string; parameters?: number };
    dynamics: { path: string; parameters?: number };
    /** Absent: a linear map onto the training latents' first three principal components. */
    projector?: { path: string; parameters?: number };
  };
  judge?: { path: string };
  digits: { training: BundleDigits; heldOut: BundleDigits };
  /** Absent: the digits are placed by the projector. Needs models.projector. */
  map?: { count: number; positions: string; labels: string; heldOutPositions: string };
}

/** Shipped digits as the contract requires them (`indices` is provenance). */
export type BundleDigits = Omit<ShippedDigits, 'indices'> & { indices?: number[] };

/** A manifest that breaks the contract: `issues` names each bad field once. */
export class ManifestError extends Error {
  constructor(
    readonly file: string,
    readonly issues: readonly ManifestIssue[],
  ) {
    super(`${file}: ${formatIssues(issues)}`);
    this.name = 'ManifestError';
  }

  /** The message without the file name (a BundleError adds the file's URL). */
  get reason(): string {
    return formatIssues(this.issues);
  }
}

/** The latent size a manifest declares: latent_dim, or an older manifest's config.autoencoder.latentDim. */
export function declaredLatentDim(m: Pick<BundleManifest, 'latent_dim' | 'config'>): number {
  return (m.latent_dim ?? m.config?.autoencoder?.latentDim)!;
}

type NetworkRecord = { path: string; parameters: number };
/** The 3D map as `npm run train` records it. */
export type TrainedMap = ShippedMap & {
  /** float32 (held-out count x 3), the projector's positions of the held-out digits. */
  heldOutPositions: string;
};

/**
 * A trained seed's seed.json: the contract plus the training record. Only the seed a manifold
 * ships has a map and the projector that reproduces it (`npm run train` builds them last).
 */
export interface SeedRecord extends BundleManifest {
  manifold: ManifoldId;
  recipe: Recipe;
  /** What trained the grounding, in words, for the HUD and captions. */
  signal: string;
  created: string;
  packages: Record<string, string>;
  seed: number;
  config: PipelineConfig;
  splits: Record<string, string>;
  models: Record<Exclude<NetworkName, 'projector'>, NetworkRecord> & { projector?: NetworkRecord };
  /** The project's one judge, shared by every manifold (optional: the page runs without it). */
  judge?: { path: string };
  digits: { training: ShippedDigits; heldOut: ShippedDigits };
  /** The 3D map: UMAP positions of the fitted latents and how the projector reproduces them. */
  map?: TrainedMap;
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

/** A manifold's manifest.json: its shipped seed's record, with the map and projector it must have. */
export interface Manifest extends SeedRecord {
  models: Record<NetworkName, NetworkRecord>;
  map: TrainedMap;
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

function checked(text: string, file: string, schema: v.GenericSchema): unknown {
  const value = parseJson(text, file);
  const issues = manifestIssues(schema, value);
  if (issues.length > 0) throw new ManifestError(file, issues);
  return value;
}

/**
 * Reads a bundle's manifest.json against the contract (BUNDLE_SCHEMA): a bad one throws one
 * ManifestError naming every bad field, e.g. `manifest.json: models.encoder.path: expected a path
 * (a string), got 3; latent_dim: expected an integer >= 2, got 1`.
 */
export function parseBundleManifest(text: string, file = 'manifest.json'): BundleManifest {
  return checked(text, file, BUNDLE_SCHEMA) as BundleManifest;
}

/** A manifold's manifest.json as `npm run train` writes it: the contract and the training record. */
export function parseManifest(text: string, file = 'manifest.json'): Manifest {
  return checked(text, file, TRAINED_SCHEMA) as Manifest;
}

/** A trained seed's seed.json (a map and projector only if it is, or was, a shipped seed). */
export function parseSeedRecord(text: string, file = 'seed.json'): SeedRecord {
  return checked(text, file, SEED_SCHEMA) as SeedRecord;
}

/** The record as a manifold ships it, or an error naming what it lacks. */
export function withMap(record: SeedRecord, file = 'seed.json'): Manifest {
  if (record.map === undefined || record.models.projector === undefined) {
    throw new Error(`${file}: seed ${record.seed} has no map (only the seed a manifold ships gets one; npm run train builds it)`);
  }
  return record as Manifest;
}

/** models/index.json, checked as INDEX_SCHEMA says: every bad field named in one ManifestError. */
export function parseManifoldIndex(text: string, file = 'index.json'): ManifoldIndex {
  const value = parseJson(text, file);
  const issues = manifestIssues(INDEX_SCHEMA, value, indexCrossIssues);
  if (issues.length > 0) throw new ManifestError(file, issues);
  return value as unknown as ManifoldIndex;
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
