import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { registerTrainingKernels } from './wasm-kernels';

/**
 * Switches tfjs to the wasm backend with our training kernels installed. The side-effect
 * import above registers the wasm backend and its stock kernels; ours replace some of them.
 */
export async function useWasmBackend(): Promise<void> {
  if (!(await tf.setBackend('wasm'))) throw new Error('tfjs: the wasm backend failed to initialise');
  await tf.ready();
  registerTrainingKernels();
}
