import {
  backend_util,
  type KernelBackend,
  type KernelFunc,
  type NamedAttrMap,
  type NamedTensorInfoMap,
  type TensorInfo,
} from '@tensorflow/tfjs';
import { originalKernel, withScope, type KernelScope } from './wasm-kernels';

// The two conv gradients for the wasm backend. Function declarations (not const arrows) on
// purpose: wasm-kernels.ts and this file import each other, and hoisting keeps that safe
// whichever is loaded first.

type Conv2DInfo = backend_util.Conv2DInfo;
type Pad = 'same' | 'valid' | number | backend_util.ExplicitPadding;
type Shape4 = [number, number, number, number];

interface ConvAttrs {
  strides: number | [number, number];
  pad: Pad;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

function convAttrs(kernel: string, attrs: NamedAttrMap): ConvAttrs {
  const format = attrs.dataFormat ?? 'NHWC';
  if (format !== 'NHWC') {
    throw new Error(`${kernel} (wasm-kernels): only dataFormat NHWC is supported, got ${String(format)}`);
  }
  const dilations = attrs.dilations ?? 1;
  const dil = Array.isArray(dilations) ? dilations : [dilations, dilations];
  if (dil.some((d) => d !== 1)) {
    throw new Error(`${kernel} (wasm-kernels): dilations other than 1 are not supported`);
  }
  // The attrs come from tfjs-core's own conv2d gradient ops, which fill exactly these fields.
  return attrs as unknown as ConvAttrs;
}

function input(inputs: NamedTensorInfoMap, name: string, kernel: string): TensorInfo {
  const t = inputs[name];
  if (t === undefined) throw new Error(`${kernel}: missing input ${name}`);
  return t;
}

function convInfo(xShape: number[], filterShape: number[], a: ConvAttrs): Conv2DInfo {
  return backend_util.computeConv2DInfo(
    xShape as Shape4,
    filterShape as Shape4,
    a.strides,
    1,
    a.pad,
    a.dimRoundingMode,
    false,
    'channelsLast',
  );
}

/**
 * One-hot "patch extraction" filters for im2col, cached per backend: a Conv2D with this
 * filter writes each receptive field as one row of KhKwCi values, in filter order. Kept as
 * raw backend data (not engine tensors) so no tidy scope can free them; the Conv2D kernel
 * also caches its XNNPACK operator per filter id, so reusing it skips weight packing.
 */
const patchFilters = new WeakMap<KernelBackend, Map<string, TensorInfo>>();

function patchFilter(backend: KernelBackend, kh: number, kw: number, ci: number): TensorInfo {
  let cache = patchFilters.get(backend);
  if (cache === undefined) patchFilters.set(backend, (cache = new Map()));
  const key = `${kh}x${kw}x${ci}`;
  let info = cache.get(key);
  if (info === undefined) {
    const rows = kh * kw * ci;
    const values = new Float32Array(rows * rows);
    for (let r = 0; r < rows; r++) values[r * rows + r] = 1;
    const shape = [kh, kw, ci, rows];
    info = { dataId: backend.write(values, shape, 'float32'), shape, dtype: 'float32' };
    cache.set(key, info);
  }
  return info;
}

/**
 * dW[kh,kw,ci,co] = sum over batch and output pixels of x_patch * dy. Two formulations,
 * both ending in one fast GEMM of size (KhKwCi) x (B*OH*OW) x Co:
 *  - im2col: an XNNPACK Conv2D with a one-hot filter extracts the patches (costs another
 *    (KhKwCi)^2 per pixel, cheap when Ci is small), then dy^T @ cols.
 *  - conv trick: a Conv2D whose "batch" is Ci, "channels" are B and whose filter is dy
 *    itself, dilated by the stride; avoids materialising patches, wins when Ci is large.
 * Measured at batch 128, 3x3 stride 2: Ci=1->32 im2col 3.3 ms vs conv trick 8.3 ms;
 * Ci=32->64 conv trick 14 ms vs 28 ms for im2col (even with cheaper depthwise patch
 * extraction). Hence the KhKwCi <= Co switch.
 * dy^T @ cols beats cols^T @ dy (8 vs 20 ms): the transposed operand is the narrower one.
 */
export function conv2DBackpropFilter({ inputs, backend, attrs = {} }: Parameters<KernelFunc>[0]): TensorInfo {
  const name = 'Conv2DBackpropFilter';
  const a = convAttrs(name, attrs);
  const x = input(inputs, 'x', name);
  const dy = input(inputs, 'dy', name);
  const filterShape = attrs.filterShape as number[];
  const info = convInfo(x.shape, filterShape, a);
  const [kh, kw, ci, co] = filterShape;
  if (info.outHeight !== dy.shape[1] || info.outWidth !== dy.shape[2]) {
    throw new Error(`${name}: dy shape ${dy.shape} does not match the conv output ${info.outShape}`);
  }
  const rows = kh * kw * ci;
  const kb = backend as KernelBackend;
  return withScope(kb, (s) => {
    if (rows <= co) {
      const cols = s.run('Conv2D', { x, filter: patchFilter(kb, kh, kw, ci) }, {
        strides: a.strides,
        pad: a.pad,
        ...(a.dimRoundingMode === undefined ? {} : { dimRoundingMode: a.dimRoundingMode }),
        dilations: 1,
        dataFormat: 'NHWC',
      });
      const n = info.batchSize * info.outHeight * info.outWidth;
      const dyT = s.transpose(s.reshape(dy, [n, co]), [1, 0]);
      const dwT = s.matMul(dyT, s.reshape(cols, [n, rows]));
      return s.reshape(s.transpose(dwT, [1, 0]), filterShape);
    }
    return filterGradByConv(s, x, dy, info);
  });
}

function filterGradByConv(s: KernelScope, x: TensorInfo, dy: TensorInfo, info: Conv2DInfo): TensorInfo {
  const { filterHeight: kh, filterWidth: kw, strideHeight: sh, strideWidth: sw } = info;
  const { top, left } = info.padInfo;
  const [, h, w] = x.shape;
  // Bottom/right padding that yields exactly K outputs; negative means the forward conv
  // never read the last rows, so we pad nothing and crop the surplus outputs instead.
  const bottom = Math.max(0, kh + (info.outHeight - 1) * sh - h - top);
  const right = Math.max(0, kw + (info.outWidth - 1) * sw - w - left);
  const xT = s.transpose(x, [3, 1, 2, 0]); // [Ci, H, W, B]
  const dyT = s.transpose(dy, [1, 2, 0, 3]); // [OH, OW, B, Co]
  let dw = s.run('Conv2D', { x: xT, filter: dyT }, {
    strides: 1,
    pad: [[0, 0], [top, bottom], [left, right], [0, 0]],
    dilations: [sh, sw],
    dataFormat: 'NHWC',
  }); // [Ci, >=Kh, >=Kw, Co]
  if (dw.shape[1] !== kh || dw.shape[2] !== kw) {
    dw = s.run('Slice', { x: dw }, { begin: [0, 0, 0, 0], size: [-1, kh, kw, -1] });
  }
  return s.transpose(dw, [1, 2, 0, 3]);
}

/**
 * One spatial axis of dx = conv2dTranspose(dy, w) split into `s` output phases: position
 * i = s*u + a receives dy[u + c - m] * w[r + s*m] (r, c from a + pad), a stride-1 correlation.
 * All phases share one window of dy rows [u + lo, u + hi] so a single conv computes them all.
 */
interface AxisPlan {
  stride: number;
  window: number;
  padBefore: number;
  padAfter: number;
  /** tap[a][j]: filter index feeding window offset j of phase a, or -1 (a zero tap). */
  tap: number[][];
}

/** Null where the shared window needs negative padding or the size is not a stride multiple. */
function planAxis(k: number, s: number, pad: number, inSize: number, outSize: number): AxisPlan | null {
  if (inSize % s !== 0) return null;
  const phases = Array.from({ length: s }, (_, a) => {
    const r = (a + pad) % s;
    return { r, c: Math.floor((a + pad) / s), taps: r < k ? Math.ceil((k - r) / s) : 0 };
  });
  const used = phases.filter((p) => p.taps > 0);
  const lo = Math.min(...used.map((p) => p.c - p.taps + 1));
  const hi = Math.max(...used.map((p) => p.c));
  const window = hi - lo + 1;
  const padBefore = -lo;
  const padAfter = inSize / s + hi - outSize;
  if (padBefore < 0 || padAfter < 0) return null;
  const tap = phases.map((p) =>
    Array.from({ length: window }, (_, j) => {
      const m = p.c - lo - j;
      return m >= 0 && m < p.taps ? p.r + s * m : -1;
    }),
  );
  return { stride: s, window, padBefore, padAfter, tap };
}

/**
 * Cached 0/1 matrix [Lh*Lw*sh*sw, Kh*Kw] that, multiplied with the filter, lays its taps out
 * as the combined sub-pixel filter (zero rows for window slots a phase does not use).
 */
const tapSelectors = new WeakMap<KernelBackend, Map<string, TensorInfo>>();

function tapSelector(backend: KernelBackend, rows: AxisPlan, cols: AxisPlan, kh: number, kw: number): TensorInfo {
  let cache = tapSelectors.get(backend);
  if (cache === undefined) tapSelectors.set(backend, (cache = new Map()));
  const key = JSON.stringify([rows.tap, cols.tap, kh, kw]);
  let info = cache.get(key);
  if (info === undefined) {
    const width = kh * kw;
    const shape = [rows.window * cols.window * rows.stride * cols.stride, width];
    const values = new Float32Array(shape[0] * width);
    let row = 0;
    for (let jh = 0; jh < rows.window; jh++) {
      for (let jw = 0; jw < cols.window; jw++) {
        for (let a = 0; a < rows.stride; a++) {
          for (let c = 0; c < cols.stride; c++, row++) {
            const th = rows.tap[a][jh];
            const tw = cols.tap[c][jw];
            if (th >= 0 && tw >= 0) values[row * width + th * kw + tw] = 1;
          }
        }
      }
    }
    info = { dataId: backend.write(values, shape, 'float32'), shape, dtype: 'float32' };
    cache.set(key, info);
  }
  return info;
}

/**
 * dx of a conv, which is also conv2dTranspose's forward. The stock kernel is a naive loop;
 * dilating dy with zeros for a plain conv would waste (s^2-1)/s^2 of the work. Instead one
 * stride-1 XNNPACK conv computes all s*s output phases as channels (sub-pixel convolution,
 * ~16/9 of the useful work for 3x3 stride 2), then a rank-4 transpose interleaves them
 * (the wasm Transpose is fast up to rank 4 and ~40x slower above). Separate per-phase convs
 * do no wasted work but were slower below ~32 output channels (XNNPACK is poor with few
 * channels: 9.7 vs 2.0 ms for 32->1) and only ~20% faster at 64->32, so one path it is.
 */
export function conv2DBackpropInput({ inputs, backend, attrs = {} }: Parameters<KernelFunc>[0]): TensorInfo {
  const name = 'Conv2DBackpropInput';
  const a = convAttrs(name, attrs);
  const dy = input(inputs, 'dy', name);
  const filter = input(inputs, 'filter', name);
  const inShape = attrs.inputShape as number[];
  const info = convInfo(inShape, filter.shape, a);
  const { filterHeight: kh, filterWidth: kw, strideHeight: sh, strideWidth: sw } = info;
  const [b, h, w, ci] = inShape;
  const co = filter.shape[3];
  const rows = planAxis(kh, sh, info.padInfo.top, h, dy.shape[1]);
  const cols = planAxis(kw, sw, info.padInfo.left, w, dy.shape[2]);
  if (rows === null || cols === null) {
    return originalKernel(name)({ inputs, backend, attrs }) as TensorInfo;
  }
  const kb = backend as KernelBackend;
  return withScope(kb, (s) => {
    const phases = sh * sw;
    const taps = s.matMul(tapSelector(kb, rows, cols, kh, kw), s.reshape(filter, [kh * kw, ci * co]));
    const perPhase = s.reshape(taps, [rows.window * cols.window, phases, ci, co]);
    const combined = s.reshape(s.transpose(perPhase, [0, 3, 1, 2]), [rows.window, cols.window, co, phases * ci]);
    const out = s.run('Conv2D', { x: dy, filter: combined }, {
      strides: 1,
      pad: [[0, 0], [rows.padBefore, rows.padAfter], [cols.padBefore, cols.padAfter], [0, 0]],
      dilations: 1,
      dataFormat: 'NHWC',
    }); // [B, H/sh, W/sw, (a, c, ci)]
    if (phases === 1) return out;
    const split = s.reshape(out, [(b * h) / sh, w / sw, sh, sw * ci]);
    return s.reshape(s.transpose(split, [0, 2, 1, 3]), [b, h, w, ci]);
  });
}
