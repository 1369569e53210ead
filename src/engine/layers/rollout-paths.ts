/**
 * Rollouts as glowing tubes through the map positions of their states, coloured along the way by
 * the judged digit of each step (bright enough to bloom), each with a head that runs along it.
 * Grounded tracks are solid, thick and bright; ungrounded ones (z <- z + f) dashed, thin and pale
 * beside them, so the two read apart at a glance (the HUD's legend names them).
 * All tubes of a mode are one merged mesh and all heads one instanced mesh: a handful of draw
 * calls however many rollouts there are.
 */
import * as THREE from 'three';
import { mergeGeometries } from 'three/addons/utils/BufferGeometryUtils.js';
import type { RolloutMode, RolloutSet, RolloutTrack } from '../rollouts/rollout-runner';
import type { FrameInfo, Layer } from './layer';
import { digitColour } from './palette';

const SEGMENTS_PER_STEP = 10;
const STYLE: Record<RolloutMode, { radius: number; gain: number; head: number; opacity: number }> = {
  grounded: { radius: 0.006, gain: 1.1, head: 1, opacity: 0.95 },
  ungrounded: { radius: 0.004, gain: 0.8, head: 0.6, opacity: 0.7 },
};

export interface RolloutPathsLayer extends Layer {
  show(set: RolloutSet | null): void;
}

function curveOf(track: RolloutTrack): THREE.CatmullRomCurve3 {
  const points: THREE.Vector3[] = [];
  for (let k = 0; k < track.positions.length / 3; k++) {
    points.push(new THREE.Vector3(track.positions[k * 3]!, track.positions[k * 3 + 1]!, track.positions[k * 3 + 2]!));
  }
  return new THREE.CatmullRomCurve3(points, false, 'centripetal');
}

/** Dashes per step of an ungrounded track, and the share of each dash period that is drawn. */
const DASHES_PER_STEP = 3;
const DASH_SHARE = 0.5;

/** The piece [from, to] of a curve, as a curve of its own. */
class CurvePiece extends THREE.Curve<THREE.Vector3> {
  constructor(
    private readonly curve: THREE.Curve<THREE.Vector3>,
    private readonly from: number,
    private readonly to: number,
  ) {
    super();
  }

  override getPoint(t: number, target = new THREE.Vector3()): THREE.Vector3 {
    return this.curve.getPointAt(this.from + t * (this.to - this.from), target);
  }
}

/** An ungrounded track as short dashes, each coloured by the step it lies in. */
function dashes(curve: THREE.CatmullRomCurve3, track: RolloutTrack): THREE.BufferGeometry {
  const steps = track.positions.length / 3 - 1;
  const count = Math.max(4, steps * DASHES_PER_STEP);
  const style = STYLE[track.mode];
  const parts: THREE.BufferGeometry[] = [];
  for (let k = 0; k < count; k++) {
    const piece = new THREE.TubeGeometry(new CurvePiece(curve, k / count, (k + DASH_SHARE) / count), 3, style.radius, 5, false);
    const c = digitColour(track.labels?.[Math.round(((k + 0.25) / count) * steps)] ?? track.start % 10).multiplyScalar(style.gain);
    const colours = new Float32Array(piece.attributes.position!.count * 3);
    for (let i = 0; i < colours.length; i += 3) colours.set([c.r, c.g, c.b], i);
    piece.setAttribute('color', new THREE.BufferAttribute(colours, 3));
    parts.push(piece);
  }
  const merged = mergeGeometries(parts) ?? new THREE.BufferGeometry();
  for (const p of parts) p.dispose();
  return merged;
}

/** A tube along `curve` whose rings take the colour of the step they are nearest. */
function tube(curve: THREE.CatmullRomCurve3, track: RolloutTrack): THREE.BufferGeometry {
  const steps = track.positions.length / 3 - 1;
  const style = STYLE[track.mode];
  const geometry = new THREE.TubeGeometry(curve, Math.max(8, steps * SEGMENTS_PER_STEP), style.radius, 6, false);
  const rings = geometry.parameters.tubularSegments + 1;
  const perRing = geometry.parameters.radialSegments + 1;
  const colours = new Float32Array(rings * perRing * 3);
  for (let r = 0; r < rings; r++) {
    const step = Math.round((r / (rings - 1)) * steps);
    const c = digitColour(track.labels?.[step] ?? track.start % 10).multiplyScalar(style.gain);
    for (let j = 0; j < perRing; j++) colours.set([c.r, c.g, c.b], (r * perRing + j) * 3);
  }
  geometry.setAttribute('color', new THREE.BufferAttribute(colours, 3));
  return geometry;
}

interface Lane {
  mode: RolloutMode;
  tubes: THREE.Mesh;
  heads: THREE.InstancedMesh;
  curves: THREE.CatmullRomCurve3[];
}

export function createRolloutPaths(): RolloutPathsLayer {
  const group = new THREE.Group();
  group.name = 'rollouts';
  const materials = {
    grounded: new THREE.MeshBasicMaterial({ vertexColors: true, transparent: true, opacity: STYLE.grounded.opacity, depthWrite: false }),
    ungrounded: new THREE.MeshBasicMaterial({ vertexColors: true, transparent: true, opacity: STYLE.ungrounded.opacity, depthWrite: false }),
  };
  const headGeometry = new THREE.SphereGeometry(0.018, 12, 8);
  const headMaterial = new THREE.MeshBasicMaterial({ color: new THREE.Color(2.2, 2.2, 2.2) });
  let lanes: Lane[] = [];
  const matrix = new THREE.Matrix4();
  const point = new THREE.Vector3();

  const clear = () => {
    for (const lane of lanes) {
      lane.tubes.geometry.dispose();
      lane.heads.dispose();
      group.remove(lane.tubes, lane.heads);
    }
    lanes = [];
  };

  return {
    name: 'rollouts',
    object: group,
    show(set: RolloutSet | null) {
      clear();
      if (set === null) return;
      for (const mode of ['grounded', 'ungrounded'] as const) {
        const tracks = set.tracks.filter((t) => t.mode === mode);
        if (tracks.length === 0) continue;
        const curves = tracks.map(curveOf);
        const parts = tracks.map((t, i) => (mode === 'grounded' ? tube(curves[i]!, t) : dashes(curves[i]!, t)));
        const merged = mergeGeometries(parts);
        for (const p of parts) p.dispose();
        if (merged === null) continue;
        const tubes = new THREE.Mesh(merged, materials[mode]);
        tubes.name = `rollouts-${mode}`;
        const heads = new THREE.InstancedMesh(headGeometry, headMaterial, tracks.length);
        heads.frustumCulled = false;
        group.add(tubes, heads);
        lanes.push({ mode, tubes, heads, curves });
      }
    },
    update(frame: FrameInfo) {
      for (const lane of lanes) {
        const scale = STYLE[lane.mode].head;
        lane.curves.forEach((curve, i) => {
          // One pass along the path every 6 s, each head at its own phase.
          curve.getPointAt((frame.time / 6 + ((i * 0.137) % 1)) % 1, point);
          lane.heads.setMatrixAt(i, matrix.makeScale(scale, scale, scale).setPosition(point));
        });
        lane.heads.instanceMatrix.needsUpdate = true;
      }
    },
    dispose() {
      clear();
      materials.grounded.dispose();
      materials.ungrounded.dispose();
      headGeometry.dispose();
      headMaterial.dispose();
    },
  };
}
