import * as tf from '@tensorflow/tfjs';
// A value import, not a type: it makes vite pre-bundle tfjs-core as a dependency of its own, so the
// wasm backend (excluded from pre-bundling in vite.config.ts) binds to the same tfjs engine as
// '@tensorflow/tfjs' instead of a second, raw copy of tfjs-core that registers backends nowhere.
import { version_core as tfjsCoreVersion } from '@tensorflow/tfjs-core';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm/dist/tf-backend-wasm.fesm.js';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

export type BackendName = 'webgl' | 'wasm' | 'cpu';

// Vite serves the wasm binaries from node_modules: no copy step, no CDN.
setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
});

/** tfjs-core's version, as the copy the wasm backend sees reports it. */
export const TFJS_CORE_VERSION = tfjsCoreVersion;

/** Tries the backends in order and keeps the first that initialises; says which it got. */
export async function chooseBackend(order: readonly BackendName[]): Promise<{ name: BackendName; skipped: string[] }> {
  const skipped: string[] = [];
  for (const name of order) {
    try {
      if (await tf.setBackend(name)) {
        await tf.ready();
        return { name, skipped };
      }
      skipped.push(`${name}: not available`);
    } catch (e) {
      skipped.push(`${name}: ${(e as Error).message}`);
    }
  }
  throw new Error(`no tfjs backend could start (${skipped.join('; ')})`);
}
