/**
 * The bench page (bench.html?path=webgpu|webgl|wasm): the app's own GPU path, model bundle and
 * particle simulation, without the scene, so the field step can be timed alone. scripts/bench.ts
 * drives it through `window.latentflowBench` and decides how many frames each size can afford.
 *
 * Every repetition is synchronised with the device before its clock stops (WebGPU: tfjs's
 * deferred encoder flushed, then onSubmittedWorkDone; WebGL: a fence; wasm runs synchronously),
 * and nothing is read back to do so: the ReadbackMeter counts only what the measured work reads.
 */
import * as tf from '@tensorflow/tfjs';
import { createPath } from '../../../src/engine/open-backend';
import type { RenderPath } from '../../../src/engine/backends/render-path';
import { ReadbackMeter } from '../../../src/engine/readback-meter';
import { DEFAULT_STATE } from '../../../src/spec/spec';
import { chunkRows } from '../../../src/engine/particles/particle-sim';
import type { World } from '../../../src/engine/world/world';
import { loadWorldOn } from '../../../src/engine/load-world';
import type { FlopCount, FrameSamples, LayerShape, PagePathInfo, PathName } from '../types';
import { FieldSession } from './field-session';
import { loadFused } from './fused-hook';
import type { ParticleSimulation } from '../../../src/engine/particles/particle-sim';
import { RolloutSession } from './rollout-session';

const CHECK_EVERY = 4;

// Installed before any GPU work so every read-back the measured work makes is counted.
const meter = new ReadbackMeter();
meter.install();

/** The parts of tfjs-backend-webgpu's backend that flush its deferred command encoder. */
interface WebGPUQueueInternals {
  ensureCommandEncoderReady(): void;
  endComputePassEncoder(): void;
  submitQueue(): void;
}

/** Resolves when everything issued so far has finished on the device. */
function deviceSync(path: RenderPath): () => Promise<void> {
  if (path.name === 'webgpu') {
    // tfjs submits its encoder only every 15 dispatches; without this flush onSubmittedWorkDone
    // would resolve before the last kernels even reached the queue.
    const backend = tf.backend() as unknown as WebGPUQueueInternals;
    return async () => {
      backend.ensureCommandEncoderReady();
      backend.endComputePassEncoder();
      backend.submitQueue();
      await path.gpuDone();
    };
  }
  if (path.name === 'webgl') return () => path.gpuDone();
  // tfjs-wasm kernels run synchronously on this thread: done when the call returns.
  return () => Promise.resolve();
}

/** 2 x multiply-adds per image of a conv / transposed-conv / dense stack, from its layer shapes. */
function networkFlops(model: tf.LayersModel): number {
  let total = 0;
  let inputShape = model.inputs[0]!.shape;
  for (const layer of model.layers) {
    const outputShape = layer.outputShape as (number | null)[];
    const kernel = layer.getWeights()[0];
    if (kernel !== undefined) {
      const macs = kernel.shape.reduce((p, d) => p * d, 1);
      // A conv kernel runs once per output pixel; a transposed conv's once per input pixel.
      const spatial = layer.getClassName() === 'Conv2DTranspose' ? inputShape : outputShape;
      total += 2 * macs * (kernel.rank === 4 ? spatial[1]! * spatial[2]! : 1);
    }
    inputShape = outputShape;
  }
  return total;
}

function flopsOf(world: World): FlopCount {
  const dense = (kernels: readonly tf.Tensor[]): LayerShape[] => kernels.map((k) => [k.shape[0]!, k.shape[1]!]);
  const dynamicsLayers = dense(world.input.models.dynamics.layers.map((l) => l.getWeights()[0]!));
  // The loop folds u into the first bias (dense-stack.ts DynamicsField), so that layer runs dim inputs.
  dynamicsLayers[0] = [world.field.dim, dynamicsLayers[0]![1]];
  const projectorLayers = dense(world.projector.map((l) => l.kernel));
  const sum = (layers: LayerShape[]) => layers.reduce((s, [i, o]) => s + 2 * i * o, 0);
  const fPerRow = sum(dynamicsLayers);
  const projectorPerRow = sum(projectorLayers);
  return {
    dynamicsLayers,
    projectorLayers,
    fPerRow,
    projectorPerRow,
    fieldPerParticleStep: fPerRow + projectorPerRow,
    manifoldCheckPerParticleStep: (2 * world.dim * world.manifold.count) / CHECK_EVERY,
    encoderPerImage: networkFlops(world.input.models.encoder),
    decoderPerImage: networkFlops(world.input.models.decoder),
  };
}

