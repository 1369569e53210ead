/** Read-outs, u, presets and resizes at random moments on the wasm path: harness/browser/stress-suite.ts. */
import { defineStressSuite } from '../../harness/browser/stress-suite';

defineStressSuite('wasm');
