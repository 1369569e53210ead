/**
 * Rollouts as tubes through the map positions of their states, coloured along the way by the
 * judged digit of each step. One story at a time (story-beat.ts): the rollout in focus travels as
 * a comet, a bright head with a full-strength tail behind it over the part already travelled,
 * while every other path stays a faint context. Grounded tracks are solid tubes in the digits'
 * colours; ungrounded ones (z <- z + f) dashed, thinner and in one pale colour of their own, so
 * the two read apart at a glance. All context tubes are one merged mesh per mode and the comet
 * reuses each track's buffers through draw ranges: a handful of draw calls however many rollouts.
 */
import * as THREE from 'three';
import { mergeGeometries } from 'three/addons/utils/BufferGeometryUtils.js';
import type { RolloutMode, RolloutSet, RolloutTrack } from '../rollouts/rollout-runner';
import type { FrameInfo, Layer } from './layer';
import { digitColour } from './palette';
import { storyBeat, turnOrder, type StoryBeat } from './story-beat';

/** Ungrounded paths (z <- z + f) in one colour of their own, apart from every digit's. */
const UNGROUNDED_COLOUR = new THREE.Color(0.86, 0.88, 0.95);

const SEGMENTS_PER_STEP = 10;
const STYLE: Record<RolloutMode, { radius: number; gain: number }> = {
  grounded: { radius: 0.007, gain: 1.1 },
  ungrounded: { radius: 0.005, gain: 0.8 },
};

