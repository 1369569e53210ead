/**
 * The shape of `npm run bench -- --json`'s last line, and of what the bench page hands back.
 * Shared by the Node side (scripts/bench*), the page (scripts/bench/page/) and tests/e2e/bench.test.ts.
 *
 * Anything that can be left unmeasured is `T | Skipped`: the JSON always says why a figure is
 * missing instead of leaving it out.
 */

export type PathName = 'webgpu' | 'webgl' | 'wasm';
export const ALL_PATHS: readonly PathName[] = ['webgpu', 'webgl', 'wasm'];

export interface Skipped {
  skipped: string;
}

export type Maybe<T> = T | Skipped;

export function isSkipped<T extends object>(value: Maybe<T> | null | undefined): value is Skipped {
  return value !== null && value !== undefined && typeof (value as Partial<Skipped>).skipped === 'string';
}

/** Milliseconds per repetition, each repetition synchronised with the device. */
export interface Timing {
  frames: number;
  warmup: number;
  medianMs: number;
  p10Ms: number;
  p90Ms: number;
  minMs: number;
  maxMs: number;
  /** Present when the budget forced fewer frames than asked for: says how many and why. */
  reduced?: string;
}

/** One dense layer as it runs: [inputs, outputs] per row. */
export type LayerShape = [number, number];

export interface FlopCount {
  /** The dynamics f(z, u) as the particle loop runs it (u folded into the first bias, so 64 inputs). */
  dynamicsLayers: LayerShape[];
  projectorLayers: LayerShape[];
  /** 2 x in x out summed over the layers, per row. */
  fPerRow: number;
  projectorPerRow: number;
  /** f + projector: what GFLOP/s of the field step counts. */
  fieldPerParticleStep: number;
  /** The nearest-latent check (2 x dim x manifold rows every `checkEvery` frames), amortised per
   *  frame; left out of the GFLOP/s figures, which therefore understate the field step a little. */
  manifoldCheckPerParticleStep: number;
  /** One image through the encoder / decoder (conv, transposed conv and dense layers). */
  encoderPerImage: number;
  decoderPerImage: number;
}

/** What the bench page reports about its path before measuring. */
export interface PagePathInfo {
  path: PathName;
  tfBackend: string;
  device: string;
  software: boolean;
  maxBindingBytes: number;
  defaultParticles: number;
  crossOriginIsolated: boolean;
  adapter: { vendor: string; architecture: string; device: string; description: string; isFallbackAdapter: boolean } | null;
  flops: FlopCount;
  /** Rows per chunk of the particle sim and of the bare MLP forward at this path's binding limit. */
  simChunkRows: number;
  mlpChunkRows: number;
  checkEvery: number;
  dt: number;
  u: number;
  /** Why the fused WGSL field kernel is not measured on this path, or null when it is. */
  fusedUnavailable: string | null;
  /** What the fused figures cover, where they are measured. */
  fusedNote: string | null;
  startupMs: number;
}

/** Per-frame samples from the page: wall ms (synchronised) and CPU bytes read back in that frame. */
export interface FrameSamples {
  ms: number[];
  readbackBytes: number[];
}

export interface SizeResult {
  n: number;
  /** ParticleSim.step: f, Euler, respawn check every 4th frame, projection and packing. */
  field: Maybe<Timing>;
  /** The bare tfjs dynamics MLP forward (runDense) on [n, 64], same backend and weights. */
  mlp: Maybe<Timing>;
  /** The fused WGSL kernel (f + Euler + projection in one dispatch), webgpu only. */
  fused: Maybe<Timing> | null;
  /** field median / mlp median. */
  fieldOverMlp: Maybe<{ value: number }>;
  fieldParticleStepsPerS: Maybe<{ value: number }>;
  fieldGflops: Maybe<{ value: number }>;
  mlpGflops: Maybe<{ value: number }>;
  fusedOverField: Maybe<{ value: number }> | null;
  /** GFLOP/s of the fused kernel, counted like fieldGflops (f + projector per particle-step). */
  fusedGflops: Maybe<{ value: number }> | null;
  /** CPU bytes read back per field-step frame (max over the timed frames; the app's ReadbackMeter). */
  readbackBytesPerFrame: Maybe<{ max: number; total: number }>;
}

