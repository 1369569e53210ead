import {
  getKernel,
  registerKernel,
  unregisterKernel,
  type KernelBackend,
  type KernelConfig,
  type KernelFunc,
  type NamedAttrMap,
  type NamedTensorInfoMap,
  type TensorInfo,
} from '@tensorflow/tfjs';
import { conv2DBackpropFilter, conv2DBackpropInput } from './wasm-conv-grads';

/**
 * Training kernels for the tfjs wasm backend (4.22). As shipped it cannot train conv nets
 * (no Conv2DBackpropFilter), runs BatchMatMul with a transposed operand 12-18x slower than
 * without (every Dense backward pass), and has a slow naive Conv2DBackpropInput. Each kernel
 * here is composed from the backend's own fast kernels (XNNPACK Conv2D, C Transpose,
 * non-transposed BatchMatMul), called directly so no engine bookkeeping is added.
 */

const BACKEND = 'wasm';

/** Kernels this module replaces, captured before replacement so we can delegate to them. */
const originals = new Map<string, KernelConfig>();

/**
 * Runs other wasm kernels on behalf of one of ours and frees every intermediate at the end,
 * so a kernel leaks nothing even when it throws half way.
 */
export class KernelScope {
  private readonly temps: TensorInfo[] = [];

  constructor(readonly backend: KernelBackend) {}

  /** Runs kernel `name` on the wasm backend; the result is freed by finish() unless returned. */
  run(name: string, inputs: NamedTensorInfoMap | TensorInfo[], attrs: NamedAttrMap = {}): TensorInfo {
    const config = originals.get(name) ?? getKernel(name, BACKEND);
    if (config === undefined) {
      throw new Error(`wasm-kernels: the wasm backend has no ${name} kernel (was it imported?)`);
    }
    const out = config.kernelFunc({
      // Concat takes its inputs as an array; the kernel registry types them as a named map.
      inputs: inputs as NamedTensorInfoMap,
      backend: this.backend,
      attrs,
    });
    if (Array.isArray(out)) throw new Error(`wasm-kernels: ${name} returned several tensors`);
    this.temps.push(out);
    return out;
  }

  reshape(x: TensorInfo, shape: number[]): TensorInfo {
    return this.run('Reshape', { x }, { shape });
  }

  transpose(x: TensorInfo, perm: number[]): TensorInfo {
    return this.run('Transpose', { x }, { perm });
  }

  /** Non-transposed matMul: the only fast BatchMatMul path of the wasm backend. */
  matMul(a: TensorInfo, b: TensorInfo): TensorInfo {
    return this.run('BatchMatMul', { a, b }, { transposeA: false, transposeB: false });
  }

  /** Frees all intermediates except `result`, which the caller hands to the engine. */
  finish(result: TensorInfo | null): void {
    for (const t of this.temps) {
      // Reshape shares dataIds with a refcount, so each TensorInfo is released exactly once.
      if (t !== result) this.backend.disposeData(t.dataId);
    }
    this.temps.length = 0;
  }
}

/** Runs `body` in a fresh scope; intermediates are freed whether or not it throws. */
export function withScope(backend: KernelBackend, body: (s: KernelScope) => TensorInfo): TensorInfo {
  const scope = new KernelScope(backend);
  let result: TensorInfo | null = null;
  try {
    result = body(scope);
    return result;
  } finally {
    scope.finish(result);
  }
}

/** The stock wasm kernel `name` was replaced by; for fallbacks on shapes we do not handle. */
export function originalKernel(name: string): KernelFunc {
  const config = originals.get(name);
  if (config === undefined) throw new Error(`wasm-kernels: no original ${name} kernel recorded`);
  return config.kernelFunc;
}

/** Permutation swapping the two innermost axes, leaving batch axes in place. */
function swapInner(rank: number): number[] {
  const perm = Array.from({ length: rank }, (_, i) => i);
  perm[rank - 2] = rank - 1;
  perm[rank - 1] = rank - 2;
  return perm;
}

/** Materialises the transposes the attrs ask for, so the stock kernel takes its fast path. */
function untransposed(
  s: KernelScope,
  a: TensorInfo,
  b: TensorInfo,
  attrs: NamedAttrMap,
): { a: TensorInfo; b: TensorInfo } {
  return {
    a: attrs.transposeA === true ? s.transpose(a, swapInner(a.shape.length)) : a,
    b: attrs.transposeB === true ? s.transpose(b, swapInner(b.shape.length)) : b,
  };
}

const batchMatMul: KernelFunc = ({ inputs, backend, attrs = {} }) => {
  const original = originalKernel('BatchMatMul');
  if (attrs.transposeA !== true && attrs.transposeB !== true) {
    return original({ inputs, backend, attrs });
  }
  const { a, b } = inputs;
  if (a === undefined || b === undefined) throw new Error('BatchMatMul: missing input a or b');
  return withScope(backend as KernelBackend, (s) => {
    const plain = untransposed(s, a, b, attrs);
    return s.run('BatchMatMul', plain, { ...attrs, transposeA: false, transposeB: false });
  });
};

// Layers' Dense only reaches _FusedMatMul untransposed, but tf.fused.matMul users may not.
const fusedMatMul: KernelFunc = ({ inputs, backend, attrs = {} }) => {
  const original = originalKernel('_FusedMatMul');
  if (attrs.transposeA !== true && attrs.transposeB !== true) {
    return original({ inputs, backend, attrs });
  }
  const { a, b } = inputs;
  if (a === undefined || b === undefined) throw new Error('_FusedMatMul: missing input a or b');
  return withScope(backend as KernelBackend, (s) => {
    const plain = untransposed(s, a, b, attrs);
    return s.run('_FusedMatMul', { ...inputs, ...plain }, { ...attrs, transposeA: false, transposeB: false });
  });
};

const replacements: Record<string, KernelFunc> = {
  BatchMatMul: batchMatMul,
  _FusedMatMul: fusedMatMul,
  Conv2DBackpropInput: conv2DBackpropInput,
  Conv2DBackpropFilter: conv2DBackpropFilter,
};

/**
 * Installs the training kernels on the wasm backend. Idempotent. Must run after
 * '@tensorflow/tfjs-backend-wasm' has been imported (that import registers the stock kernels);
 * it may run before or after the backend is initialised.
 */
export function registerTrainingKernels(): void {
  for (const [name, kernelFunc] of Object.entries(replacements)) {
    const current = getKernel(name, BACKEND);
    if (current?.kernelFunc === kernelFunc) continue;
    if (current !== undefined) {
      originals.set(name, current);
      unregisterKernel(name, BACKEND);
    } else if (name !== 'Conv2DBackpropFilter') {
      throw new Error(`wasm-kernels: stock ${name} kernel missing; import '@tensorflow/tfjs-backend-wasm' first`);
    }
    registerKernel({
      kernelName: name,
      backendName: BACKEND,
      kernelFunc,
      // The stock kernelFunc we delegate to needs its cwrap binding, made by setupFunc when
      // the backend initialises, which may happen after this replacement.
      setupFunc: current?.setupFunc,
      disposeFunc: current?.disposeFunc,
    });
  }
}
