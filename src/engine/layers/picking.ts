/** CPU picking: the map point nearest the mouse on screen (a few thousand points: microseconds). */
import * as THREE from 'three';

const scratch = new THREE.Vector3();

/**
 * Index of the point (n x 3, world space) whose projection is nearest `pixel` (CSS px from the
 * canvas's top left), within `maxPixels`; nearer-to-camera wins ties. -1 when none is close.
 */
export function pickPoint(points: Float32Array, camera: THREE.Camera, pixel: { x: number; y: number }, size: { width: number; height: number }, maxPixels = 10): number {
  return nearestOnScreen(points, camera, pixel, size, maxPixels).index;
}

/** The nearest point's index (-1: none within `maxPixels`) and its squared distance in CSS pixels. */
export function nearestOnScreen(points: Float32Array, camera: THREE.Camera, pixel: { x: number; y: number }, size: { width: number; height: number }, maxPixels = 10): { index: number; distance: number } {
  let best = -1;
  let bestScore = maxPixels * maxPixels;
  const count = points.length / 3;
  for (let i = 0; i < count; i++) {
    scratch.set(points[i * 3]!, points[i * 3 + 1]!, points[i * 3 + 2]!).project(camera);
    if (scratch.z > 1 || scratch.z < -1) continue;
    const dx = ((scratch.x + 1) / 2) * size.width - pixel.x;
    const dy = ((1 - scratch.y) / 2) * size.height - pixel.y;
    const score = dx * dx + dy * dy + scratch.z * 1e-3;
    if (score < bestScore) {
      bestScore = score;
      best = i;
    }
  }
  return { index: best, distance: bestScore };
}

/** CSS pixel position (from the view's top left) of point `index` (n x 3, world space) seen by `camera`. */
export function onScreen(points: Float32Array, index: number, camera: THREE.Camera, size: { width: number; height: number }): { x: number; y: number } {
  scratch.set(points[index * 3]!, points[index * 3 + 1]!, points[index * 3 + 2]!).project(camera);
  return { x: ((scratch.x + 1) / 2) * size.width, y: ((1 - scratch.y) / 2) * size.height };
}
