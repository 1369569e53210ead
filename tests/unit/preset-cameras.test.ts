/**
 * The presets' cameras are the camera search's (scripts/pick-cameras.ts): no still camera (the
 * searched home instead), and every camera path a swing whose every pose keeps the centres of the
 * preset's own manifold apart and inside the free area, and a gap between its clusters' edges. Editing a key keeps the file's layout.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ASSETS_DIR, readManifoldIndex } from '../../src/model/node/shipped';
import type { ManifoldId } from '../../src/model/recipes';
import { lerpPose } from '../../src/spec/keyframes';
import type { CameraKey } from '../../src/spec/spec';
import { DEFAULT_FRAMING } from '../../src/engine/camera/fit';
import { DEFAULT_ARC, worstView } from '../../scripts/lib/camera-arc';
import { removeKey, replaceValue } from '../../scripts/lib/json-key-edit';
import { repickCameras } from '../../scripts/lib/preset-cameras';
import { shippedCentres, shippedPoints } from '../../harness/shipped-centres';

const PRESETS = join(ASSETS_DIR, 'presets');
const names = (JSON.parse(readFileSync(join(PRESETS, 'index.json'), 'utf8')) as { presets: string[] }).presets;
const text = (name: string) => readFileSync(join(PRESETS, `${name}.json`), 'utf8');
const defaultManifold = readManifoldIndex().default;

interface PresetFile {
  scene?: string;
  manifold?: ManifoldId;
  view: { camera?: unknown; cameraPath?: CameraKey[] };
}

const counting = names.map((name) => ({ name, file: JSON.parse(text(name)) as PresetFile })).filter(({ file }) => (file.scene ?? 'counting') === 'counting');

describe('preset cameras', () => {
  it('every counting preset opens at the searched home or swings about it: none has a still camera', () => {
    expect(counting.length).toBeGreaterThan(5);
    for (const { name, file } of counting) expect(file.view.camera, name).toBeUndefined();
  });

  it("every pose of every camera path, keys and the way between, passes the separation bar and keeps the clusters' edges apart on the preset's manifold", () => {
    const paths = counting.filter(({ file }) => file.view.cameraPath !== undefined);
    expect(paths.length).toBeGreaterThan(3);
    for (const { name, file } of paths) {
      const manifold = file.manifold ?? defaultManifold;
      const [centres, digits] = [shippedCentres(manifold), shippedPoints(manifold)];
      const keys = file.view.cameraPath!;
      expect(keys.at(-1)!.position, `${name} loops`).toEqual(keys[0]!.position);
      for (let k = 0; k + 1 < keys.length; k++) {
        for (const share of [0, 0.5]) {
          const view = worstView(centres, lerpPose(keys[k]!, keys[k + 1]!, share), DEFAULT_FRAMING, digits);
          expect(view.separation, `${name} key ${k} + ${share}`).toBeGreaterThanOrEqual(0.06);
          // The keys are rounded to 1/1000 of a map unit, so allow the last digit.
          expect(view.edgeGap, `${name} key ${k} + ${share}: edges`).toBeGreaterThanOrEqual(DEFAULT_ARC.edgeGap - 1e-3);
        }
      }
    }
  });

  it("a cluster's edge is where most of its digits stop: the gap is narrower than the centres' distance, and a cluster laid over another leaves none", () => {
    const centres = shippedCentres(defaultManifold);
    const digits = shippedPoints(defaultManifold);
    const pose = counting.find(({ file }) => file.view.cameraPath !== undefined && file.manifold === undefined)!.file.view.cameraPath![0]!;
    const [bare, seen] = [worstView(centres, pose, DEFAULT_FRAMING), worstView(centres, pose, DEFAULT_FRAMING, digits)];
    expect(bare.edgeGap).toBeCloseTo(bare.separation, 9);
    expect(seen.edgeGap).toBeLessThan(seen.separation);
    // Class 1's digits moved onto class 0's centre: the two now overlap on screen.
    const moved = Float32Array.from(digits.points);
    for (let i = 0; i < digits.labels.length; i++) {
      if (digits.labels[i] === 1) for (let d = 0; d < 3; d++) moved[3 * i + d] = moved[3 * i + d]! - centres[3 + d]! + centres[d]! + 0.01 * (d + 1);
    }
    const shifted = Float32Array.from(centres);
    for (let d = 0; d < 3; d++) shifted[3 + d] = centres[d]! + 0.01 * (d + 1);
    expect(worstView(shifted, pose, DEFAULT_FRAMING, { points: moved, labels: digits.labels }).edgeGap).toBeLessThan(0);
  });

  it('the files hold what the search picks today (npx tsx scripts/pick-cameras.ts writes them)', () => {
    for (const { name } of counting) expect(repickCameras(text(name), defaultManifold)?.text, name).toBe(text(name));
  });
});

describe('editing one key of a JSON file as text', () => {
  const file = ['{', '  "view": {', '    "u": 1,', '    "camera": {"position": [1, 2, 3], "target": [0, 0, 0]},', '    "note": "a ] and a } in text",', '    "cameraPath": [', '      {"t": 0}', '    ]', '  }', '}', ''].join('\n');

  it('removes a key in the middle with its line, and the last key with the comma before it', () => {
    const middle = removeKey(file, 'camera');
    expect(JSON.parse(middle)).toEqual({ view: { u: 1, note: 'a ] and a } in text', cameraPath: [{ t: 0 }] } });
    expect(middle.split('\n')).toHaveLength(file.split('\n').length - 1);
    const last = removeKey(middle, 'cameraPath');
    expect(JSON.parse(last)).toEqual({ view: { u: 1, note: 'a ] and a } in text' } });
    expect(last).toContain('"note": "a ] and a } in text"\n  }');
  });

  it('replaces a value and leaves every other line as it was; a missing key changes nothing', () => {
    const next = replaceValue(file, 'cameraPath', '[]');
    expect(JSON.parse(next).view.cameraPath).toEqual([]);
    expect(next.split('\n').slice(0, 5)).toEqual(file.split('\n').slice(0, 5));
    expect(removeKey(file, 'absent')).toBe(file);
    expect(replaceValue(file, 'absent', '1')).toBe(file);
  });
});
