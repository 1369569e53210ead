/**
 * The engine's public surface: everything a sketch or the page may use. Nothing outside
 * src/engine imports a file inside it but this one (tests/unit/import-rules.test.ts checks the page).
 */
export { createLatentFlow, startOn, type LatentFlow, type LatentFlowOptions, type StartupTimes } from './latent-flow';
export type { Engine } from './engine';
export type { Insets } from './stage';
export { DEFAULT_INSETS } from './camera/fit';
export type { EngineStats, RolloutStart, RolloutsApi } from './engine-types';
export type { GpuObjects } from './gpu-objects';
export type { LayerList } from './layer-list';
export type { FrameInfo, Layer, PickHit } from './layers/layer';
export type { ManifoldLabel } from './load-world';
export { StartCache } from './start-cache';
export type { ModelAccess, Reading } from './model-access';
export type { SweepOptions, SweepResult } from './u-sweep';
export type { RolloutMode, RolloutSet, RolloutTrack } from './rollouts/rollout-runner';
export type { FocusedStory } from './layers/rollout-paths';
export { pathOrder, probePaths, type PathProbe } from './backends/choose-path';
export { chooseBackend as chooseModelBackend, type BackendName } from './backends/tfjs-backend';
export { DIGIT_COLOURS, digitColour, digitCss } from './layers/palette';
export { BundleError, loadManifoldIndex } from '../model/bundle';
export type { ManifoldIndex } from '../model/manifest';
export type { ManifoldStory } from '../model/seed-story';
export type { ManifoldId, Recipe } from '../model/recipes';
