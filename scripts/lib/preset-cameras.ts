/**
 * A counting preset's camera as the camera search picks it, on the manifold the preset is shown
 * on (src/engine/camera; scripts/pick-cameras.ts writes it into the files):
 *  - a still camera is dropped: the view then opens at the searched home, fitted to the screen;
 *  - a camera path becomes a slow swing about the vertical axis through the searched home
 *    direction, as wide as the separation bar and the gaps between clusters allow (camera-arc.ts),
 *    keeping the old path's period and the way it first turned.
 * Only the "camera" and "cameraPath" keys of the file's text change.
 */
import { searchDirection } from '../../src/engine/camera/search';
import type { ManifoldId } from '../../src/model/recipes';
import type { CameraKey, Vec3 } from '../../src/spec/spec';
import { DEFAULT_ARC, orbitArc, type MapDigits } from './camera-arc';
import { removeKey, replaceValue } from './json-key-edit';
import { shippedCentres, shippedPoints } from '../../harness/shipped-centres';

interface PresetFile {
  scene?: string;
  manifold?: ManifoldId;
  view: { camera?: unknown; cameraPath?: CameraKey[] };
}

export interface Picked {
  /** The file's text with its cameras re-picked (the same text when they are current). */
  text: string;
  /** One line for people: the manifold, the home's separation and the swing. */
  summary: string;
}

/** Which way a path turns first about the vertical axis through its target: +1 or -1. */
function firstTurn(path: readonly CameraKey[]): 1 | -1 {
  const azimuth = (k: CameraKey) => Math.atan2(k.position[0] - k.target[0], k.position[2] - k.target[2]);
  const middle = path[Math.floor(path.length / 2)]!;
  return azimuth(middle) >= azimuth(path[0]!) ? 1 : -1;
}

const keyText = (k: CameraKey) => `{"t": ${k.t}, "position": [${k.position.join(', ')}], "target": [${k.target.join(', ')}]${k.ease === 'linear' ? '' : `, "ease": "${k.ease}"`}}`;

function pathText(keys: readonly CameraKey[], indent: string): string {
  return `[\n${keys.map((k) => `${indent}  ${keyText(k)}`).join(',\n')}\n${indent}]`;
}

/** The searched home of each manifold, found once per run. */
const homes = new Map<ManifoldId, { centres: Float32Array; digits: MapDigits; back: Vec3; separation: number }>();
function home(manifold: ManifoldId) {
  if (!homes.has(manifold)) {
    const centres = shippedCentres(manifold);
    homes.set(manifold, { centres, digits: shippedPoints(manifold), ...searchDirection(centres) });
  }
  return homes.get(manifold)!;
}

/** The preset file `text` with its cameras re-picked, or null for a preset of another scene. */
export function repickCameras(text: string, defaultManifold: ManifoldId): Picked | null {
  const preset = JSON.parse(text) as PresetFile;
  if ((preset.scene ?? 'counting') !== 'counting') return null;
  const manifold = preset.manifold ?? defaultManifold;
  const { centres, digits, back, separation } = home(manifold);
  let next = removeKey(text, 'camera');
  let summary = `${manifold.padEnd(12)} home ${separation.toFixed(3)}`;
  const path = preset.view.cameraPath;
  if (path !== undefined && path.length > 1) {
    const arc = orbitArc(centres, digits, back, { ...DEFAULT_ARC, period: path.at(-1)!.t, turnFirst: firstTurn(path) });
    const indent = next.slice(next.lastIndexOf('\n', next.indexOf('"cameraPath"')) + 1).match(/^\s*/)![0];
    next = replaceValue(next, 'cameraPath', pathText(arc.keys, indent));
    summary += `  swing ${arc.degrees[0]}..${arc.degrees[1]} deg, worst ${arc.worstSeparation.toFixed(3)}, edges ${arc.worstEdgeGap.toFixed(3)} apart`;
  } else if (preset.view.camera !== undefined) summary += '  still camera dropped: the searched home';
  return { text: next, summary };
}
