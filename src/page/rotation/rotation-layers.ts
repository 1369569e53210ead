/**
 * The rotation scene's layers on the engine's list: the chosen manifold's map (its UMAP layout of
 * the 1,000 training digits as the engine's own dots, coloured by digit), the page's HTML labels
 * at that map's class centres, and the rotation rollout drawn over it as a glowing path with the
 * decoded image at each step. The engine's own layers (the particle field, its map, its rollouts)
 * are taken out of the list: this scene draws only these.
 */
import * as THREE from 'three';
import { digitColour, type Engine, type FrameInfo, type Layer } from '../../engine';
import { digitImage, IMAGE_SIZE, PIXELS } from '../../model/dataset';
import { createCentroidLabels } from '../chrome/centroid-labels';

const STEP_SPRITE = 0.11;
/** World sizes of a map dot and of the path's glow, for the long lens's distance (about 7 units). */
const POINT_SIZE = 0.1;
const HALO_SIZE = 0.14;

function digitTexture(image: Float32Array, tint: THREE.Color): THREE.CanvasTexture {
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = IMAGE_SIZE;
  const ctx = canvas.getContext('2d')!;
  const data = ctx.createImageData(IMAGE_SIZE, IMAGE_SIZE);
  for (let p = 0; p < PIXELS; p++) {
    const v = Math.min(1, Math.max(0, image[p]!));
    // A dark tile with the stroke a shade under white: the digit reads on top of the coloured
    // cloud without counting as washed-out white (every channel >= 245).
    data.data.set([20 + v * 208, 22 + v * 214, 30 + v * 225, 235], p * 4);
  }
  ctx.putImageData(data, 0, 0);
  ctx.strokeStyle = `#${tint.getHexString()}`;
  ctx.lineWidth = 2;
  ctx.strokeRect(0, 0, IMAGE_SIZE, IMAGE_SIZE);
  const texture = new THREE.CanvasTexture(canvas);
  texture.magFilter = THREE.NearestFilter;
  texture.colorSpace = THREE.SRGBColorSpace;
  return texture;
}

/** n x 3 linear colours of `labels`. */
function colours(labels: Int32Array): Float32Array {
  const out = new Float32Array(labels.length * 3);
  labels.forEach((label, i) => digitColour(label).toArray(out, i * 3));
  return out;
}

/** The mean position of each digit class's points (10 x 3; NaN for a class with none). */
export function mapCentres(points: Float32Array, labels: Int32Array): Float32Array {
  const sums = new Float64Array(30);
  const counts = new Int32Array(10);
  labels.forEach((label, i) => {
    for (let k = 0; k < 3; k++) sums[label * 3 + k]! += points[i * 3 + k]!;
    counts[label]!++;
  });
  return Float32Array.from(sums, (s, j) => (counts[Math.floor(j / 3)]! > 0 ? s / counts[Math.floor(j / 3)]! : NaN));
}

/** A layer of parts replaced whole: layers a factory made (the engine's dots) and plain three objects. */
class PartsLayer implements Layer {
  readonly object = new THREE.Group();
  private readonly parts: Layer[] = [];

  constructor(readonly name: string) {
    this.object.name = name;
  }

  addLayer(part: Layer): void {
    this.parts.push(part);
    this.object.add(part.object);
  }

  update(frame: FrameInfo): void {
    for (const part of this.parts) part.update(frame);
  }

  clear(): void {
    const own = this.object.children.filter((child) => !this.parts.some((part) => part.object === child));
    this.object.clear();
    for (const part of this.parts.splice(0)) part.dispose();
    for (const child of own as (THREE.Line | THREE.Sprite)[]) {
      // Sprites share three's one quad: only a line's geometry is its own.
      if (child instanceof THREE.Line) child.geometry.dispose();
      const material = child.material as THREE.Material & { map?: THREE.Texture | null };
      material.map?.dispose();
      material.dispose();
    }
  }

  dispose(): void {
    this.clear();
  }
}

/** The scene's layers on one engine (made again, with the engine, after a lost GPU). */
export class RotationDrawing {
  private readonly map = new PartsLayer('rotation-map');
  private readonly path = new PartsLayer('rotation-path');
  private labels: Layer | null = null;
  private shown: { points: Float32Array; centres: Float32Array } | null = null;

  constructor(
    private readonly engine: Engine,
    private readonly overlay: HTMLElement,
  ) {
    for (const layer of engine.layers.list()) engine.layers.remove(layer)?.dispose();
    engine.layers.add(this.map);
    engine.layers.add(this.path);
  }

  /** The map on show: its points (n x 3) and class centres (10 x 3), which the camera frames. */
  get mapOnShow(): { points: Float32Array; centres: Float32Array } | null {
    return this.shown;
  }

  /** Shows `points` (n x 3) coloured by `labels`; false when that map is already on show. */
  showMap(points: Float32Array, labels: Int32Array): boolean {
    if (points === this.shown?.points) return false;
    this.shown = { points, centres: mapCentres(points, labels) };
    this.map.clear();
    this.map.addLayer(this.engine.dots({ positions: points, colours: colours(labels), size: POINT_SIZE, opacity: 0.8 }));
    if (this.labels !== null) this.engine.layers.remove(this.labels)?.dispose();
    this.labels = createCentroidLabels(this.overlay, this.shown.centres);
    this.engine.layers.add(this.labels);
    return true;
  }

  /** The rollout: map positions (n x 3) of each step's latent and the image decoded at each step. */
  showPath(positions: Float32Array, images: Float32Array, digit: number): void {
    const { object: group } = this.path;
    this.path.clear();
    const tint = digitColour(digit);
    const line = new THREE.Line(
      new THREE.BufferGeometry().setAttribute('position', new THREE.BufferAttribute(positions, 3)),
      new THREE.LineBasicMaterial({ color: tint.clone().lerp(new THREE.Color(0xffffff), 0.5), transparent: true, opacity: 0.95 }),
    );
    group.add(line);
    const steps = positions.length / 3;
    const glow = new Float32Array(steps * 3);
    for (let k = 0; k < steps; k++) tint.toArray(glow, k * 3);
    this.path.addLayer(this.engine.dots({ positions, colours: glow, size: HALO_SIZE, opacity: 0.9 }));
    for (let k = 0; k < steps; k++) {
      const sprite = new THREE.Sprite(new THREE.SpriteMaterial({ map: digitTexture(digitImage(images, k), k === 0 ? new THREE.Color(0xffffff) : tint), depthTest: false }));
      sprite.scale.setScalar(k === 0 ? STEP_SPRITE * 1.3 : STEP_SPRITE);
      sprite.position.set(positions[k * 3]!, positions[k * 3 + 1]! + STEP_SPRITE * 0.75, positions[k * 3 + 2]!);
      sprite.renderOrder = 10 + k;
      group.add(sprite);
    }
  }
}
