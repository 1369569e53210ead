/**
 * The scene, camera and mouse orbit shared by every layer. The camera's home is searched for the
 * map on show (src/engine/camera/home.ts) and fitted to the viewport; a camera at home follows
 * the viewport through resizes and new free areas, one the user or a preset moved stays put.
 */
import * as THREE from 'three';
import { OrbitControls } from 'three/addons/controls/OrbitControls.js';
import type { CameraPose } from '../spec/spec';
import { HomeCamera, homeMarker, isHomeMarker, samePose } from './camera/home';
import { CAMERA_FOV } from './camera/search';
import type { Insets } from './camera/view-geometry';

export type { Insets };

export const BACKGROUND = 0x05060a;

export interface Stage {
  readonly scene: THREE.Scene;
  readonly camera: THREE.PerspectiveCamera;
  readonly controls: OrbitControls;
  /** The map's class centres (10 x 3): what the home camera keeps in view and apart. */
  readonly centres: Float32Array;
  /** Re-fits the home to the new shape (and moves the camera there if it was at home). */
  resize(width: number, height: number): void;
  /**
   * Keeps the cluster centres out of these bands of the viewport (shares of its width and height:
   * the page's title, caption and card strip); a missing band keeps its default (top 0.12,
   * bottom 0.32, sides 0.04). A camera at home moves to the new fit.
   */
  frame(insets: Partial<Insets>): void;
  /** Back to the searched home, fitted to the viewport. */
  resetCamera(): void;
  /** Where the camera is and what it looks at (the state's camera pose): HOME_CAMERA while at home. */
  pose(): CameraPose;
  /** Puts the camera at `pose` (presets, camera paths); HOME_CAMERA puts it at the searched home. */
  setPose(pose: Readonly<CameraPose>): void;
  /** Advances damping / auto-rotation by `delta` seconds. */
  update(delta: number, autoRotate: boolean): void;
  dispose(): void;
}

/**
 * `centres`: the map's class centres (10 x 3), which the home keeps in view and apart.
 * `controlsOn`: orbit with the mouse on `canvas` (a sketch driving its own camera passes false).
 */
export function createStage(canvas: HTMLCanvasElement, centres: Float32Array, controlsOn = true): Stage {
  const scene = new THREE.Scene();
  scene.background = new THREE.Color(BACKGROUND);
  const camera = new THREE.PerspectiveCamera(CAMERA_FOV, 1, 0.01, 100);
  const controls = new OrbitControls(camera, canvas);
  controls.enableDamping = true;
  controls.dampingFactor = 0.08;
  controls.minDistance = 0.4;
  // Far enough for the fitted home on a small window with tall chrome bands (it must not be clamped off home).
  controls.maxDistance = 40;
  controls.autoRotateSpeed = 1.2;
  controls.enabled = controlsOn;
  const home = new HomeCamera(centres, CAMERA_FOV);
  let homePose = home.pose(camera.aspect);
  const place = (pose: Readonly<CameraPose>) => {
    camera.position.set(...pose.position);
    controls.target.set(...pose.target);
    camera.lookAt(controls.target);
  };
  const current = (): CameraPose => {
    const { position: p } = camera;
    const { target: t } = controls;
    return { position: [p.x, p.y, p.z], target: [t.x, t.y, t.z] };
  };
  /** Re-fits the home after `change`, carrying the camera along only if it was there. */
  const refit = (change: () => void) => {
    const atHome = samePose(current(), homePose);
    change();
    homePose = home.pose(camera.aspect);
    if (atHome) place(homePose);
  };
  place(homePose);
  // reset() first restores this saved state (it also clears a zoom and an interaction in progress).
  controls.saveState();
  return {
    scene,
    camera,
    controls,
    centres,
    resize(width, height) {
      refit(() => {
        camera.aspect = width / Math.max(1, height);
        camera.updateProjectionMatrix();
      });
    },
    frame(insets) {
      refit(() => home.setInsets(insets));
    },
    resetCamera() {
      controls.reset();
      place(homePose);
      controls.update();
    },
    pose() {
      const pose = current();
      return samePose(pose, homePose) ? homeMarker() : pose;
    },
    setPose(pose) {
      place(isHomeMarker(pose) ? homePose : pose);
    },
    update(delta, autoRotate) {
      controls.autoRotate = autoRotate;
      controls.update(delta);
    },
    dispose() {
      controls.dispose();
    },
  };
}
