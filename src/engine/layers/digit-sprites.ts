/**
 * The decoded digit of every rollout step as a small billboard beside its point on the path:
 * what the model "sees" at each state. All digits share one atlas texture and one mesh of
 * camera-facing quads (rebuilt on the CPU each frame: a few hundred vertices), so they cost one
 * draw call on either renderer.
 */
import * as THREE from 'three';
import { digitImage, IMAGE_SIZE, PIXELS } from '../../model/dataset';
import type { RolloutSet } from '../rollouts/rollout-runner';
import type { FrameInfo, Layer } from './layer';
import { digitColour } from './palette';

export interface DigitSpritesLayer extends Layer {
  show(set: RolloutSet | null): void;
}

interface Card {
  centre: THREE.Vector3;
  size: number;
}

/** Paints every image (n x 784) into one square-ish atlas, white with intensity as alpha. */
function atlas(images: Float32Array[]): { texture: THREE.CanvasTexture<OffscreenCanvas>; columns: number; rows: number } {
  const columns = Math.max(1, Math.ceil(Math.sqrt(images.length)));
  const rows = Math.max(1, Math.ceil(images.length / columns));
  const canvas = new OffscreenCanvas(columns * IMAGE_SIZE, rows * IMAGE_SIZE);
  const ctx = canvas.getContext('2d')!;
  const tile = ctx.createImageData(IMAGE_SIZE, IMAGE_SIZE);
  images.forEach((image, i) => {
    for (let p = 0; p < PIXELS; p++) tile.data.set([255, 255, 255, Math.round(Math.min(1, Math.max(0, image[p]!)) * 255)], p * 4);
    ctx.putImageData(tile, (i % columns) * IMAGE_SIZE, Math.floor(i / columns) * IMAGE_SIZE);
  });
  const texture = new THREE.CanvasTexture(canvas);
  texture.colorSpace = THREE.SRGBColorSpace;
  texture.magFilter = THREE.NearestFilter;
  return { texture, columns, rows };
}

export function createDigitSprites(): DigitSpritesLayer {
  const material = new THREE.MeshBasicMaterial({ vertexColors: true, transparent: true, depthWrite: false, side: THREE.DoubleSide });
  const mesh = new THREE.Mesh(new THREE.BufferGeometry(), material);
  mesh.name = 'digit-sprites';
  mesh.frustumCulled = false;
  let cards: Card[] = [];
  const right = new THREE.Vector3();
  const up = new THREE.Vector3();

  const clear = () => {
    material.map?.dispose();
    material.map = null;
    mesh.geometry.dispose();
    mesh.geometry = new THREE.BufferGeometry();
    cards = [];
  };

  return {
    name: 'sprites',
    object: mesh,
    show(set: RolloutSet | null) {
      clear();
      if (set === null || set.tracks.length === 0) return;
      const images: Float32Array[] = [];
      const colours: number[] = [];
      for (const track of set.tracks) {
        const grounded = track.mode === 'grounded';
        for (let k = 0; k < track.positions.length / 3; k++) {
          images.push(digitImage(track.images, k));
          const c = digitColour(track.labels?.[k] ?? track.start % 10).lerp(new THREE.Color(1, 1, 1), 0.5).multiplyScalar(grounded ? 1 : 0.6);
          colours.push(c.r, c.g, c.b);
          const p = track.positions;
          cards.push({ centre: new THREE.Vector3(p[k * 3]!, p[k * 3 + 1]! + (grounded ? 0.06 : -0.05), p[k * 3 + 2]!), size: grounded ? 0.075 : 0.05 });
        }
      }
      const { texture, columns, rows } = atlas(images);
      const n = cards.length;
      const uvs = new Float32Array(n * 8);
      const vertexColours = new Float32Array(n * 12);
      const index: number[] = [];
      cards.forEach((_, i) => {
        const u0 = (i % columns) / columns;
        const v1 = 1 - Math.floor(i / columns) / rows;
        const u1 = u0 + 1 / columns;
        const v0 = v1 - 1 / rows;
        uvs.set([u0, v0, u1, v0, u1, v1, u0, v1], i * 8);
        for (let c = 0; c < 4; c++) vertexColours.set(colours.slice(i * 3, i * 3 + 3), i * 12 + c * 3);
        index.push(i * 4, i * 4 + 1, i * 4 + 2, i * 4, i * 4 + 2, i * 4 + 3);
      });
      const geometry = new THREE.BufferGeometry();
      geometry.setAttribute('position', new THREE.BufferAttribute(new Float32Array(n * 12), 3));
      geometry.setAttribute('uv', new THREE.BufferAttribute(uvs, 2));
      geometry.setAttribute('color', new THREE.BufferAttribute(vertexColours, 3));
      geometry.setIndex(index);
      mesh.geometry.dispose();
      mesh.geometry = geometry;
      material.map = texture;
      material.needsUpdate = true;
    },
    update(frame: FrameInfo) {
      if (cards.length === 0) return;
      // Face the camera: corners along the camera's right and up axes.
      right.setFromMatrixColumn(frame.camera.matrixWorld, 0);
      up.setFromMatrixColumn(frame.camera.matrixWorld, 1);
      const position = mesh.geometry.getAttribute('position') as THREE.BufferAttribute;
      const corners = [
        [-0.5, -0.5],
        [0.5, -0.5],
        [0.5, 0.5],
        [-0.5, 0.5],
      ] as const;
      cards.forEach((card, i) => {
        corners.forEach(([a, b], c) => {
          position.setXYZ(
            i * 4 + c,
            card.centre.x + (right.x * a + up.x * b) * card.size,
            card.centre.y + (right.y * a + up.y * b) * card.size,
            card.centre.z + (right.z * a + up.z * b) * card.size,
          );
        });
      });
      position.needsUpdate = true;
    },
    dispose() {
      clear();
      mesh.geometry.dispose();
      material.dispose();
    },
  };
}
