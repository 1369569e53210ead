/**
 * The engine's door: everything a sketch may use (src/index.ts picks the package's set from it)
 * and, until the page runs on the public surface alone (issue 24, item 3), what the page still
 * reaches past it for (the Engine behind a LatentFlow, the path probe, the bundle index). Nothing
 * outside src/engine imports a file inside it but this one (tests/unit/import-rules.test.ts checks the page).
 */
export { createLatentFlow, type FlowDebug, type LatentFlow, type LatentFlowOptions } from './latent-flow';
export { FrameLoop, type FrameLoopOptions, type FrameTick } from './frame-loop';
export { Clock, type ClockMode } from './clock';
export type { FlowEvents } from './events';
export type { FlowStats, RolloutStart, StartupTimes } from './engine-types';
export type { GpuObjects } from './gpu-objects';
export type { LayerList } from './layer-list';
export type { FrameInfo, Layer, PickHit } from './layers/layer';
export type { ManifoldLabel } from './load-world';
export type { Reading } from './model-access';
export type { RolloutMode, RolloutSet, RolloutTrack } from './rollouts/rollout-runner';
export { DIGIT_COLOURS, digitColour, digitCss } from './layers/palette';
export { BundleError } from '../model/bundle';

// The page's, for now.
export { engineOf } from './flow-handle';
export type { Engine } from './engine';
export type { Insets } from './stage';
export type { SweepOptions, SweepResult } from './u-sweep';
export type { FocusedStory } from './layers/rollout-paths';
export { pathOrder, probePaths } from './backends/choose-path';
export { loadManifoldIndex } from '../model/bundle';
export type { ManifoldIndex } from '../model/manifest';
