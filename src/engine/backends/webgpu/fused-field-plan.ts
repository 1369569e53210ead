/**
 * The pure arithmetic behind the fused field kernel (fused-field.ts): how many particles one
 * workgroup takes (bounded by workgroup memory), where each layer's weights sit in the one packed
 * weight buffer, and how a batch of rows is cut into dispatches that respect the device's binding,
 * alignment and per-dimension workgroup limits. No GPU objects here, so Node tests can check it.
 */

/** Invocations per workgroup: the WebGPU default limit, and what every layer's mapping assumes. */
export const WORKGROUP_SIZE = 256;
/** Output rows are (x, y, z, w); the meta rows (label, age, fresh, spare) have the same width. */
export const ROW_VEC4_BYTES = 16;

export interface LayerShape {
  inputs: number;
  outputs: number;
  relu: boolean;
}

/** One layer as the kernel sees it: weights [inputs][outputs] row-major at `weights`, bias at `bias`. */
export interface PackedLayer extends LayerShape {
  weights: number;
  bias: number;
}

export interface WeightLayout {
  /** The dynamics layers; the first has `inputs` = dim + 1 (its last weight row is u's). */
  dynamics: PackedLayer[];
  projector: PackedLayer[];
  totalFloats: number;
  dim: number;
  /** Widest activation any layer writes (the workgroup's activation tile is this wide). */
  widest: number;
  /** FLOP per particle-step (f, the Euler step and the projection; 2 per multiply-add). */
  flopsPerParticle: number;
}

/**
 * Offsets (in floats) of every kernel and bias when the layers are concatenated as
 * [W1, b1, W2, b2, ...] (dynamics first), which is also tfjs's own row-major layout of a Dense
 * kernel [inputs, outputs]: packing is a plain concat, on the GPU, with no transposes.
 */
export function weightLayout(dynamics: readonly LayerShape[], projector: readonly LayerShape[]): WeightLayout {
  if (dynamics.length < 1 || projector.length < 1) throw new Error('the fused field needs at least one dynamics and one projector layer');
  const dim = dynamics[0]!.inputs - 1;
  const last = dynamics[dynamics.length - 1]!;
  if (last.outputs !== dim || last.relu) throw new Error(`dynamics must map [z, u] (${dim} + 1) linearly back to ${dim}; its last layer gives ${last.outputs}`);
  if (projector[0]!.inputs !== dim) throw new Error(`the projector takes ${projector[0]!.inputs} inputs, the latent has ${dim}`);
  const lastProjector = projector[projector.length - 1]!;
  if (lastProjector.outputs !== 3 || lastProjector.relu) throw new Error(`the projector must end in a linear layer of 3 outputs, got ${lastProjector.outputs}`);
  let offset = 0;
  let flops = 0;
  const pack = (layers: readonly LayerShape[]): PackedLayer[] =>
    layers.map((layer, i) => {
      if (i > 0 && layer.inputs !== layers[i - 1]!.outputs) throw new Error(`layer ${i} takes ${layer.inputs} inputs after a layer of ${layers[i - 1]!.outputs}`);
      if (layer.outputs > WORKGROUP_SIZE) throw new Error(`layer ${i} has ${layer.outputs} units; the kernel maps one invocation per unit, at most ${WORKGROUP_SIZE}`);
      const packed = { ...layer, weights: offset, bias: offset + layer.inputs * layer.outputs };
      offset = packed.bias + layer.outputs;
      return packed;
    });
  const packedDynamics = pack(dynamics);
  const packedProjector = pack(projector);
  for (const l of [...packedDynamics, ...packedProjector]) flops += 2 * l.inputs * l.outputs;
  // u is folded into the first bias: its weight row costs no multiply-add per particle.
  flops -= 2 * dynamics[0]!.outputs;
  const widest = Math.max(dim, ...[...dynamics, ...projector].map((l) => l.outputs));
  return { dynamics: packedDynamics, projector: packedProjector, totalFloats: offset, dim, widest, flopsPerParticle: flops + 2 * dim };
}

/** Workgroup memory the kernel declares for `tile` particles: the activation tile and the z tile. */
export function workgroupBytes(tile: number, widest: number, dim: number): number {
  return 4 * tile * (widest + dim);
}

export const TILE_CHOICES = [16, 12, 8, 4] as const;

/**
 * Particles per workgroup: the largest multiple of 4 (activations are read as vec4 across four
 * particles) whose workgroup memory fits the limit. Every weight a workgroup reads serves `tile`
 * particles, so a bigger tile means fewer weight reads per FLOP. 16 KiB (the default limit) gives 12.
 */
export function chooseTile(maxWorkgroupStorageBytes: number, widest: number, dim: number): number {
  for (const tile of TILE_CHOICES) if (workgroupBytes(tile, widest, dim) <= maxWorkgroupStorageBytes) return tile;
  throw new Error(`even 4 particles need ${workgroupBytes(4, widest, dim)} B of workgroup memory; the device allows ${maxWorkgroupStorageBytes}`);
}

export interface DeviceLimitsLike {
  maxStorageBufferBindingSize: number;
  minStorageBufferOffsetAlignment: number;
  maxComputeWorkgroupsPerDimension: number;
}

/** One dispatch: rows [start, start + rows) of the batch, and its workgroup grid. */
export interface Segment {
  start: number;
  rows: number;
  workgroups: [number, number];
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** Smallest row count whose byte size, for every row width given, is a multiple of `alignment`. */
export function rowAlignment(alignment: number, rowBytes: readonly number[]): number {
  return rowBytes.reduce((acc, bytes) => {
    const need = alignment / gcd(alignment, bytes);
    return (acc * need) / gcd(acc, need);
  }, 1);
}

/**
 * Cuts `rows` into dispatches. Each segment binds its own range of the state (dim floats a row),
 * meta and output buffers, so a segment is at most one storage binding of state; segment starts
 * are multiples of the rows that keep every binding offset aligned; the workgroup grid is 2D when
 * one dimension would pass the per-dimension limit (1M particles at 12 a tile = 83,334 groups).
 * `outFirstRow` (the batch's first row in the output buffer) must itself be aligned.
 */
export function planDispatch(rows: number, tile: number, dim: number, limits: DeviceLimitsLike, outFirstRow = 0): Segment[] {
  if (!Number.isInteger(rows) || rows < 0) throw new RangeError(`rows must be a non-negative integer, got ${rows}`);
  const stateRowBytes = dim * 4;
  const align = rowAlignment(limits.minStorageBufferOffsetAlignment, [stateRowBytes, ROW_VEC4_BYTES]);
  if (outFirstRow % align !== 0) throw new RangeError(`the batch's first output row ${outFirstRow} is not a multiple of ${align} rows (binding offset alignment)`);
  const step = (align * tile) / gcd(align, tile);
  const byBinding = Math.floor(limits.maxStorageBufferBindingSize / stateRowBytes);
  const maxGrid = limits.maxComputeWorkgroupsPerDimension;
  const byGrid = maxGrid * maxGrid * tile;
  const segmentRows = Math.floor(Math.min(byBinding, byGrid) / step) * step;
  if (segmentRows < 1) throw new Error(`a storage binding of ${limits.maxStorageBufferBindingSize} B holds fewer than ${step} state rows`);
  const segments: Segment[] = [];
  for (let start = 0; start < rows; start += segmentRows) {
    const n = Math.min(segmentRows, rows - start);
    const groups = Math.ceil(n / tile);
    const x = Math.min(groups, maxGrid);
    segments.push({ start, rows: n, workgroups: [x, Math.ceil(groups / x)] });
  }
  return segments;
}
