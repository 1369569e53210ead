/**
 * The camera drift (camera-drift.ts) on one engine: a layer first in the engine's list puts the
 * drift on the camera once the orbit controls have placed it (so the layers after it, the digit
 * labels among them, see the drifted camera), and a frame listener takes it off right after the
 * frame is drawn. The drift turns about the middle of the map's class centres.
 */
import * as THREE from 'three';
import type { FrameInfo, Layer, LayerList } from '../../engine';
import { applyDrift, driftAt, restorePose, savePose, type SavedPose } from './camera-drift';

export const DRIFT_LAYER = 'kiosk-drift';

/** What the drift needs of an engine. */
export interface DriftTarget {
  readonly layers: LayerList;
  clusterCentres(): Float32Array;
}

function middle(centres: Float32Array): THREE.Vector3 {
  const pivot = new THREE.Vector3();
  const count = centres.length / 3;
  for (let i = 0; i < count; i++) pivot.add(new THREE.Vector3(centres[i * 3], centres[i * 3 + 1], centres[i * 3 + 2]));
  return count > 0 ? pivot.divideScalar(count) : pivot;
}

/**
 * Adds the drift to `engine`, timed by `seconds` (the page's clock, so a restarted engine drifts
 * on from where the last one was). Returns the function that takes the drift off the camera
 * (call it after each drawn frame) and the one that removes the layer.
 */
export function addDrift(engine: DriftTarget, seconds: () => number): { takeOff(): void; remove(): void } {
  const pivot = middle(engine.clusterCentres());
  let worn: { camera: THREE.Camera; saved: SavedPose } | null = null;
  const layer: Layer = {
    name: DRIFT_LAYER,
    object: new THREE.Object3D(),
    update(frame: FrameInfo) {
      // The controls placed the camera afresh this frame: whatever was worn before is gone.
      worn = { camera: frame.camera, saved: savePose(frame.camera) };
      applyDrift(frame.camera, pivot, driftAt(seconds()));
    },
    dispose() {
      worn = null;
    },
  };
  engine.layers.add(layer, { before: engine.layers.list()[0]?.name });
  return {
    takeOff() {
      if (worn === null) return;
      restorePose(worn.camera, worn.saved);
      worn = null;
    },
    remove() {
      this.takeOff();
      engine.layers.remove(layer);
      layer.dispose();
    },
  };
}
