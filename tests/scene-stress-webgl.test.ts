/** Read-outs, u, presets and resizes at random moments on the webgl path: tests/browser/stress-suite.ts. */
import { defineStressSuite } from './browser/stress-suite';

defineStressSuite('webgl');
