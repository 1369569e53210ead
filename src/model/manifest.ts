import type { ShippedMap } from './projection';

/**
 * assets/models/manifest.json: what was trained, from what, how, and what it measured.
 * The browser reads it to find the models and the shipped digits; people read it for provenance.
 */
export const MANIFEST_VERSION = 1;

export interface ShippedDigits {
  /** Path relative to assets/, uint8 pixels (count x 784, value = round(255 x intensity)). */
  file: string;
  count: number;
  labels: number[];
  /** Index of each digit within its class in the mnist package. */
  indices: number[];
}

export interface Manifest {
  version: typeof MANIFEST_VERSION;
  created: string;
  packages: Record<string, string>;
  seed: number;
  config: Record<string, unknown>;
  splits: Record<string, string>;
  models: Record<'encoder' | 'decoder' | 'dynamics' | 'judge' | 'projector', { path: string; parameters: number }>;
  digits: { training: ShippedDigits; heldOut: ShippedDigits };
  /** The 3D map: UMAP positions of the fitted latents and how the projector reproduces them. */
  map: ShippedMap & {
    /** Path relative to assets/: float32 (held-out count x 3), the projector's positions of the held-out digits. */
    heldOutPositions: string;
  };
  /** Every dynamics run trained and its validation figures; the kept one is marked. */
  dynamics_candidates: Array<{ seed: number; validation_forward: number; validation_backward: number; kept: boolean }>;
  training_seconds: Record<string, number>;
  samples_per_second: Record<string, number>;
  final_losses: Record<string, number>;
  metrics: unknown;
}

/** Rejects a manifest that is not one of ours with a message that says what is wrong. */
export function parseManifest(text: string): Manifest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new Error(`manifest.json is not valid JSON: ${(e as Error).message}`);
  }
  if (typeof value !== 'object' || value === null) throw new Error('manifest.json is not an object');
  const m = value as Partial<Manifest>;
  if (m.version !== MANIFEST_VERSION) throw new Error(`manifest.json has version ${String(m.version)}, expected ${MANIFEST_VERSION}`);
  for (const name of ['encoder', 'decoder', 'dynamics', 'projector'] as const) {
    if (typeof m.models?.[name]?.path !== 'string') throw new Error(`manifest.json names no ${name} model`);
  }
  if (!m.digits?.heldOut || !Array.isArray(m.digits.heldOut.labels)) throw new Error('manifest.json lists no held-out digits');
  if (typeof m.map?.positions !== 'string') throw new Error('manifest.json has no map positions');
  return m as Manifest;
}

export function toUint8Pixels(images: Float32Array): Uint8Array {
  return Uint8Array.from(images, (v) => Math.round(Math.min(1, Math.max(0, v)) * 255));
}

export function fromUint8Pixels(bytes: Uint8Array): Float32Array {
  return Float32Array.from(bytes, (v) => v / 255);
}
