/**
 * A few steps of both trainers on whatever backend tfjs runs: the check that training on a GPU
 * backend gives finite losses that fall, in seconds even on a software adapter.
 */
import { AUTHOR_AUGMENTATION } from '../../src/model/augment';
import { selectSplit, subset } from '../../src/model/dataset';
import { buildDecoder, buildDynamics, buildEncoder } from '../../src/model/networks';
import { loadMnistPackage } from '../../src/model/node/mnist-source';
import { makeTransitionPairs } from '../../src/model/pairs';
import { LOCAL_THREADS } from '../../src/model/pipeline';
import { createRng } from '../../src/model/rng';

export interface SmokeResult {
  autoencoder: number[];
  dynamics: number[];
  seconds: number;
}

export async function smokeTrain(): Promise<SmokeResult> {
  const started = performance.now();
  const training = selectSplit(loadMnistPackage(), 'training');
  const digits = subset(training, Array.from({ length: 64 }, (_, i) => i * 15));
  const arch = { channels: [4, 8] as const, kernel: 3, latentDim: 64 };
  const encoder = buildEncoder(arch, 1);
  const decoder = buildDecoder(arch, 1);
  const ae = await LOCAL_THREADS.autoencoder(encoder, decoder, digits, {
    epochs: 3, viewsPerDigit: 1, batchSize: 32, learningRate: 3e-3, augmentation: AUTHOR_AUGMENTATION, contrastive: { weight: 0.2, temperature: 0.2 }, seed: 1,
  });
  const rng = createRng(5);
  const latents = Float32Array.from({ length: 200 * 64 }, () => rng.normal());
  const labels = Int32Array.from({ length: 200 }, (_, i) => i % 10);
  const dynamics = buildDynamics(1, 64, 'torch');
  const dyn = await LOCAL_THREADS.dynamics(dynamics, makeTransitionPairs({ latents, labels }, 64, 2048, createRng(6)), {
    epochs: 3, batchSize: 256, learningRate: 1e-3, adamEpsilon: 1e-8, seed: 1,
  });
  for (const m of [encoder, decoder, dynamics]) m.dispose();
  return { autoencoder: ae.epochLosses, dynamics: dyn.epochLosses, seconds: Math.round((performance.now() - started) / 100) / 10 };
}
