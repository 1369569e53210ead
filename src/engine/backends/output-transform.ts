/**
 * The one output transform of every path, applied once at the end of its post chain: layers draw
 * linear colours into a half-float target, additive strokes may sum past 1 there, and this step
 * compresses the sum and encodes sRGB for the canvas.
 *
 * Neutral (Khronos PBR Neutral) rather than ACES or AgX: it leaves colours below 0.76 (linear)
 * as they are, so a cluster on screen keeps the exact palette colour its HTML label and cards
 * use, and it compresses brighter sums along their own hue, only drifting toward white far past
 * 1. ACES shifts saturated hues (orange toward yellow, blue toward violet) and AgX greys every
 * colour by design: both break the match between the scene and the legend.
 */
import * as THREE from 'three';

export const TONE_MAPPING: THREE.ToneMapping = THREE.NeutralToneMapping;

/** What both renderers expose for their output step (WebGLRenderer and WebGPURenderer alike). */
interface OutputSettings {
  toneMapping: THREE.ToneMapping;
  // @types/three types it as a plain string on both renderers.
  outputColorSpace: string;
}

/**
 * Runs `draw` with the renderer set to tone-map and encode sRGB, and puts its settings back
 * after: a sketch that lends the engine its renderer keeps its own settings for its own draws.
 * The colour space is only assigned when it differs: on WebGL its setter also writes the
 * context's drawing-buffer and unpack colour spaces, which tfjs shares.
 */
export function withOutputTransform(renderer: OutputSettings, draw: () => void): void {
  const { toneMapping, outputColorSpace } = renderer;
  renderer.toneMapping = TONE_MAPPING;
  if (outputColorSpace !== THREE.SRGBColorSpace) renderer.outputColorSpace = THREE.SRGBColorSpace;
  try {
    draw();
  } finally {
    renderer.toneMapping = toneMapping;
    if (outputColorSpace !== THREE.SRGBColorSpace) renderer.outputColorSpace = outputColorSpace;
  }
}
