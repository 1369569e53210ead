/** Read-outs, u, presets and resizes at random moments on the wasm path: tests/browser/stress-suite.ts. */
import { defineStressSuite } from './browser/stress-suite';

defineStressSuite('wasm');
