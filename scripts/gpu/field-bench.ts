/**
 * The field step on a Dawn WebGPU device in Node: the page's fused WGSL kernel (src/engine/backends/webgpu/fused-field.ts,
 * generated from the shipped weights exactly as on the page) and the tfjs-webgpu step it replaces
 * (dynamics MLP, Euler step, projector: src/engine/world/dense-stack.ts), checked against each other on the
 * same inputs, then timed at growing particle counts.
 */
import * as tf from '@tensorflow/tfjs';
import { FusedField } from '../../src/engine/backends/webgpu/fused-field';
import { DynamicsField, denseLayers, runDense, type DenseWeights } from '../../src/engine/world/dense-stack';

export interface FieldNetworks {
  dynamics: tf.LayersModel;
  projector: tf.LayersModel;
  /** Real latents (encoded digits) the particle states are made from. */
  latents: Float32Array;
  dim: number;
}

export interface Timing {
  msPerStep: number;
  steps: number;
  particleStepsPerSecond: number;
  gflops: number;
  /** Share of the adapter's fp32 peak, where the peak is known. */
  peakShare: number | null;
}

export type Measured = Timing | { skipped: string };

export interface SizeResult {
  n: number;
  fused: Measured;
  tfjs: Measured;
}

export interface Equivalence {
  n: number;
  maxZ: number;
  maxPosition: number;
  tolerance: number;
  ok: boolean;
}

const U = 1;
const DT = 0.05;
/** Only w's colour share depends on it; a fixed value keeps the two paths comparable. */
const REFERENCE_SPEED = 0.5;

/** n particle states: real latents cycled, plus a seeded offset, so activations are the app's. */
export function particleStates(net: FieldNetworks, n: number, seed: number): { z: Float32Array<ArrayBuffer>; meta: Float32Array<ArrayBuffer> } {
  const count = net.latents.length / net.dim;
  let s = seed >>> 0 || 1;
  const rand = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296 - 0.5;
  };
  const z = new Float32Array(n * net.dim);
  for (let i = 0; i < n; i++) {
    const from = (i % count) * net.dim;
    for (let k = 0; k < net.dim; k++) z[i * net.dim + k] = net.latents[from + k]! + 0.3 * rand();
  }
  const meta = new Float32Array(n * 4);
  for (let i = 0; i < n; i++) meta[i * 4] = i % 10;
  return { z, meta };
}

async function readBuffer(device: GPUDevice, buffer: GPUBuffer, bytes: number): Promise<Float32Array> {
  const staging = device.createBuffer({ size: bytes, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  const encoder = device.createCommandEncoder();
  encoder.copyBufferToBuffer(buffer, 0, staging, 0, bytes);
  device.queue.submit([encoder.finish()]);
  await staging.mapAsync(GPUMapMode.READ);
  const out = new Float32Array(staging.getMappedRange().slice(0));
  staging.destroy();
  return out;
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) throw new Error(`compared ${a.length} values with ${b.length}`);
  let max = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i]! - b[i]!);
    if (!(d <= max)) max = Number.isNaN(d) ? Infinity : d;
  }
  return max;
}

/** The tfjs step of the page's non-fused path: z' = z + dt f(z, u), positions = P(z'). */
class TfjsStep {
  private readonly field: DynamicsField;
  private readonly projector: DenseWeights[];

  constructor(net: FieldNetworks) {
    this.field = new DynamicsField(net.dynamics);
    this.projector = denseLayers(net.projector);
  }

  run(z: tf.Tensor2D): { next: tf.Tensor2D; positions: tf.Tensor2D } {
    return tf.tidy(() => {
      const bias = this.field.firstBias(U);
      const next = z.add(this.field.velocity(z, bias).mul(DT)) as tf.Tensor2D;
      return { next, positions: runDense(this.projector, next) };
    });
  }

  dispose(): void {
    this.field.dispose();
  }
}

/** One fused step and one tfjs step of the same n rows; their largest differences. */
export async function checkEquivalence(device: GPUDevice, net: FieldNetworks, n: number, tolerance: number): Promise<Equivalence> {
  const field = FusedField.create(device, net.dynamics, net.projector, { referenceSpeed: REFERENCE_SPEED });
  const batch = field.createBatch(n);
  const tfjs = new TfjsStep(net);
  try {
    const states = particleStates(net, n, 7);
    device.queue.writeBuffer(batch.z, 0, states.z);
    device.queue.writeBuffer(batch.meta, 0, states.meta);
    device.pushErrorScope('validation');
    field.step([batch], U, DT);
    const error = await device.popErrorScope();
    if (error !== null) throw new Error(`the fused kernel failed validation: ${error.message}`);
    const [z, packed] = await Promise.all([readBuffer(device, batch.z, n * net.dim * 4), readBuffer(device, batch.out, n * 16)]);
    const input = tf.tensor2d(states.z, [n, net.dim]);
    const reference = tfjs.run(input);
    const [refZ, refPositions] = await Promise.all([reference.next.data(), reference.positions.data()]);
    tf.dispose([input, reference.next, reference.positions]);
    const positions = packed.filter((_, i) => i % 4 !== 3);
    const maxZ = maxAbsDiff(z, refZ as Float32Array);
    const maxPosition = maxAbsDiff(positions, refPositions as Float32Array);
    return { n, maxZ, maxPosition, tolerance, ok: maxZ <= tolerance && maxPosition <= tolerance };
  } finally {
    batch.destroy();
    field.dispose();
    tfjs.dispose();
  }
}

