/**
 * A kiosk's slow camera drift, so that no pixel of the scene stays lit for hours on a screen that
 * never turns off: a sway about the map's middle, a small nod, a breathing zoom and a sideways
 * shift, each a sine of its own period (periods that share no small multiple, so the pattern
 * does not repeat for hours). It is an offset for drawing only: put on the camera after the orbit
 * controls and the director have placed it, and taken off again once the frame is drawn, so the
 * view's state (its camera pose, the URL hash) never sees it and nothing accumulates.
 */
import * as THREE from 'three';

export interface Drift {
  /** Turn about the world's up axis through the pivot, radians. */
  yaw: number;
  /** Nod about the camera's right axis through the pivot, radians. */
  pitch: number;
  /** Distance to the pivot scaled by exp(dolly). */
  dolly: number;
  /** Sideways and upward shift of the camera, as shares of its distance to the pivot. */
  shiftX: number;
  shiftY: number;
}

/** Amplitude and period (seconds) of each part: small enough to keep a preset's view recognisable. */
const PARTS: Record<keyof Drift, { amplitude: number; period: number }> = {
  yaw: { amplitude: 0.3, period: 617 },
  pitch: { amplitude: 0.08, period: 443 },
  dolly: { amplitude: 0.05, period: 787 },
  shiftX: { amplitude: 0.025, period: 523 },
  shiftY: { amplitude: 0.02, period: 691 },
};

/** The drift `seconds` into the run (zero at 0, so switching it on moves nothing at once). */
export function driftAt(seconds: number): Drift {
  const at = (key: keyof Drift) => PARTS[key].amplitude * Math.sin((2 * Math.PI * seconds) / PARTS[key].period);
  return { yaw: at('yaw'), pitch: at('pitch'), dolly: at('dolly'), shiftX: at('shiftX'), shiftY: at('shiftY') };
}

/** The largest each part gets. */
export function driftBounds(): Drift {
  return { yaw: PARTS.yaw.amplitude, pitch: PARTS.pitch.amplitude, dolly: PARTS.dolly.amplitude, shiftX: PARTS.shiftX.amplitude, shiftY: PARTS.shiftY.amplitude };
}

const scratch = { offset: new THREE.Vector3(), axis: new THREE.Vector3(), turn: new THREE.Quaternion(), nod: new THREE.Quaternion() };

/** Moves `camera` by `drift` about `pivot` (position and orientation together, as one rigid move). */
export function applyDrift(camera: THREE.Camera, pivot: THREE.Vector3, drift: Drift): void {
  const { offset, axis, turn, nod } = scratch;
  axis.set(1, 0, 0).applyQuaternion(camera.quaternion);
  nod.setFromAxisAngle(axis, drift.pitch);
  turn.setFromAxisAngle(camera.up, drift.yaw).multiply(nod);
  offset.copy(camera.position).sub(pivot).applyQuaternion(turn).multiplyScalar(Math.exp(drift.dolly));
  camera.position.copy(pivot).add(offset);
  camera.quaternion.premultiply(turn);
  const distance = offset.length();
  axis.set(drift.shiftX * distance, drift.shiftY * distance, 0).applyQuaternion(camera.quaternion);
  camera.position.add(axis);
  camera.updateMatrixWorld();
}

/** Where a camera stood before a drift was put on it, to take it off exactly. */
export interface SavedPose {
  position: THREE.Vector3;
  quaternion: THREE.Quaternion;
}

export function savePose(camera: THREE.Camera): SavedPose {
  return { position: camera.position.clone(), quaternion: camera.quaternion.clone() };
}

export function restorePose(camera: THREE.Camera, saved: SavedPose): void {
  camera.position.copy(saved.position);
  camera.quaternion.copy(saved.quaternion);
  camera.updateMatrixWorld();
}
