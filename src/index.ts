/**
 * latentflow as a library: the engine (createLatentFlow and the layer interface) and the view spec
 * it reads (its fields, defaults, limits and the codecs for URL hashes and preset files).
 */
export * from './engine/index';
export {
  DEFAULT_STATE as DEFAULT_SPEC,
  HOME_CAMERA,
  LIMITS,
  STATE_VERSION as SPEC_VERSION,
  clampTo,
  cloneState as cloneSpec,
  defaultState as defaultSpec,
  type AppState as ViewSpec,
  type CameraPose,
  type ColourMode,
  type FieldPath,
  type PathName,
} from './spec/spec';
export { decodeHash, decodeStateJson as decodeSpecJson, encodeHash, encodeStateJson as encodeSpecJson } from './spec/codec';