export interface FullFrameResult {
  particles: number;
  /** The field step the app ran (stats().field): 'fused' (WebGPU kernel) or 'tfjs'. */
  fieldPath: string;
  /** latentflow.step(1) on the real page (?fixedStep=1), rollouts settled first. */
  frame: Timing;
  /** Full frame median / median of the field step the app ran (fieldPath) at the same count and path. */
  overField: Maybe<{ value: number }>;
  overMlp: Maybe<{ value: number }>;
  /** stats().readbackBytesLastFrame, max over the timed frames. */
  readbackBytesPerFrame: number;
  /** Median CPU time to issue each stage (stats().issueMs). */
  issueMs: { sim: number; rollouts: number; draw: number };
}

export interface ColdStartResult {
  /** Node wall time from page.goto to <html data-ready="1"> (first frame done on the GPU). */
  wallMs: number;
  /** latentflow.startup(): gpu, models, world, firstFrame (ms). */
  breakdown: Record<string, number>;
  note: string;
}

export interface RolloutResult {
  starts: number;
  /** One grounded step of every start: f, decode, encode (synchronised). */
  step: Timing;
  /** Encoding the start digits (RolloutRunner.start), once. */
  encodeStartsMs: number;
  startStepsPerS: number;
}

export interface PathResult {
  path: PathName;
  info: PagePathInfo;
  budgetS: { sweep: number; rollouts: number; app: number };
  sizes: SizeResult[];
  /** Sizes not measured at all, and why. */
  skippedSizes: { n: number; reason: string }[];
  /** One frame (after one warm-up) at 1,000,000 particles: webgpu only. */
  million: Maybe<{
    n: number;
    field: Maybe<Timing>;
    fused: Maybe<Timing> | null;
    /** Which step the two figures below are of: the fused one where it ran (the app's choice), else tfjs. */
    measured: 'fused' | 'tfjs';
    particleStepsPerS: number;
    gflops: number;
  }> | null;
  rollouts: Maybe<RolloutResult>;
  fullFrame: Maybe<FullFrameResult>;
  coldStart: Maybe<ColdStartResult>;
  elapsedS: number;
}

export interface TrainingThroughput {
  samplesPerSec: number;
  msPerStep: number;
  steps: number;
  batch: number;
  /** numTensors after the timed steps minus before; 0 means no per-step leak. */
  tensorDelta: number;
}

export interface DadCollectThroughput {
  /** Starts rolled 5 grounded steps each way. */
  starts: number;
  chunk: number;
  /** Starts per second, in chunks of `chunk` and as one batch. */
  chunked: number;
  oneBatch: number;
  speedup: number;
}

export interface TrainingResult {
  backend: string;
  workloads: { autoencoder: string; dynamics: string };
  /** With the project's wasm kernels (src/model/node/wasm-kernels.ts): what `npm run train` uses. */
  ours: { autoencoder: Maybe<TrainingThroughput>; dynamics: Maybe<TrainingThroughput> };
  /** The stock tfjs wasm kernels, for comparison. */
  stock: { autoencoder: Maybe<TrainingThroughput>; dynamics: Maybe<TrainingThroughput> };
  /**
   * The pipeline's own trainers (two shards a minibatch) on one thread and with the shard helper
   * thread (src/model/node/shard-helper.ts), which gives the same weights.
   */
  sharded: { autoencoder: Maybe<ShardedThroughput>; dynamics: Maybe<ShardedThroughput> };
  /** Data-as-Demonstrator's grounded rollouts (src/model/dad.ts), in chunks against one batch. */
  dadCollect: Maybe<DadCollectThroughput>;
}

export interface ShardedThroughput {
  samples: number;
  oneThread: number;
  helper: number;
  /** helper / oneThread samples per second, measured in one run. */
  speedup: number;
}

export interface MachineInfo {
  cpu: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  tfjs: string;
  chromium: string;
  note: string;
}

export interface BenchResult {
  schema: 'latentflow-bench/1';
  command: string;
  quick: boolean;
  startedAt: string;
  elapsedS: number;
  machine: MachineInfo;
  sizes: number[];
  paths: Partial<Record<PathName, Maybe<PathResult>>>;
  /** Paths left out by --paths. */
  notRun: PathName[];
  node: { training: Maybe<TrainingResult> };
}
