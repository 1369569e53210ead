/**
 * The shipped digits as dots at their map positions, coloured by class, over a dimmer cloud of
 * every fitted latent, plus a ring that marks the hovered digit.
 */
import * as THREE from 'three';
import type { DotsFactory, FrameInfo, Layer } from './layer';
import { digitColour } from './palette';
import { nearestOnScreen } from './picking';

export interface ClustersLayer extends Layer {
  /** Marks point `index` (or none with -1). */
  highlight(index: number): void;
  /**
   * Colours point i by `labels[i]` instead of its own class (a basins census: the digit its
   * rollout ends in), dimming points with -1; null gives every point its own class again.
   */
  tint(labels: Int32Array | null): void;
  /** The tint shown (a copy), or null when every point has its own class's colour. */
  tinted(): Int32Array | null;
}

/** n x 3 linear colours for `labels`, scaled by `brightness`. */
function colours(labels: ArrayLike<number>, brightness: number): Float32Array {
  const out = new Float32Array(labels.length * 3);
  for (let i = 0; i < labels.length; i++) {
    const c = digitColour(labels[i]!).multiplyScalar(brightness);
    out.set([c.r, c.g, c.b], i * 3);
  }
  return out;
}

/** Census colours: each point in its end digit's colour, points left out (-1) a dim grey. */
function tintColours(by: Int32Array): Float32Array {
  const out = new Float32Array(by.length * 3);
  for (let i = 0; i < by.length; i++) {
    const c = by[i]! < 0 ? new THREE.Color(0.12, 0.12, 0.14) : digitColour(by[i]!).multiplyScalar(1.1);
    out.set([c.r, c.g, c.b], i * 3);
  }
  return out;
}

/**
 * `points`/`labels`: the hoverable digits; `cloud`: every fitted latent (thousands more), drawn
 * smaller and dimmer so the clusters read as shapes. `dots` draws them on the active renderer.
 */
export function createClusters(
  dots: DotsFactory,
  points: Float32Array,
  labels: Int32Array,
  cloud?: { points: Float32Array; labels: ArrayLike<number> },
  radius = 0.011,
): ClustersLayer {
  const count = labels.length;
  const group = new THREE.Group();
  group.name = 'clusters';
  const cloudDots = cloud ? dots({ positions: cloud.points, colours: colours(cloud.labels, 0.5), size: radius * 2, opacity: 0.55 }) : undefined;
  let shownTint: Int32Array | null = null;
  let digitDots = dots({ positions: points, colours: colours(labels, 0.85), size: radius * 4, opacity: 0.95 });
  if (cloudDots) group.add(cloudDots.object);
  group.add(digitDots.object);

  const ringGeometry = new THREE.RingGeometry(radius * 2.2, radius * 3, 24);
  const ringMaterial = new THREE.MeshBasicMaterial({ color: 0xffffff, side: THREE.DoubleSide, transparent: true, opacity: 0.95 });
  const ring = new THREE.Mesh(ringGeometry, ringMaterial);
  ring.visible = false;
  group.add(ring);

  return {
    name: 'clusters',
    object: group,
    pick(x, y, camera, width, height) {
      if (!digitDots.object.visible) return null;
      const hit = nearestOnScreen(points, camera, { x, y }, { width, height });
      return hit.index < 0 ? null : { layer: 'clusters', index: hit.index, label: labels[hit.index]!, distance: hit.distance };
    },
    highlight(index: number) {
      ring.visible = index >= 0 && index < count;
      if (ring.visible) ring.position.set(points[index * 3]!, points[index * 3 + 1]!, points[index * 3 + 2]!);
    },
    tint(by) {
      if (by !== null && by.length !== count) throw new RangeError(`tint: expected ${count} labels, got ${by.length}`);
      shownTint = by === null ? null : by.slice();
      const fresh = by === null ? colours(labels, 0.85) : tintColours(by);
      const visible = digitDots.object.visible;
      group.remove(digitDots.object);
      digitDots.dispose();
      digitDots = dots({ positions: points, colours: fresh, size: radius * 4, opacity: 0.95 });
      digitDots.object.visible = visible;
      group.add(digitDots.object);
    },
    tinted: () => shownTint?.slice() ?? null,
    update(frame: FrameInfo) {
      digitDots.object.visible = frame.params.clusters;
      if (cloudDots) cloudDots.object.visible = frame.params.clusters;
      if (ring.visible) ring.quaternion.copy(frame.camera.quaternion);
    },
    dispose() {
      digitDots.dispose();
      cloudDots?.dispose();
      ringGeometry.dispose();
      ringMaterial.dispose();
    },
  };
}

/** Mean map position of each class (classes x 3). */
export function classCentres(points: Float32Array, labels: Int32Array, classes = 10): Float32Array {
  const sums = new Float64Array(classes * 3);
  const counts = new Int32Array(classes);
  labels.forEach((label, i) => {
    counts[label]!++;
    for (let c = 0; c < 3; c++) sums[label * 3 + c]! += points[i * 3 + c]!;
  });
  return Float32Array.from(sums, (s, k) => s / Math.max(1, counts[Math.floor(k / 3)]!));
}
