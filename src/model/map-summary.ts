/**
 * What a manifest records about the 3D map (manifest.map): the UMAP settings, the normalisation,
 * the projector's training and fidelity, and where the fitted positions are. Types only, apart
 * from projection.ts (which fits the map), so that reading a manifest needs no umap-js: the
 * library's type declarations reach this file and must name no package a sketch lacks.
 */
import type { ProjectorFidelity } from './map-fidelity';
import type { ProjectorTraining } from './projector';

export interface UmapOptions {
  seed: number;
  nNeighbors: number;
  minDist: number;
  spread: number;
  /**
   * Layout epochs; must be a multiple of 3. umap-js's transform() runs nEpochs / 3 epochs and
   * stops only when its epoch counter equals that exactly, so any other value never returns.
   */
  nEpochs: number;
}

/**
 * normalised = (raw - centre) * scale: the fitted embedding's bounding box is centred on the
 * origin and its longest side spans [-1, 1], so the scene gets the same coordinates whatever
 * arbitrary scale UMAP's layout happened to settle at.
 */
export interface Normalisation {
  centre: [number, number, number];
  scale: number;
}

/** What the manifest records about the map, beside the files that hold it. */
export interface MapSummary {
  count: number;
  normalisation: Normalisation;
  umap: UmapOptions;
  /** `samples`: the fitted points plus the extra latents placed by umapTransform. */
  projector: ProjectorTraining & { parameters: number; final_loss: number; samples?: number };
  fidelity: {
    /** Projector against umapTransform (exact search) on latents the map never saw. */
    held_out: ProjectorFidelity;
    /** Projector against the embedding it was trained on: a training figure. */
    fit_points: ProjectorFidelity;
  };
  /** `targets`: umapTransform of the projector's extra latents. */
  seconds: { umap: number; projector: number; transform: number; targets?: number };
}

/** manifest.map: the summary, and where the browser finds the fitted positions. */
export interface ShippedMap extends MapSummary {
  /** Path relative to assets/: little-endian float32, count x 3, normalised map coordinates. */
  positions: string;
  /** Path relative to assets/: one uint8 digit label per row of positions. */
  labels: string;
  /** Row order: the training digits as manifest.digits.training lists them, then the reference digits. */
  rows: { training: number; reference: number };
}
