/**
 * The fused field step on WebGPU: ONE compute dispatch per segment that, for a tile of particles,
 * computes v = f(z, u) (the dynamics MLP, u folded into the first bias), the Euler step
 * z' = z + dt v, the projection of z' through the projector's Dense stack, and writes z' plus the
 * packed (x, y, z, w) row. Hidden activations stay in workgroup memory and registers: no [N, 256]
 * tensor is ever written (at 1M particles tfjs writes 1 GiB per layer; DESIGN.md section 5).
 *
 * Buffers (the caller owns them; `createBatch` makes a set with the right usages):
 *   z    [rows, dim] f32  latent states, advanced in place
 *   meta [rows, 4]   f32  (label, age, fresh, spare): age += 1 and fresh := 0 each step
 *   out  [rows, 4]   f32  (x, y, z, w), w = label + min(|v| / (2 ref), 0.999) (0 for NaN |v|),
 *                          or -1 where fresh was set (a respawned particle: trails skip the jump)
 * Each buffer needs STORAGE usage, plus COPY_SRC to be wrapped as a tfjs tensor
 * (`tf.tensor({buffer, zeroCopy: true}, shape)`).
 *
 * Usage (also what a benchmark does):
 *
 *   const field = FusedField.create(device, dynamicsModel, projectorModel, { referenceSpeed });
 *   const batch = field.createBatch(1_000_000);           // or your own buffers
 *   device.queue.writeBuffer(batch.z, 0, latents);          // and meta; out needs nothing
 *   field.step([batch], u, dt);                             // writes params, encodes, submits
 *   await device.queue.onSubmittedWorkDone();               // the step's GPU time ends here
 *   // or, inside your own encoder: field.setStep(u, dt); field.encode(encoder, batch);
 *
 * Weights are uploaded once at creation: GPU to GPU when tfjs's active 'webgpu' backend runs on
 * `device` (no readback at all), else from the CPU copy a CPU/wasm backend holds. Nothing is
 * read back per step. Dispatches are cut by `planDispatch` so no binding passes
 * maxStorageBufferBindingSize and no grid dimension passes maxComputeWorkgroupsPerDimension.
 */
import * as tf from '@tensorflow/tfjs';
import { denseLayers, type DenseWeights } from '../../world/dense-stack';
import { ROW_VEC4_BYTES, chooseTile, planDispatch, weightLayout, workgroupBytes, type DeviceLimitsLike, type Segment, type WeightLayout } from './fused-field-plan';
import { fusedFieldWgsl } from './fused-field-wgsl';

export interface FusedFieldOptions {
  /** Median |f(z, u = 1)| on the training latents; w's speed share is |v| / (2 x this). */
  referenceSpeed: number;
  /** Particles per workgroup (multiple of 4); by default the largest the workgroup memory limit allows. */
  tile?: number;
  /** Tighter dispatch limits than the device's (tests use them to force 2D grids and many segments). */
  limits?: Partial<DeviceLimitsLike>;
}

/** One set of rows to advance: rows [0, rows) of z and meta, rows [outFirstRow, +rows) of out. */
export interface FusedBatch {
  z: GPUBuffer;
  meta: GPUBuffer;
  out: GPUBuffer;
  rows: number;
  /** Where this batch's rows start in `out` (several batches may share one output buffer). */
  outFirstRow?: number;
}

export interface OwnedBatch extends FusedBatch {
  destroy(): void;
}

interface CachedGroup {
  meta: GPUBuffer;
  out: GPUBuffer;
  first: number;
  start: number;
  rows: number;
  group: GPUBindGroup;
}

type DenseSource = tf.LayersModel | readonly DenseWeights[];

const PARAMS_BYTES = 16;
const STATE_USAGE = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;

function layersOf(source: DenseSource): readonly DenseWeights[] {
  return Array.isArray(source) ? (source as readonly DenseWeights[]) : denseLayers(source as tf.LayersModel);
}

/** True when tfjs's active backend computes on `device`, so its tensors' buffers are usable here. */
function tfjsSharesDevice(device: GPUDevice): boolean {
  if (tf.getBackend() !== 'webgpu') return false;
  // WebGPUBackend keeps its device in a public field that its type declarations do not surface.
  return (tf.backend() as unknown as { device?: GPUDevice }).device === device;
}

