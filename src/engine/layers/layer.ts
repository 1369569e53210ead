/**
 * The one small interface every visual layer shares (the Embedding Projector's visualizers are
 * the model): made by its module's create function, updated once per drawn frame, told when the
 * drawing size changes, asked what lies under the pointer, and disposed when it leaves the scene.
 * A layer never reaches into another; the engine's LayerList holds them in drawing order.
 */
import type * as THREE from 'three';
import type { FlowParams } from '../../spec/flow-params';

export interface FrameInfo {
  /** Frames drawn since start. */
  frame: number;
  /** Seconds since start (fixed-step mode: frame / frameRate). */
  time: number;
  /** Seconds since the previous drawn frame. */
  delta: number;
  /** This frame's params (layer visibility, colour mode, particle size ...). */
  params: FlowParams;
  camera: THREE.Camera;
}

/** What a layer found under the pointer. */
export interface PickHit {
  /** The layer's name. */
  layer: string;
  /** Which of the layer's items (for 'clusters': the map digit's index). */
  index: number;
  /** The item's digit class, when it has one. */
  label?: number;
  /** Squared screen distance in CSS pixels: the nearest hit over all layers wins. */
  distance: number;
}

export interface Layer {
  /** Unique in a LayerList; the engine's own are clusters, labels, trails, particles, rollouts, sprites. */
  readonly name?: string;
  readonly object: THREE.Object3D;
  update(frame: FrameInfo): void;
  /** The drawing buffer's new size in CSS pixels. */
  resize?(width: number, height: number): void;
  /** The item nearest CSS pixel (x, y) of a `width` x `height` view, or null. */
  pick?(x: number, y: number, camera: THREE.Camera, width: number, height: number): PickHit | null;
  dispose(): void;
}

export interface DotsOptions {
  /** n x 3 world positions. */
  positions: Float32Array;
  /** n x 3 linear RGB. */
  colours: Float32Array;
  /** Diameter in world units. */
  size: number;
  opacity: number;
}

export type DotsFactory = (options: DotsOptions) => Layer & { object: THREE.Object3D };
