/**
 * Plays the state's schedules on the clock: before each frame it sets u from the u keys and puts
 * the camera where the camera path says (or at the state's camera pose when that changed), and
 * glides the camera when a story step or preset asks for a transition. Between frames it copies
 * the camera back into the state when the user orbits, so the URL hash follows the view.
 *
 * It notices a new schedule, camera or path by object identity: whoever changes the view puts a
 * new array or pose in the state (presets, the hash, setState) and the schedule restarts.
 */
import { lerpPose, samplePose, sampleU, smoothstep } from '../../spec/keyframes';
import type { AppState, CameraKey, CameraPose, UKey } from '../../spec/spec';

/** The camera the director moves: the engine's (src/engine/engine.ts cameraPose / setCameraPose). */
export interface CameraRig {
  cameraPose(): CameraPose;
  setCameraPose(pose: CameraPose): void;
}

/** Camera poses closer than this (map units) count as the same, so a still camera writes nothing. */
const POSE_EPSILON = 5e-4;
const round = (x: number) => Math.round(x * 1000) / 1000;

function samePose(a: CameraPose, b: CameraPose): boolean {
  return [0, 1, 2].every((i) => Math.abs(a.position[i]! - b.position[i]!) < POSE_EPSILON && Math.abs(a.target[i]! - b.target[i]!) < POSE_EPSILON);
}

interface Glide {
  from: CameraPose | null;
  start: number;
  seconds: number;
}

export class Director {
  private scheduleStart = 0;
  private time = 0;
  private seenKeys: UKey[] | null = null;
  private seenPath: CameraKey[] | null = null;
  private seenCamera: CameraPose | null = null;
  private glide: Glide | null = null;

  constructor(private readonly state: AppState) {}

  /** Seconds into the current schedule (what presetDuration is measured against). */
  scheduleTime(): number {
    return this.time - this.scheduleStart;
  }

  /** The view changed as a whole (a preset or story step): restart its schedules now, gliding the camera over `seconds`. */
  restart(seconds = 0): void {
    this.scheduleStart = this.time;
    this.seenKeys = this.state.uKeys;
    this.seenPath = this.state.cameraPath;
    this.seenCamera = null;
    this.glide = seconds > 0 ? { from: null, start: this.time, seconds } : null;
  }

  /** Before each frame, at clock `time`. */
  beforeFrame(time: number, stage: CameraRig): void {
    // The clock was replaced (a recording starts its own at 0): schedules play from their start.
    if (time < this.time) {
      this.scheduleStart = time;
      if (this.glide !== null) this.glide.start = time;
    }
    this.time = time;
    const { state } = this;
    if (state.uKeys !== this.seenKeys || state.cameraPath !== this.seenPath) {
      // A new schedule from outside (hash, setState): it starts now.
      this.seenKeys = state.uKeys;
      this.seenPath = state.cameraPath;
      this.scheduleStart = time;
    }
    const t = time - this.scheduleStart;
    const u = sampleU(state.uKeys, t, state.loop);
    if (u !== null) state.u = u;

    const onPath = samplePose(state.cameraPath, t, state.loop);
    const cameraChanged = state.camera !== this.seenCamera;
    this.seenCamera = state.camera;
    let goal: CameraPose | null = onPath ?? (cameraChanged || this.glide !== null ? state.camera : null);
    if (this.glide !== null) {
      this.glide.from ??= stage.cameraPose();
      const share = smoothstep((time - this.glide.start) / this.glide.seconds);
      goal = lerpPose(this.glide.from, goal ?? state.camera, share);
      if (share >= 1) this.glide = null;
    }
    if (goal !== null) stage.setCameraPose(goal);
  }

  /** Copies the camera into the state when it moved (the user orbited, a path or auto-rotate moved it). */
  syncCamera(stage: CameraRig): void {
    const now = stage.cameraPose();
    const pose: CameraPose = { position: [round(now.position[0]), round(now.position[1]), round(now.position[2])], target: [round(now.target[0]), round(now.target[1]), round(now.target[2])] };
    if (this.glide !== null || samePose(pose, this.state.camera)) return;
    this.state.camera = pose;
    this.seenCamera = pose;
  }
}