/** Copies the concatenation of `tensors` (flattened) into `target` without leaving the GPU when possible. */
function uploadTensors(device: GPUDevice, tensors: tf.Tensor[], target: GPUBuffer): void {
  const flat = tf.tidy(() => tf.concat(tensors.map((t) => t.reshape([-1])), 0));
  try {
    if (tfjsSharesDevice(device)) {
      const gpu = flat.dataToGPU();
      try {
        if (gpu.buffer !== undefined) {
          const encoder = device.createCommandEncoder({ label: 'fused field weights' });
          encoder.copyBufferToBuffer(gpu.buffer, 0, target, 0, flat.size * 4);
          device.queue.submit([encoder.finish()]);
          return;
        }
      } finally {
        gpu.tensorRef.dispose();
      }
    }
    const values = flat.dataSync() as Float32Array;
    device.queue.writeBuffer(target, 0, values.buffer, values.byteOffset, values.byteLength);
  } finally {
    flat.dispose();
  }
}

export class FusedField {
  readonly layout: WeightLayout;
  readonly tile: number;
  readonly dim: number;
  /** FLOP per particle-step, for GFLOP/s figures. */
  readonly flopsPerParticle: number;
  readonly workgroupBytes: number;
  readonly wgsl: string;
  private readonly weights: GPUBuffer;
  private readonly params: GPUBuffer;
  private readonly pipeline: GPUComputePipeline;
  private readonly shared: GPUBindGroup;
  /** Per state buffer, the bind groups made for it (a handful: one per segment and buffer set). */
  private readonly bindGroups = new WeakMap<GPUBuffer, CachedGroup[]>();

