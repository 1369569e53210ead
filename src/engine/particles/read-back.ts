/**
 * Debug read-backs of a particle simulation (tests and the console; never per frame). Safe while
 * frames run: the sim's output is copied into a tensor of our own before anything awaits, so a
 * step, resize or dispose in between cannot pull it away (the fused sim re-wraps its buffer
 * every frame and frees it on resize).
 */
import * as tf from '@tensorflow/tfjs';
import type { ParticleSnapshot } from '../world/flow-probe';
import type { ParticleSimulation } from './particle-sim';

type TfRunner = { runTf<T>(work: () => T): T };

/** The packed [N, 4] (x, y, z, w) positions of the last frame. */
export async function readPositions(sim: ParticleSimulation, path: TfRunner): Promise<Float32Array> {
  const copy = path.runTf(() => {
    const positions = sim.positions();
    return positions === undefined || positions.isDisposed ? undefined : tf.tidy(() => positions.add(0) as tf.Tensor2D);
  });
  if (copy === undefined) return new Float32Array(0);
  try {
    return (await path.runTf(() => copy.data())) as Float32Array;
  } finally {
    copy.dispose();
  }
}

/** The latents, ages and w channel. */
export async function readSnapshot(sim: ParticleSimulation, path: TfRunner): Promise<ParticleSnapshot> {
  const [{ z, age }, packed] = await Promise.all([path.runTf(() => sim.readState()), readPositions(sim, path)]);
  return { z, age, w: packed.filter((_, i) => i % 4 === 3) };
}

/** `count` particles spread evenly over the population (every N/count-th): latents and map places. */
export async function sampleParticles(sim: ParticleSimulation, path: TfRunner, dim: number, count: number): Promise<{ latents: Float32Array; positions: Float32Array }> {
  const [{ z }, packed] = await Promise.all([path.runTf(() => sim.readState()), readPositions(sim, path)]);
  const total = Math.min(z.length / dim, packed.length / 4);
  const n = Math.max(0, Math.min(Math.floor(count), total));
  const latents = new Float32Array(n * dim);
  const positions = new Float32Array(n * 3);
  for (let i = 0; i < n; i++) {
    const row = Math.floor((i * total) / n);
    latents.set(z.subarray(row * dim, (row + 1) * dim), i * dim);
    positions.set(packed.subarray(row * 4, row * 4 + 3), i * 3);
  }
  return { latents, positions };
}
