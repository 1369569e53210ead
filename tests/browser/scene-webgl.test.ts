/**
 * The scene app end to end on the webgl path in headless Chromium (SwiftShader here): see
 * harness/browser/scene-suite.ts for the checks and why the particle count is small.
 */
import { defineSceneSuite } from '../../harness/browser/scene-suite';

defineSceneSuite({ path: 'webgl', particles: 256, leakFrames: 60, zeroReadback: true, timeout: 90000 });