  private constructor(
    readonly device: GPUDevice,
    dynamics: readonly DenseWeights[],
    projector: readonly DenseWeights[],
    private readonly options: FusedFieldOptions,
  ) {
    const shape = (l: DenseWeights) => ({ inputs: l.kernel.shape[0], outputs: l.kernel.shape[1], relu: l.activation === 'relu' });
    this.layout = weightLayout(dynamics.map(shape), projector.map(shape));
    this.dim = this.layout.dim;
    this.flopsPerParticle = this.layout.flopsPerParticle;
    const limit = device.limits.maxComputeWorkgroupStorageSize;
    this.tile = options.tile ?? chooseTile(limit, this.layout.widest, this.dim);
    this.workgroupBytes = workgroupBytes(this.tile, this.layout.widest, this.dim);
    if (this.workgroupBytes > limit) throw new Error(`a tile of ${this.tile} needs ${this.workgroupBytes} B of workgroup memory; the device allows ${limit}`);
    if (!(options.referenceSpeed > 0)) throw new RangeError(`referenceSpeed must be positive, got ${options.referenceSpeed}`);

    this.weights = device.createBuffer({ label: 'fused field weights', size: this.layout.totalFloats * 4, usage: STATE_USAGE });
    uploadTensors(device, [...dynamics, ...projector].flatMap((l) => [l.kernel, l.bias]), this.weights);
    this.params = device.createBuffer({ label: 'fused field params', size: PARAMS_BYTES, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
    this.wgsl = fusedFieldWgsl(this.layout, this.tile);
    const module = device.createShaderModule({ label: 'fused field', code: this.wgsl });
    this.pipeline = device.createComputePipeline({ label: 'fused field', layout: 'auto', compute: { module, entryPoint: 'main' } });
    this.shared = device.createBindGroup({
      label: 'fused field weights',
      layout: this.pipeline.getBindGroupLayout(0),
      entries: [
        { binding: 0, resource: { buffer: this.weights } },
        { binding: 1, resource: { buffer: this.params } },
      ],
    });
    this.setStep(0, 0);
  }

  /** The field of a dynamics model ([z, u] -> dz) and a projector (z -> xyz), both Dense stacks. */
  static create(device: GPUDevice, dynamics: DenseSource, projector: DenseSource, options: FusedFieldOptions): FusedField {
    return new FusedField(device, layersOf(dynamics), layersOf(projector), options);
  }

  /** The dispatches `encode` records for `rows` rows (for checks against the device limits). */
  plan(rows: number, outFirstRow = 0): Segment[] {
    const device = this.device.limits;
    const limits: DeviceLimitsLike = {
      maxStorageBufferBindingSize: Math.min(device.maxStorageBufferBindingSize, this.options.limits?.maxStorageBufferBindingSize ?? Infinity),
      maxComputeWorkgroupsPerDimension: Math.min(device.maxComputeWorkgroupsPerDimension, this.options.limits?.maxComputeWorkgroupsPerDimension ?? Infinity),
      // A multiple of the device's alignment is still aligned.
      minStorageBufferOffsetAlignment: Math.max(device.minStorageBufferOffsetAlignment, this.options.limits?.minStorageBufferOffsetAlignment ?? 0),
    };
    return planDispatch(rows, this.tile, this.dim, limits, outFirstRow);
  }

  /** Sets u and dt for the steps submitted next (a 16-byte queue write, ordered before later submits). */
  setStep(u: number, dt: number): void {
    this.device.queue.writeBuffer(this.params, 0, new Float32Array([u, dt, 2 * this.options.referenceSpeed, 0]));
  }

  /** Records one step of `batch` into `encoder` (one compute pass, one dispatch per segment). */
  encode(encoder: GPUCommandEncoder, batch: FusedBatch): void {
    const first = batch.outFirstRow ?? 0;
    this.checkBatch(batch, first);
    const segments = this.plan(batch.rows, first);
    if (segments.length === 0) return;
    const pass = encoder.beginComputePass({ label: 'fused field' });
    pass.setPipeline(this.pipeline);
    pass.setBindGroup(0, this.shared);
    for (const segment of segments) {
      pass.setBindGroup(1, this.segmentGroup(batch, first, segment));
      pass.dispatchWorkgroups(segment.workgroups[0], segment.workgroups[1]);
    }
    pass.end();
  }

  /** setStep + encode every batch + submit. */
  step(batches: readonly FusedBatch[], u: number, dt: number): void {
    this.setStep(u, dt);
    const encoder = this.device.createCommandEncoder({ label: 'fused field step' });
    for (const batch of batches) this.encode(encoder, batch);
    this.device.queue.submit([encoder.finish()]);
  }

  /** Fresh z, meta and out buffers for `rows` particles (zero-filled). */
  createBatch(rows: number): OwnedBatch {
    const make = (label: string, bytes: number) => this.device.createBuffer({ label, size: Math.max(16, bytes), usage: STATE_USAGE });
    const z = make('fused z', rows * this.dim * 4);
    const meta = make('fused meta', rows * ROW_VEC4_BYTES);
    const out = make('fused out', rows * ROW_VEC4_BYTES);
    return {
      z,
      meta,
      out,
      rows,
      destroy() {
        for (const b of [z, meta, out]) b.destroy();
      },
    };
  }

  dispose(): void {
    this.weights.destroy();
    this.params.destroy();
  }

  private checkBatch(batch: FusedBatch, first: number): void {
    const need = (buffer: GPUBuffer, bytes: number, name: string) => {
      if (buffer.size < bytes) throw new RangeError(`fused field: ${name} holds ${buffer.size} B, ${bytes} B needed for ${batch.rows} rows`);
    };
    need(batch.z, batch.rows * this.dim * 4, 'z');
    need(batch.meta, batch.rows * ROW_VEC4_BYTES, 'meta');
    need(batch.out, (first + batch.rows) * ROW_VEC4_BYTES, 'out');
  }

  /** Bind groups are cached per buffer set and segment: a steady frame creates none. */
  private segmentGroup(batch: FusedBatch, first: number, segment: Segment): GPUBindGroup {
    let cached = this.bindGroups.get(batch.z);
    if (cached === undefined) this.bindGroups.set(batch.z, (cached = []));
    const hit = cached.find((c) => c.meta === batch.meta && c.out === batch.out && c.first === first && c.start === segment.start && c.rows === segment.rows);
    if (hit !== undefined) return hit.group;
    const group = this.device.createBindGroup({
      label: 'fused field segment',
      layout: this.pipeline.getBindGroupLayout(1),
      entries: [
        { binding: 0, resource: { buffer: batch.z, offset: segment.start * this.dim * 4, size: segment.rows * this.dim * 4 } },
        { binding: 1, resource: { buffer: batch.meta, offset: segment.start * ROW_VEC4_BYTES, size: segment.rows * ROW_VEC4_BYTES } },
        { binding: 2, resource: { buffer: batch.out, offset: (first + segment.start) * ROW_VEC4_BYTES, size: segment.rows * ROW_VEC4_BYTES } },
      ],
    });
    cached.push({ meta: batch.meta, out: batch.out, first, start: segment.start, rows: segment.rows, group });
    return group;
  }
}
