/**
 * The rotation scene's 3D view: the chosen manifold's map (its UMAP layout of the 1,000 training
 * digits, coloured by digit, labelled at each class's centre) and the rotation rollout drawn over
 * it as a glowing path with the decoded image at each step. Plain three.js on its own renderer:
 * nothing here runs per frame but the orbit and the label placement. The camera is searched
 * (view-search.ts) so the class centres land far apart inside the part of the screen the strip and
 * caption leave free; it holds still until the viewer drags it.
 */
import * as THREE from 'three';
import { OrbitControls } from 'three/addons/controls/OrbitControls.js';
import { digitColour } from '../../engine';
import { IMAGE_SIZE, PIXELS } from '../../model/dataset';
import { markCentre } from '../chrome/centroid-labels';
import { frameMap, type Rect } from './view-search';

const BACKGROUND = 0x05060a;
const STEP_SPRITE = 0.11;
/** World sizes of a map point and of the path's glow, for the long lens's distance (about 7 units). */
const POINT_SIZE = 0.09;
const HALO_SIZE = 0.14;
/** Centres keep this share of the viewport height from the free area's edges: their labels fit. */
const LABEL_MARGIN = 0.035;

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

export class RotationMap {
  readonly renderer: THREE.WebGLRenderer;
  private readonly scene = new THREE.Scene();
  // A long lens: the map reads nearly as a plan, as the camera search (orthographic) assumes.
  private readonly camera = new THREE.PerspectiveCamera(20, 1, 0.05, 200);
  private readonly controls: OrbitControls;
  private cloud: THREE.Points | null = null;
  private readonly path = new THREE.Group();
  private readonly labels: HTMLElement[] = [];
  private centres: THREE.Vector3[] = [];
  private points: Float32Array = new Float32Array(0);
  private free: Rect | null = null;

  constructor(private readonly canvas: HTMLCanvasElement, overlay: HTMLElement) {
    this.renderer = new THREE.WebGLRenderer({ canvas, antialias: true });
    this.scene.background = new THREE.Color(BACKGROUND);
    this.controls = new OrbitControls(this.camera, canvas);
    this.controls.enableDamping = true;
    this.scene.add(this.path);
    for (let d = 0; d < 10; d++) {
      // White with a dark outline (the stylesheet): readable over any cluster colour.
      const label = document.createElement('span');
      label.className = 'centroid-label';
      label.textContent = String(d);
      overlay.append(label);
      this.labels.push(label);
    }
  }

  /** The map's points (n x 3) and their digits. */
  setMap(points: Float32Array, labels: Int32Array): void {
    if (this.cloud !== null) {
      this.scene.remove(this.cloud);
      this.cloud.geometry.dispose();
      (this.cloud.material as THREE.Material).dispose();
    }
    const geometry = new THREE.BufferGeometry();
    geometry.setAttribute('position', new THREE.BufferAttribute(points, 3));
    const colours = new Float32Array(points.length);
    const sums = Array.from({ length: 10 }, () => ({ v: new THREE.Vector3(), n: 0 }));
    labels.forEach((label, i) => {
      digitColour(label).toArray(colours, i * 3);
      sums[label]!.v.add(new THREE.Vector3(points[i * 3], points[i * 3 + 1], points[i * 3 + 2]));
      sums[label]!.n++;
    });
    geometry.setAttribute('color', new THREE.BufferAttribute(colours, 3));
    this.cloud = new THREE.Points(geometry, new THREE.PointsMaterial({ size: POINT_SIZE, vertexColors: true, transparent: true, opacity: 0.8, depthWrite: false }));
    this.scene.add(this.cloud);
    this.centres = sums.map((s) => (s.n > 0 ? s.v.divideScalar(s.n) : new THREE.Vector3(NaN)));
    this.points = points;
    this.frame();
  }

