/**
 * A lost device, replaced, in Node (Dawn): what the page's restart does on the GPU, timed from the
 * new device to the first finished particle step on it. Each round destroys the device in use,
 * opens a new one, puts tfjs on it, loads the networks, builds the world with the measures of the
 * first build (as the page's StartCache gives them) and takes one step of the page's WebGPU
 * simulation (FusedParticleSim). Its positions must equal the first device's first step: a restart
 * computes what the start did. three's render pipelines, the other half of the page's restart,
 * need a browser and are not in it.
 */
import * as tf from '@tensorflow/tfjs';
import { FusedParticleSim } from '../../src/engine/backends/webgpu/fused-particle-sim';
import { DEFAULT_SIM } from '../../src/engine/particles/particle-sim';
import { buildWorld, type World, type WorldMeasures } from '../../src/engine/world/world';
import type { LatentMap } from '../../src/model/bundle';
import type { LatentModels } from '../../src/model/rollout';

export interface RecoveryOptions {
  /** Opens a new device (and makes it navigator.gpu's). */
  open: () => Promise<GPUDevice>;
  /** Makes tfjs's webgpu backend run on `device`. */
  useDevice: (device: GPUDevice) => Promise<void>;
  /** The networks, loaded on the current backend. */
  load: () => Promise<{ models: LatentModels; projector: tf.LayersModel }>;
  latents: Float32Array;
  labels: Int32Array;
  particles: number;
  rounds: number;
}

export interface RecoveryResult {
  rounds: number;
  particles: number;
  /** From destroying the old device to the new one being open. */
  openMs: { median: number; max: number };
  /** From the new device being open to the first step's results on it. */
  firstStepMs: { median: number; max: number };
  /** Largest difference between a restart's first positions and the first device's. */
  maxPositionDiff: number;
  covers: string;
}

const spread = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return { median: Math.round(sorted[Math.floor(sorted.length / 2)]! * 10) / 10, max: Math.round(sorted.at(-1)! * 10) / 10 };
};

async function firstStep(device: GPUDevice, options: RecoveryOptions, measures?: WorldMeasures): Promise<{ positions: Float32Array; world: World }> {
  const { models, projector } = await options.load();
  const count = options.labels.length;
  const none = { images: new Float32Array(0), labels: new Int32Array(0), count: 0 };
  const map: LatentMap = { projector, points: new Float32Array(0), labels: new Int32Array(0), images: new Float32Array(0), count: 0, cloud: { points: new Float32Array(0), labels: new Uint8Array(0), count: 0 } };
  const world = await buildWorld(
    { models: { ...models, judge: null }, training: { images: new Float32Array(0), labels: options.labels, count }, heldOut: none, map, trainingLatents: options.latents },
    undefined,
    measures,
  );
  const sim = FusedParticleSim.create(device, world, { ...DEFAULT_SIM, count: options.particles, maxBindingBytes: device.limits.maxStorageBufferBindingSize });
  const positions = (await sim.step(1, 0.05).data()) as Float32Array;
  sim.dispose();
  return { positions, world };
}

/** `device`: the one in use (destroyed by the first round). */
export async function timeRecoveries(device: GPUDevice, options: RecoveryOptions): Promise<RecoveryResult> {
  const first = await firstStep(device, options);
  const measures = first.world.measures;
  first.world.dispose();
  const openMs: number[] = [];
  const stepMs: number[] = [];
  let maxPositionDiff = 0;
  let current = device;
  for (let round = 0; round < options.rounds; round++) {
    const lostAt = performance.now();
    current.destroy();
    current = await options.open();
    const openAt = performance.now();
    await options.useDevice(current);
    const { positions, world } = await firstStep(current, options, measures);
    stepMs.push(performance.now() - openAt);
    openMs.push(openAt - lostAt);
    for (let i = 0; i < positions.length; i++) maxPositionDiff = Math.max(maxPositionDiff, Math.abs(positions[i]! - first.positions[i]!));
    world.dispose();
  }
  current.destroy();
  return {
    rounds: options.rounds,
    particles: options.particles,
    openMs: spread(openMs),
    firstStepMs: spread(stepMs),
    maxPositionDiff,
    covers: 'networks loaded from disk, the world with the first build\'s measures, tfjs\'s and the fused kernel\'s pipelines, one step read back; not three\'s render pipelines (no browser)',
  };
}
