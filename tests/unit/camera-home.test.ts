/**
 * The home camera on the stage: searched per map, fitted to each viewport, followed through
 * resizes only while the camera is there, and HOME_CAMERA in the view state meaning "the home".
 */
import { describe, expect, it } from 'vitest';
import { HomeCamera, isHomeMarker, samePose } from '../../src/engine/camera/home';
import { DEFAULT_INSETS } from '../../src/engine/camera/fit';
import { allInside, minSeparation, projectPoints } from '../../src/engine/camera/view-geometry';
import { createStage, type Stage } from '../../src/engine/stage';
import { HOME_CAMERA, type CameraPose } from '../../src/spec/spec';
import { readManifoldIndex } from '../../src/model/node/shipped';
import { shippedCentres } from '../../harness/shipped-centres';

/** What OrbitControls touches of its element: listeners and a style, on it and its document. */
function fakeCanvas(): HTMLCanvasElement {
  const listeners = { addEventListener: () => undefined, removeEventListener: () => undefined };
  return { ...listeners, style: {}, ownerDocument: listeners } as unknown as HTMLCanvasElement;
}

const CENTRES = shippedCentres('ssl-labels');

function withStage(test: (stage: Stage) => void): void {
  const stage = createStage(fakeCanvas(), CENTRES);
  try {
    test(stage);
  } finally {
    stage.dispose();
  }
}

const realPose = (stage: Stage): CameraPose => {
  const { position: p } = stage.camera;
  const { target: t } = stage.controls;
  return { position: [p.x, p.y, p.z], target: [t.x, t.y, t.z] };
};

describe('the home camera of a map', () => {
  it('keeps every centre of each shipped map apart and inside the free area at 16:9 and 4:3', () => {
    for (const manifold of ['ssl-labels', 'ssl', 'ssl-contrastive'] as const) {
      const centres = shippedCentres(manifold);
      const home = new HomeCamera(centres);
      for (const aspect of [16 / 9, 4 / 3]) {
        const lens = { fov: 45, aspect };
        const seen = projectPoints(centres, home.pose(aspect), lens);
        expect(allInside(seen, lens, DEFAULT_INSETS), `${manifold} at ${aspect}`).toBe(true);
        expect(minSeparation(seen), `${manifold} at ${aspect}`).toBeGreaterThanOrEqual(0.07);
      }
    }
  });

  it('moves the centres out of wider bands when the page asks', () => {
    const home = new HomeCamera(CENTRES);
    const insets = { top: 0.3, bottom: 0.3, left: 0.2, right: 0.02 };
    home.setInsets(insets);
    const lens = { fov: 45, aspect: 16 / 9 };
    expect(allInside(projectPoints(CENTRES, home.pose(lens.aspect), lens), lens, insets)).toBe(true);
  });

  it("HOME_CAMERA is the default manifold's home at 16:9, to the map unit the state rounds to", () => {
    const home = new HomeCamera(shippedCentres(readManifoldIndex().default)).pose(16 / 9);
    const rounded = JSON.stringify({ position: home.position.map((v) => Math.round(v * 1000) / 1000), target: home.target.map((v) => Math.round(v * 1000) / 1000) });
    expect(samePose(home, HOME_CAMERA, 1e-3), `a new default map: set HOME_CAMERA (src/spec/spec.ts) to ${rounded}`).toBe(true);
  });
});

describe('the stage camera', () => {
  it('starts at home, reports HOME_CAMERA there and follows the viewport while it stays', () =>
    withStage((stage) => {
      stage.resize(1920, 1080);
      expect(isHomeMarker(stage.pose())).toBe(true);
      const wide = realPose(stage);
      // Portrait: the width now sets the distance.
      stage.resize(500, 1000);
      expect(isHomeMarker(stage.pose())).toBe(true);
      expect(samePose(realPose(stage), wide)).toBe(false);
      stage.frame({ top: 0.3 });
      expect(isHomeMarker(stage.pose())).toBe(true);
      const lens = { fov: 45, aspect: 0.5 };
      expect(allInside(projectPoints(CENTRES, realPose(stage), lens), lens, { ...DEFAULT_INSETS, top: 0.3 })).toBe(true);
    }));

  it('leaves a camera the user or a preset moved where it is through a resize', () =>
    withStage((stage) => {
      stage.resize(1920, 1080);
      const elsewhere: CameraPose = { position: [0.4, 0.5, 3.5], target: [0, 0, 0] };
      stage.setPose(elsewhere);
      stage.resize(1280, 960);
      stage.frame({ bottom: 0.1 });
      expect(samePose(stage.pose(), elsewhere)).toBe(true);
    }));

  it('goes home on HOME_CAMERA and on reset, fitted to the viewport of the moment', () =>
    withStage((stage) => {
      stage.resize(1280, 720);
      const home = realPose(stage);
      stage.setPose({ position: [1, 1, 3], target: [0, 0, 0] });
      stage.setPose(HOME_CAMERA);
      expect(samePose(realPose(stage), home)).toBe(true);
      stage.setPose({ position: [1, 1, 3], target: [0, 0, 0] });
      stage.update(1 / 60, false);
      stage.resetCamera();
      expect(samePose(realPose(stage), home)).toBe(true);
      expect(isHomeMarker(stage.pose())).toBe(true);
    }));

  it('stays home through the controls settling, and leaves it once auto-rotation turns it', () =>
    withStage((stage) => {
      stage.resize(1920, 1080);
      for (let i = 0; i < 10; i++) stage.update(1 / 60, false);
      expect(isHomeMarker(stage.pose())).toBe(true);
      for (let i = 0; i < 10; i++) stage.update(1 / 60, true);
      expect(isHomeMarker(stage.pose())).toBe(false);
    }));
});
