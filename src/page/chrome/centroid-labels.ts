/**
 * The digit name at each class centre, as HTML over the canvas: crisp at any zoom, free on the
 * GPU, and readable by tests and screen readers. Drawn white with a dark outline (style.css): the
 * cluster under it already carries the digit's colour, and white reads over every one of them. Repositioned every frame from the camera. The
 * page puts this layer in the engine's list in place of the engine's in-scene 'labels' sprites.
 */
import * as THREE from 'three';
import type { FrameInfo, Layer } from '../../engine';

/**
 * Writes where the class centre `projected` (normalised device coordinates) falls, in CSS pixels
 * of a `width` x `height` overlay, on its label (data-x, data-y, data-front), even while the label
 * is hidden: the stage check reads every centre from there.
 */
export function markCentre(el: HTMLElement, projected: THREE.Vector3, width: number, height: number): void {
  el.dataset.x = (((projected.x + 1) / 2) * width).toFixed(1);
  el.dataset.y = (((1 - projected.y) / 2) * height).toFixed(1);
  el.dataset.front = Number.isFinite(projected.x) && projected.z < 1 ? '1' : '0';
}

export function createCentroidLabels(overlay: HTMLElement, centres: Float32Array): Layer {
  const classes = centres.length / 3;
  const labels = Array.from({ length: classes }, (_, digit) => {
    const el = document.createElement('div');
    el.className = 'centroid-label';
    el.textContent = String(digit);
    el.dataset.digit = String(digit);
    overlay.append(el);
    return el;
  });
  const v = new THREE.Vector3();
  return {
    name: 'labels',
    object: new THREE.Group(),
    update(frame: FrameInfo) {
      const width = overlay.clientWidth;
      const height = overlay.clientHeight;
      labels.forEach((el, digit) => {
        v.set(centres[digit * 3]!, centres[digit * 3 + 1]!, centres[digit * 3 + 2]!).project(frame.camera);
        const visible = frame.params.clusters && v.z < 1 && Math.abs(v.x) < 1.1 && Math.abs(v.y) < 1.1;
        el.style.display = visible ? '' : 'none';
        markCentre(el, v, width, height);
        if (visible) el.style.transform = `translate(${el.dataset.x}px, ${el.dataset.y}px) translate(-50%, -50%)`;
      });
    },
    dispose() {
      for (const el of labels) el.remove();
    },
  };
}