  /** The rollout: map positions (n x 3) of each step's latent and the image decoded at each step. */
  setPath(positions: Float32Array, images: Float32Array, digit: number): void {
    this.clearPath();
    const tint = digitColour(digit);
    const line = new THREE.Line(
      new THREE.BufferGeometry().setAttribute('position', new THREE.BufferAttribute(positions, 3)),
      new THREE.LineBasicMaterial({ color: tint.clone().lerp(new THREE.Color(0xffffff), 0.5), transparent: true, opacity: 0.95 }),
    );
    const halo = new THREE.Points(line.geometry, new THREE.PointsMaterial({ size: HALO_SIZE, color: tint, transparent: true, opacity: 0.9, blending: THREE.AdditiveBlending, depthWrite: false }));
    this.path.add(line, halo);
    const steps = positions.length / 3;
    for (let k = 0; k < steps; k++) {
      const sprite = new THREE.Sprite(new THREE.SpriteMaterial({ map: digitTexture(images.subarray(k * PIXELS, (k + 1) * PIXELS), k === 0 ? new THREE.Color(0xffffff) : tint), depthTest: false }));
      sprite.scale.setScalar(k === 0 ? STEP_SPRITE * 1.3 : STEP_SPRITE);
      sprite.position.set(positions[k * 3]!, positions[k * 3 + 1]! + STEP_SPRITE * 0.75, positions[k * 3 + 2]!);
      sprite.renderOrder = 10 + k;
      this.path.add(sprite);
    }
  }

  private clearPath(): void {
    for (const child of this.path.children.splice(0)) {
      const object = child as THREE.Mesh;
      object.geometry?.dispose();
      const material = object.material as THREE.SpriteMaterial | undefined;
      material?.map?.dispose();
      material?.dispose();
    }
  }

  /** `free`: the part of the canvas (CSS pixels) no overlay covers; the map is framed inside it. */
  resize(free: Rect): void {
    const { width, height } = this.size();
    this.renderer.setPixelRatio(window.devicePixelRatio);
    this.renderer.setSize(width, height, false);
    this.camera.aspect = width / Math.max(1, height);
    this.free = free;
    this.frame();
  }

  private size(): { width: number; height: number } {
    return { width: this.canvas.clientWidth || window.innerWidth, height: this.canvas.clientHeight || window.innerHeight };
  }

  /** Points the camera as the search says and shifts the projection so the map sits in the free area. */
  private frame(): void {
    if (this.free === null || this.points.length === 0) return;
    const { width, height } = this.size();
    const centres = Float32Array.from(this.centres.flatMap((c) => c.toArray()));
    const frame = frameMap(centres, this.points, this.free, { width, height, fovDeg: this.camera.fov }, LABEL_MARGIN * height);
    this.controls.target.set(...frame.target);
    this.camera.position.set(...frame.target).addScaledVector(new THREE.Vector3(...frame.direction), frame.distance);
    this.camera.lookAt(this.controls.target);
    this.camera.setViewOffset(width, height, width / 2 - frame.centre.x, height / 2 - frame.centre.y, width, height);
    this.camera.updateProjectionMatrix();
    this.controls.update();
  }

  render(): void {
    this.controls.update();
    this.renderer.render(this.scene, this.camera);
    const width = this.canvas.clientWidth;
    const height = this.canvas.clientHeight;
    this.centres.forEach((centre, d) => {
      const label = this.labels[d]!;
      const p = centre.clone().project(this.camera);
      label.hidden = !Number.isFinite(p.x) || p.z > 1;
      // project() already includes the view offset, so the labels follow the shifted map.
      markCentre(label, p, width, height);
      label.style.transform = `translate(${label.dataset.x}px, ${label.dataset.y}px) translate(-50%, -50%)`;
    });
  }

  dispose(): void {
    this.clearPath();
    this.cloud?.geometry.dispose();
    this.controls.dispose();
    this.renderer.dispose();
    this.labels.forEach((l) => l.remove());
  }
}