async function start(): Promise<void> {
  const t0 = performance.now();
  const name = (new URLSearchParams(location.search).get('path') ?? 'webgpu') as PathName;
  const path = await createPath(name, document.getElementById('scene') as HTMLCanvasElement);
  const { world, bundle } = await loadWorldOn(path, import.meta.env.BASE_URL.replace(/\/$/, ''), null);
  const sync = deviceSync(path);
  const flops = flopsOf(world);
  const widestHidden = Math.max(...flops.dynamicsLayers.map(([, o]) => o));
  const { u, dt } = DEFAULT_STATE;
  const sim = { maxBindingBytes: path.maxBindingBytes, maxAge: Math.max(2, Math.round(DEFAULT_STATE.lifetime / dt)), checkEvery: CHECK_EVERY };
  const session = new FieldSession(path, world, sim, { u, dt }, chunkRows(path.maxBindingBytes, widestHidden), meter, sync);
  const fusedLoad = loadFused(path, world, { ...sim, seed: 1 });
  let fused: ParticleSimulation | null = null;
  const rollouts = new RolloutSession(path, world, bundle.heldOut, sync, (frames, work) => session.repeat(frames, work));
  const info: PagePathInfo = {
    path: path.name,
    tfBackend: tf.getBackend(),
    device: path.device,
    software: path.software,
    maxBindingBytes: path.maxBindingBytes,
    defaultParticles: path.defaultParticles,
    crossOriginIsolated: typeof crossOriginIsolated !== 'undefined' && crossOriginIsolated,
    adapter: await adapterInfo(path),
    flops,
    simChunkRows: chunkRows(path.maxBindingBytes, Math.max(256, world.manifold.count)),
    mlpChunkRows: chunkRows(path.maxBindingBytes, widestHidden),
    checkEvery: CHECK_EVERY,
    dt,
    u,
    fusedUnavailable: 'unavailable' in fusedLoad ? fusedLoad.unavailable : null,
    fusedNote:
      'unavailable' in fusedLoad
        ? null
        : "the path's fused simulation (createSim(..., 'fused'), as the app runs it): the same work as ParticleSim, respawn check included",
    startupMs: performance.now() - t0,
  };
  const api = {
    info: () => info,
    prepare: (n: number) => session.prepare(n),
    field: (frames: number): Promise<FrameSamples> => session.field(frames),
    mlp: (frames: number): Promise<FrameSamples> => session.mlp(frames),
    fused: async (n: number, frames: number): Promise<FrameSamples> => {
      if ('unavailable' in fusedLoad) throw new Error(fusedLoad.unavailable);
      if (fused === null || fused.count !== n) {
        if (fused !== null) path.runTf(() => fused?.dispose());
        fused = fusedLoad.create(n);
      }
      const stepper = fused;
      return session.repeat(frames, () => stepper.step(u, dt));
    },
    release: () => {
      session.release();
      if (fused !== null) path.runTf(() => fused?.dispose());
      fused = null;
    },
    rolloutStart: (starts: number) => rollouts.start(starts),
    rolloutSteps: (frames: number) => rollouts.steps(frames),
    rolloutStop: () => rollouts.stop(),
    tensors: () => tf.memory().numTensors,
  };
  Object.assign(window, { latentflowBench: api });
  document.documentElement.dataset.ready = '1';
}

async function adapterInfo(path: RenderPath): Promise<PagePathInfo['adapter']> {
  if (path.name !== 'webgpu') return null;
  // The page's device came from the same requestAdapter call; asking again reads the same info.
  const adapter = await navigator.gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (adapter === null) return null;
  const i = adapter.info;
  return { vendor: i.vendor, architecture: i.architecture, device: i.device, description: i.description, isFallbackAdapter: i.isFallbackAdapter ?? false };
}

start().catch((e: unknown) => {
  document.documentElement.dataset.error = e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e);
});
