/**
 * The home camera of one map. The view direction is searched once, when the map is loaded (a
 * fixed reference framing, so the view never flips between two near-equal directions as the
 * window changes); the distance and pan are fitted again to each viewport shape and free area.
 *
 * In the view state the home is HOME_CAMERA: a state (or preset, or URL) without a camera of its
 * own means "the searched home", whatever map is on show, and the stage reports HOME_CAMERA back
 * while its camera sits there, so an untouched view writes no camera into the URL.
 */
import { HOME_CAMERA, type CameraPose } from '../../spec/spec';
import { DEFAULT_FRAMING, clampInsets, fitPose, type Framing } from './fit';
import { CAMERA_FOV, searchDirection } from './search';
import type { Insets } from './view-geometry';

/** Coordinates closer than this (map units) are the same pose. */
const SAME = 1e-5;

export function samePose(a: Readonly<CameraPose>, b: Readonly<CameraPose>, epsilon = SAME): boolean {
  return [0, 1, 2].every((k) => Math.abs(a.position[k]! - b.position[k]!) <= epsilon && Math.abs(a.target[k]! - b.target[k]!) <= epsilon);
}

/** Whether `pose` is HOME_CAMERA, the state's word for "the searched home". */
export const isHomeMarker = (pose: Readonly<CameraPose>): boolean => samePose(pose, HOME_CAMERA);

export const homeMarker = (): CameraPose => ({ position: [...HOME_CAMERA.position], target: [...HOME_CAMERA.target] });

export class HomeCamera {
  private readonly back: CameraPose['position'];
  private framing: Framing = { ...DEFAULT_FRAMING };

  /** `centres`: the map's class centres (10 x 3). */
  constructor(
    private readonly centres: Float32Array,
    private readonly fov = CAMERA_FOV,
  ) {
    this.back = searchDirection(centres).back;
  }

  /** Keeps the cluster centres out of these bands of the viewport (shares of it); a missing band keeps the default's. */
  setInsets(insets: Partial<Insets>): void {
    this.framing = { ...this.framing, insets: clampInsets(insets) };
  }

  /** The home pose for a viewport of this width / height. */
  pose(aspect: number): CameraPose {
    return fitPose(this.centres, this.back, { fov: this.fov, aspect }, this.framing);
  }
}
