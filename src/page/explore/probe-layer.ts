/**
 * Where the probe (the drawn or picked digit) lands on the map: a ring that faces the camera,
 * coloured by the judge's reading, and a line through its last places, so dragging an
 * augmentation slider or drawing a stroke leaves a visible trail. A Layer in the engine's list.
 */
import * as THREE from 'three';
import { digitColour, type FrameInfo, type Layer } from '../../engine';

const TRAIL = 64;

export interface ProbeLayer extends Layer {
  /** Moves the probe to `place` (x, y, z on the map), read as `label` (null: unknown); null hides it. */
  moveTo(place: ArrayLike<number> | null, label: number | null): void;
  /** The probe's map place now, or null. */
  place(): [number, number, number] | null;
}

export function createProbeLayer(): ProbeLayer {
  const group = new THREE.Group();
  group.name = 'probe';
  const ringMaterial = new THREE.MeshBasicMaterial({ color: 0xffffff, side: THREE.DoubleSide, transparent: true, depthTest: false });
  const ring = new THREE.Mesh(new THREE.RingGeometry(0.045, 0.06, 40), ringMaterial);
  const dot = new THREE.Mesh(new THREE.CircleGeometry(0.014, 20), ringMaterial);
  const marker = new THREE.Group();
  marker.add(ring, dot);
  marker.visible = false;
  const trailPositions = new Float32Array(TRAIL * 3);
  const trailGeometry = new THREE.BufferGeometry();
  trailGeometry.setAttribute('position', new THREE.BufferAttribute(trailPositions, 3));
  trailGeometry.setDrawRange(0, 0);
  const trailMaterial = new THREE.LineBasicMaterial({ color: 0xffffff, transparent: true, opacity: 0.6, depthTest: false });
  const trail = new THREE.Line(trailGeometry, trailMaterial);
  group.add(trail, marker);
  let count = 0;
  return {
    name: 'probe',
    object: group,
    moveTo(place, label) {
      marker.visible = place !== null;
      if (place === null) {
        count = 0;
        trailGeometry.setDrawRange(0, 0);
        return;
      }
      marker.position.set(place[0]!, place[1]!, place[2]!);
      ringMaterial.color.copy(label === null ? new THREE.Color(0xffffff) : digitColour(label));
      if (count === TRAIL) trailPositions.copyWithin(0, 3);
      count = Math.min(TRAIL, count + 1);
      trailPositions.set([place[0]!, place[1]!, place[2]!], (count - 1) * 3);
      trailGeometry.attributes.position!.needsUpdate = true;
      trailGeometry.setDrawRange(0, count);
    },
    place: () => (marker.visible ? [marker.position.x, marker.position.y, marker.position.z] : null),
    update(frame: FrameInfo) {
      marker.quaternion.copy(frame.camera.quaternion);
    },
    dispose() {
      ring.geometry.dispose();
      dot.geometry.dispose();
      ringMaterial.dispose();
      trailGeometry.dispose();
      trailMaterial.dispose();
    },
  };
}
