/**
 * The digit name at each class centre, as HTML over the canvas: crisp at any zoom, free on the
 * GPU, and readable by tests and screen readers. Repositioned every frame from the camera. The
 * page puts this layer in the engine's list in place of the engine's in-scene 'labels' sprites.
 */
import * as THREE from 'three';
import { digitCss, type FrameInfo, type Layer } from '../../engine';

export function createCentroidLabels(overlay: HTMLElement, centres: Float32Array): Layer {
  const classes = centres.length / 3;
  const labels = Array.from({ length: classes }, (_, digit) => {
    const el = document.createElement('div');
    el.className = 'centroid-label';
    el.textContent = String(digit);
    el.style.color = digitCss(digit);
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
        const visible = frame.state.clusters && v.z < 1 && Math.abs(v.x) < 1.1 && Math.abs(v.y) < 1.1;
        el.style.display = visible ? '' : 'none';
        if (visible) el.style.transform = `translate(${((v.x + 1) / 2) * width}px, ${((1 - v.y) / 2) * height}px) translate(-50%, -50%)`;
      });
    },
    dispose() {
      for (const el of labels) el.remove();
    },
  };
}
