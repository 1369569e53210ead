/** Read-outs, u, presets and resizes at random moments on the webgl path: harness/browser/stress-suite.ts. */
import { defineStressSuite } from '../../harness/browser/stress-suite';

defineStressSuite('webgl');