export interface RolloutPathsLayer extends Layer {
  show(set: RolloutSet | null): void;
  /** The rollout in focus now and how far its comet has gone (null: none shown). */
  beat(): FocusedStory | null;
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
    const c = UNGROUNDED_COLOUR.clone().multiplyScalar(style.gain);
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

/** One track's own geometry, kept so the comet can draw any stretch of it. */
interface Path {
  track: RolloutTrack;
  geometry: THREE.BufferGeometry;
  /** Two views of the geometry (shared buffers, own draw ranges): the travelled part, the tail. */
  views: { travelled: THREE.BufferGeometry; tail: THREE.BufferGeometry };
  curve: THREE.CatmullRomCurve3;
  /** Arc-length share of the path at each state (the geometry is laid out by arc length). */
  arcAt: Float32Array;
}

/** Faint context for the paths not in focus, and the comet's travelled part and tail. */
const CONTEXT_OPACITY = 0.12;
const TRAVELLED_OPACITY = 0.4;
/** Steps of path behind the head drawn at full strength. */
const TAIL_STEPS = 1.2;
/** The most tracks in focus at once (a start's grounded and ungrounded track). */
const FOCUS_SLOTS = 2;

function arcShares(curve: THREE.CatmullRomCurve3, steps: number): Float32Array {
  const divisions = Math.max(1, steps) * 24;
  const lengths = curve.getLengths(divisions);
  const total = lengths[divisions]! || 1;
  return Float32Array.from({ length: steps + 1 }, (_, k) => lengths[Math.round((k / Math.max(1, steps)) * divisions)]! / total);
}

/** The arc-length share at fractional step `position`. */
function arcAtPosition(path: Path, position: number): number {
  const k = Math.min(path.arcAt.length - 1, Math.max(0, Math.floor(position)));
  const next = Math.min(path.arcAt.length - 1, k + 1);
  return path.arcAt[k]! + (path.arcAt[next]! - path.arcAt[k]!) * (position - k);
}

/** A geometry over the same buffers with a draw range of its own. */
function view(geometry: THREE.BufferGeometry): THREE.BufferGeometry {
  const v = new THREE.BufferGeometry();
  v.setIndex(geometry.index);
  for (const [name, attribute] of Object.entries(geometry.attributes)) v.setAttribute(name, attribute);
  return v;
}

/** Draws the stretch [from, to] (arc-length shares) of an indexed path geometry. */
function drawStretch(mesh: THREE.Mesh, from: number, to: number): void {
  const total = mesh.geometry.index?.count ?? 0;
  const a = Math.floor((Math.max(0, from) * total) / 6) * 6;
  const b = Math.ceil((Math.min(1, to) * total) / 6) * 6;
  mesh.geometry.setDrawRange(a, Math.max(0, b - a));
}

export interface FocusedStory extends StoryBeat {
  /** The tracks in focus (grounded first), sharing this start. */
  tracks: RolloutTrack[];
  steps: number;
}

export function createRolloutPaths(): RolloutPathsLayer {
  const group = new THREE.Group();
  group.name = 'rollouts';
  const material = (opacity: number) => new THREE.MeshBasicMaterial({ vertexColors: true, transparent: true, opacity, depthWrite: false });
  const materials = { context: material(CONTEXT_OPACITY), travelled: material(TRAVELLED_OPACITY), tail: material(1) };
  const headGeometry = new THREE.SphereGeometry(0.022, 14, 10);
  const headMaterials = Array.from({ length: FOCUS_SLOTS }, () => new THREE.MeshBasicMaterial({ color: 0xffffff }));
  const context: THREE.Mesh[] = [];
  // Each focus slot draws one track twice (travelled part, bright tail) plus its head.
  const slots = Array.from({ length: FOCUS_SLOTS }, (_, i) => {
    const travelled = new THREE.Mesh(new THREE.BufferGeometry(), materials.travelled);
    const tail = new THREE.Mesh(new THREE.BufferGeometry(), materials.tail);
    const head = new THREE.Mesh(headGeometry, headMaterials[i]!);
    for (const m of [travelled, tail, head]) {
      m.visible = false;
      m.frustumCulled = false;
      group.add(m);
    }
    travelled.name = `rollout-travelled-${i}`;
    tail.name = `rollout-tail-${i}`;
    head.name = `rollout-head-${i}`;
    return { travelled, tail, head };
  });
  let paths: Path[] = [];
  let order: number[] = [];
  let steps = 0;
  let beat: FocusedStory | null = null;
  const point = new THREE.Vector3();

  const clear = () => {
    for (const mesh of context.splice(0)) {
      mesh.geometry.dispose();
      group.remove(mesh);
    }
    // Every view goes with its geometry, so no shared buffer outlives a geometry still drawn.
    for (const p of paths) for (const g of [p.geometry, p.views.travelled, p.views.tail]) g.dispose();
    paths = [];
    order = [];
    beat = null;
    for (const slot of slots) for (const m of [slot.travelled, slot.tail, slot.head]) m.visible = false;
  };

  return {
    name: 'rollouts',
    object: group,
    show(set: RolloutSet | null) {
      clear();
      if (set === null || set.tracks.length === 0) return;
      steps = set.steps;
      paths = set.tracks.map((track) => {
        const curve = curveOf(track);
        const geometry = track.mode === 'grounded' ? tube(curve, track) : dashes(curve, track);
        return { track, geometry, views: { travelled: view(geometry), tail: view(geometry) }, curve, arcAt: arcShares(curve, track.positions.length / 3 - 1) };
      });
      for (const mode of ['grounded', 'ungrounded'] as const) {
        const parts = paths.filter((p) => p.track.mode === mode).map((p) => p.geometry);
        const merged = parts.length === 0 ? null : mergeGeometries(parts);
        if (merged === null) continue;
        const mesh = new THREE.Mesh(merged, materials.context);
        mesh.name = `rollouts-${mode}`;
        group.add(mesh);
        context.push(mesh);
      }
      const starts = [...new Set(set.tracks.map((t) => t.start))];
      const digitOf = (start: number) => set.tracks.find((t) => t.start === start)?.labels?.[0] ?? null;
      order = turnOrder(starts.map(digitOf)).map((i) => starts[i]!);
    },
    update(frame: FrameInfo) {
      const now = storyBeat(frame.time, order, steps);
      const focused = now === null ? [] : paths.filter((p) => p.track.start === now.start).sort((a, b) => (a.track.mode === 'grounded' ? 0 : 1) - (b.track.mode === 'grounded' ? 0 : 1));
      beat = now === null ? null : { ...now, tracks: focused.map((p) => p.track), steps };
      slots.forEach((slot, i) => {
        const path = focused[i];
        const on = path !== undefined && now !== null;
        for (const m of [slot.travelled, slot.tail, slot.head]) m.visible = on;
        if (!on) return;
        slot.travelled.geometry = path.views.travelled;
        slot.tail.geometry = path.views.tail;
        const head = arcAtPosition(path, now.position);
        const tailFrom = arcAtPosition(path, Math.max(0, now.position - TAIL_STEPS));
        drawStretch(slot.travelled, 0, tailFrom);
        drawStretch(slot.tail, tailFrom, head);
        path.curve.getPoint(now.position / Math.max(1, path.arcAt.length - 1), point);
        slot.head.position.copy(point);
        const scale = path.track.mode === 'grounded' ? 1 : 0.75;
        slot.head.scale.setScalar(scale);
        const label = path.track.labels?.[now.reached] ?? path.track.start % 10;
        slot.head.material.color.copy(path.track.mode === 'grounded' ? digitColour(label) : UNGROUNDED_COLOUR).multiplyScalar(1.6);
      });
    },
    beat: () => beat,
    dispose() {
      clear();
      for (const m of Object.values(materials)) m.dispose();
      for (const m of headMaterials) m.dispose();
      for (const slot of slots) {
        slot.travelled.geometry = new THREE.BufferGeometry();
        slot.tail.geometry = new THREE.BufferGeometry();
      }
      headGeometry.dispose();
    },
  };
}
