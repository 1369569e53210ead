/**
 * Start-up shortcut for software GPUs: the training digits' latents (1,000 encoder passes, about
 * 2.4 GFLOP) take ~35 s on SwiftShader WebGPU and ~6 s on SwiftShader WebGL, but well under a
 * second in tfjs's wasm backend. So on a software device the encoder is loaded a second time on
 * wasm, run once, freed, and the GPU backend made active again before anything else uses tfjs.
 * Real GPUs skip this: there the encoder runs in milliseconds where the models live.
 */
import * as tf from '@tensorflow/tfjs';
import { chooseBackend } from './backends/tfjs-backend';
import { encodeAll } from './world/world';

export async function encodeOnCpu(encoderUrl: string, images: Float32Array): Promise<Float32Array> {
  const gpuBackend = tf.getBackend();
  await chooseBackend(['wasm']);
  try {
    const encoder = await tf.loadLayersModel(encoderUrl);
    try {
      return await encodeAll(encoder, images);
    } finally {
      encoder.dispose();
    }
  } finally {
    if (!(await tf.setBackend(gpuBackend))) throw new Error(`could not switch tfjs back to '${gpuBackend}'`);
  }
}
