/**
 * The one lifecycle every visual layer shares: made by its module's create function, updated once
 * per drawn frame, disposed when the scene is rebuilt. A layer never reaches into another.
 */
import type * as THREE from 'three';
import type { AppState } from '../../spec/spec';

export interface FrameInfo {
  /** Frames drawn since start. */
  frame: number;
  /** Seconds since start (fixed-step mode: frame / 60). */
  time: number;
  /** Seconds since the previous drawn frame. */
  delta: number;
  state: Readonly<AppState>;
  camera: THREE.Camera;
}

export interface Layer {
  readonly object: THREE.Object3D;
  update(frame: FrameInfo): void;
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