function timing(n: number, totalMs: number, steps: number, flopsPerParticle: number, peakGflops: number | null): Timing {
  const msPerStep = totalMs / steps;
  const perSecond = (n * 1000) / msPerStep;
  const gflops = (perSecond * flopsPerParticle) / 1e9;
  return {
    msPerStep: round(msPerStep, 4),
    steps,
    particleStepsPerSecond: Math.round(perSecond),
    gflops: round(gflops, 2),
    peakShare: peakGflops === null ? null : round(gflops / peakGflops, 4),
  };
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** Steps to time: enough to fill `budgetMs` after one timed step, within [minSteps, maxSteps]. */
function stepsFor(oneStepMs: number, budgetMs: number, minSteps: number, maxSteps: number): number {
  return Math.max(minSteps, Math.min(maxSteps, Math.ceil(budgetMs / Math.max(oneStepMs, 1e-3))));
}

export interface TimeOptions {
  budgetMs: number;
  minSteps: number;
  maxSteps: number;
  peakGflops: number | null;
}

/** The fused kernel at n particles: steps submitted back to back, timed to onSubmittedWorkDone. */
export async function timeFused(device: GPUDevice, net: FieldNetworks, n: number, options: TimeOptions): Promise<Measured> {
  const bytes = n * net.dim * 4;
  if (bytes > device.limits.maxBufferSize) return { skipped: `z needs ${bytes} B, over the device's maxBufferSize ${device.limits.maxBufferSize}` };
  const field = FusedField.create(device, net.dynamics, net.projector, { referenceSpeed: REFERENCE_SPEED });
  device.pushErrorScope('out-of-memory');
  const batch = field.createBatch(n);
  const oom = await device.popErrorScope();
  try {
    if (oom !== null) return { skipped: `out of memory: ${oom.message}` };
    const states = particleStates(net, Math.min(n, 65_536), 11);
    // Large counts repeat the first 65,536 states: the work per particle is the same.
    for (let start = 0; start < n; start += 65_536) {
      const rows = Math.min(65_536, n - start);
      device.queue.writeBuffer(batch.z, start * net.dim * 4, states.z, 0, rows * net.dim);
      device.queue.writeBuffer(batch.meta, start * 16, states.meta, 0, rows * 4);
    }
    field.step([batch], U, DT);
    await device.queue.onSubmittedWorkDone();
    let t0 = performance.now();
    field.step([batch], U, DT);
    await device.queue.onSubmittedWorkDone();
    const steps = stepsFor(performance.now() - t0, options.budgetMs, options.minSteps, options.maxSteps);
    t0 = performance.now();
    for (let s = 0; s < steps; s++) field.step([batch], U, DT);
    await device.queue.onSubmittedWorkDone();
    return timing(n, performance.now() - t0, steps, field.flopsPerParticle, options.peakGflops);
  } finally {
    batch.destroy();
    field.dispose();
  }
}

/**
 * The tfjs-webgpu step at n particles, in chunks whose widest activation ([rows, 256]) fits one
 * storage binding, as the page's ParticleSim chunks. Completion is awaited by reading one value of
 * the last chunk's output, which depends on every queued dispatch before it. Every chunk steps the
 * same rows: the work per particle is what the page does.
 */
export async function timeTfjs(bindingLimit: number, net: FieldNetworks, n: number, flopsPerParticle: number, options: TimeOptions): Promise<Measured> {
  const widest = Math.max(...denseLayers(net.dynamics).map((l) => l.kernel.shape[1]));
  const chunk = Math.max(1024, Math.min(n, Math.floor(bindingLimit / (widest * 4))));
  const chunks = Math.ceil(n / chunk);
  const states = particleStates(net, Math.min(n, chunk), 13);
  let input: tf.Tensor2D;
  try {
    input = tf.tensor2d(states.z, [Math.min(n, chunk), net.dim]);
  } catch (e) {
    return { skipped: `could not allocate the input: ${(e as Error).message}` };
  }
  const tfjs = new TfjsStep(net);
  const stepOnce = async (): Promise<void> => {
    let last: tf.Tensor2D | null = null;
    for (let c = 0; c < chunks; c++) {
      const out = tfjs.run(input);
      out.next.dispose();
      last?.dispose();
      last = out.positions;
    }
    const probe = last!.slice([0, 0], [1, 1]);
    await probe.data();
    probe.dispose();
    last!.dispose();
  };
  try {
    await stepOnce();
    let t0 = performance.now();
    await stepOnce();
    const steps = stepsFor(performance.now() - t0, options.budgetMs, options.minSteps, options.maxSteps);
    t0 = performance.now();
    for (let s = 0; s < steps; s++) await stepOnce();
    return timing(n, performance.now() - t0, steps, flopsPerParticle, options.peakGflops);
  } catch (e) {
    return { skipped: `failed: ${(e as Error).message.split('\n')[0]}` };
  } finally {
    input.dispose();
    tfjs.dispose();
  }
}
