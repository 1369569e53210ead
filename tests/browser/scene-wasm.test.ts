/**
 * The scene app end to end on the wasm path in headless Chromium (SwiftShader here): see
 * harness/browser/scene-suite.ts for the checks and why the particle count is small.
 */
import { defineSceneSuite } from '../../harness/browser/scene-suite';

defineSceneSuite({ path: 'wasm', particles: 512, leakFrames: 120, zeroReadback: false, timeout: 90000 });
