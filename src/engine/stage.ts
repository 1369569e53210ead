/**
 * The scene, camera and mouse orbit shared by every layer. The map lives in [-1, 1]^3, so the
 * camera looks at the origin from a fixed distance; auto-rotate and reset are OrbitControls'.
 */
import * as THREE from 'three';
import { OrbitControls } from 'three/addons/controls/OrbitControls.js';
import { HOME_CAMERA } from '../spec/spec';

const HOME = new THREE.Vector3(...HOME_CAMERA.position);
const HOME_TARGET = new THREE.Vector3(...HOME_CAMERA.target);

export const BACKGROUND = 0x05060a;

export interface Stage {
  readonly scene: THREE.Scene;
  readonly camera: THREE.PerspectiveCamera;
  readonly controls: OrbitControls;
  resize(width: number, height: number): void;
  resetCamera(): void;
  /** Where the camera is and what it looks at (the state's camera pose). */
  pose(): { position: [number, number, number]; target: [number, number, number] };
  /** Puts the camera at `position` looking at `target` (presets, camera paths). */
  setPose(position: readonly number[], target: readonly number[]): void;
  /** Advances damping / auto-rotation by `delta` seconds. */
  update(delta: number, autoRotate: boolean): void;
  dispose(): void;
}

/** `controls`: orbit with the mouse on `canvas` (a sketch driving its own camera passes false). */
export function createStage(canvas: HTMLCanvasElement, controlsOn = true): Stage {
  const scene = new THREE.Scene();
  scene.background = new THREE.Color(BACKGROUND);
  const camera = new THREE.PerspectiveCamera(45, 1, 0.01, 100);
  camera.position.copy(HOME);
  const controls = new OrbitControls(camera, canvas);
  controls.enableDamping = true;
  controls.dampingFactor = 0.08;
  controls.minDistance = 0.4;
  controls.maxDistance = 12;
  controls.autoRotateSpeed = 1.2;
  controls.enabled = controlsOn;
  controls.target.copy(HOME_TARGET);
  camera.lookAt(HOME_TARGET);
  return {
    scene,
    camera,
    controls,
    resize(width, height) {
      camera.aspect = width / Math.max(1, height);
      camera.updateProjectionMatrix();
    },
    resetCamera() {
      controls.reset();
      camera.position.copy(HOME);
      controls.target.copy(HOME_TARGET);
      controls.update();
    },
    pose() {
      const { position: p } = camera;
      const { target: t } = controls;
      return { position: [p.x, p.y, p.z], target: [t.x, t.y, t.z] };
    },
    setPose(position, target) {
      camera.position.set(position[0]!, position[1]!, position[2]!);
      controls.target.set(target[0]!, target[1]!, target[2]!);
      camera.lookAt(controls.target);
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
