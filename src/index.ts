/**
 * latentflow as a library: createLatentFlow and the LatentFlow it returns, the FlowParams it reads
 * each frame, what it answers (stats, events, rollout sets, picks), the layer interface, and the
 * frame loop (and its clock) that the page runs on and a sketch may too.
 * The page's own view spec is here only so that a sketch can start from a page view.
 */
export {
  BundleError,
  Clock,
  type ClockMode,
  createLatentFlow,
  digitColour,
  type FlowEvents,
  type FlowStats,
  FrameLoop,
  type FrameLoopOptions,
  type FrameTick,
  type FrameInfo,
  type GpuObjects,
  type LatentFlow,
  type LatentFlowOptions,
  type Layer,
  type LayerList,
  type ManifoldLabel,
  type PickHit,
  type Reading,
  type RolloutMode,
  type RolloutSet,
  type RolloutStart,
  type RolloutTrack,
  type StartupTimes,
} from './engine/index';
export { flowParams, type ColourMode, type FlowParams } from './spec/flow-params';
export { formatU } from './spec/u';
export type { FieldPath, PathName } from './spec/spec';
// The page's view spec (a FlowParams plus the page's own fields).
export { defaultState as defaultSpec, type AppState as ViewSpec, type CameraKey, type CameraPose, type Ease, type UKey, type Vec3 } from './spec/spec';
export type { ProbeSettings } from './model/probe-view';
