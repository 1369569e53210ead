/**
 * A custom layer: a ring around each of a sample of particles, coloured by the digit the judge
 * reads in that particle's decoded image, D(z). Every `seconds` it reads the sample back once
 * (latents and places), decodes and judges it in one batch each; between refreshes it only turns
 * the rings to face the camera. Works on every path: three converts the basic material for WebGPU.
 */
import * as THREE from 'three';
import { digitColour, type FrameInfo, type LatentFlow, type Layer } from 'latentflow';

export interface DecodedRings extends Layer {
  /** The judged digit of each ring, in sample order. */
  labels(): number[];
}

export function createDecodedRings(flow: LatentFlow, count = 160, seconds = 1.5): DecodedRings {
  const geometry = new THREE.RingGeometry(0.02, 0.028, 28);
  const material = new THREE.MeshBasicMaterial({ side: THREE.DoubleSide, transparent: true, opacity: 0.9, depthWrite: false });
  const rings = new THREE.InstancedMesh(geometry, material, count);
  rings.count = 0;
  rings.frustumCulled = false;
  let labels: number[] = [];
  let places: Float32Array = new Float32Array(0);
  let due = 0;
  let busy = false;

  async function refresh(): Promise<void> {
    const sample = await flow.sampleParticles(count);
    const readings = await flow.classify(await flow.decode(sample.latents));
    places = sample.positions;
    labels = readings?.map((r) => r.label) ?? [];
    labels.forEach((label, i) => rings.setColorAt(i, digitColour(label)));
    if (rings.instanceColor) rings.instanceColor.needsUpdate = true;
    rings.count = labels.length;
  }

  const matrix = new THREE.Matrix4();
  const at = new THREE.Vector3();
  const one = new THREE.Vector3(1, 1, 1);
  return {
    name: 'decoded-rings',
    object: rings,
    update(frame: FrameInfo) {
      if (!busy && frame.time >= due) {
        busy = true;
        due = frame.time + seconds;
        void refresh().finally(() => (busy = false));
      }
      for (let i = 0; i < rings.count; i++) rings.setMatrixAt(i, matrix.compose(at.fromArray(places, i * 3), frame.camera.quaternion, one));
      rings.instanceMatrix.needsUpdate = true;
    },
    dispose() {
      geometry.dispose();
      material.dispose();
    },
    labels: () => [...labels],
  };
}
