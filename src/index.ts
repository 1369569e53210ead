/**
 * latentflow as a library: the engine (createLatentFlow and the layer interface) and the view spec
 * it reads (its fields, defaults, limits and the codecs for URL hashes and preset files).
 */
export * from './engine/index';
export {
  COLOUR_MODES,
  PATH_NAMES,
  DEFAULT_STATE as DEFAULT_SPEC,
  HOME_CAMERA,
  LIMITS,
  STATE_VERSION as SPEC_VERSION,
  clampTo,
  cloneState as cloneSpec,
  defaultState as defaultSpec,
  type AppState as ViewSpec,
  type CameraKey,
  type Ease,
  type CameraPose,
  type NumericKey,
  type UKey,
  type Vec3,
  type ColourMode,
  type FieldPath,
  type PathName,
} from './spec/spec';
export { FIELDS, type BooleanField, type ChoiceField, type Field, type NumberField, type Panel, type PanelFolder, type StateKey, type StructuredField } from './spec/fields';
export { decodeHash, decodeStateJson as decodeSpecJson, encodeHash, encodeStateJson as encodeSpecJson, type Decoded } from './spec/codec';
export { IDENTITY_PROBE, PROBE_RANGES, probeView, type ProbeSettings } from './model/probe-view';
export { decodeProbeImage, encodeProbeImage } from './spec/probe-code';
