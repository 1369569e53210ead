import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../src/model/rng';
import { useWasmBackend } from '../../src/model/node/wasm-backend';
import { registerTrainingKernels } from '../../src/model/node/wasm-kernels';

// Every wasm result is checked against the reference cpu backend on the same seeded inputs.

type Pad = 'same' | 'valid' | number | [[0, 0], [number, number], [number, number], [0, 0]];
type Compute = (inputs: tf.Tensor[]) => tf.Tensor[];

const TOLERANCE = 1e-4;

function randomValues(shape: number[], seed: number): Float32Array {
  const rng = createRng(seed);
  const n = shape.reduce((p, d) => p * d, 1);
  return Float32Array.from({ length: n }, () => rng.normal());
}

/** Runs `compute` on freshly made inputs on `backend`; returns plain arrays, frees all. */
async function runOn(backend: string, shapes: number[][], seed: number, compute: Compute): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  const inputs = shapes.map((s, i) => tf.tensor(randomValues(s, seed * 101 + i), s));
  const outputs = compute(inputs);
  const values = outputs.map((o) => o.dataSync() as Float32Array);
  tf.dispose([...inputs, ...outputs]);
  return values;
}

/** Largest |wasm - cpu| relative to the largest |cpu| value of the same output. */
function relativeError(reference: Float32Array, actual: Float32Array): number {
  expect(actual.length).toBe(reference.length);
  let scale = 1e-12;
  let err = 0;
  for (let i = 0; i < reference.length; i++) {
    scale = Math.max(scale, Math.abs(reference[i]));
    err = Math.max(err, Math.abs(reference[i] - actual[i]));
  }
  return err / scale;
}

async function expectWasmMatchesCpu(shapes: number[][], seed: number, compute: Compute): Promise<void> {
  const expected = await runOn('cpu', shapes, seed, compute);
  const actual = await runOn('wasm', shapes, seed, compute);
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    expect(relativeError(expected[i], actual[i])).toBeLessThan(TOLERANCE);
  }
}

beforeAll(async () => {
  await useWasmBackend();
});

describe('wasm training kernels registration', () => {
  it('installs Conv2DBackpropFilter, which stock wasm lacks, and is idempotent', () => {
    const before = tf.getKernel('BatchMatMul', 'wasm')?.kernelFunc;
    registerTrainingKernels();
    registerTrainingKernels();
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined();
    expect(tf.getKernel('BatchMatMul', 'wasm')?.kernelFunc).toBe(before);
  });

  it('rejects NCHW conv gradients with a clear error', async () => {
    await tf.setBackend('wasm');
    const x = tf.zeros([1, 4, 4, 2]);
    const dy = tf.zeros([1, 4, 4, 3]);
    const attrs = { strides: 1, pad: 'same', dataFormat: 'NCHW', filterShape: [3, 3, 2, 3] };
    // runKernel's attrs type is a map of tfjs attribute values; this literal is one.
    expect(() => tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, attrs as unknown as tf.NamedAttrMap)).toThrow(
      /NHWC/,
    );
    tf.dispose([x, dy]);
  });
});

describe('matMul on wasm matches cpu', () => {
  // tfjs-core's BatchMatMul gradient does not reduce broadcast batch dims (it fails on cpu
  // too), so broadcast cases check the product only.
  const cases: { name: string; a: number[]; b: number[]; grads: boolean }[] = [
    { name: 'rank 2', a: [13, 29], b: [29, 7], grads: true },
    { name: 'rank 2 wide', a: [64, 65], b: [65, 256], grads: true },
    { name: 'rank 3 batched', a: [3, 9, 11], b: [3, 11, 5], grads: true },
    { name: 'rank 3, a broadcast from batch 1', a: [1, 9, 11], b: [4, 11, 5], grads: false },
    { name: 'rank 3, b broadcast from batch 1', a: [4, 9, 11], b: [1, 11, 5], grads: false },
  ];
  const flags: [boolean, boolean][] = [
    [false, false],
    [true, false],
    [false, true],
    [true, true],
  ];
  const swap = (s: number[]): number[] => [...s.slice(0, -2), s[s.length - 1], s[s.length - 2]];
  for (const c of cases) {
    for (const [ta, tb] of flags) {
      const what = c.grads ? 'product and both gradients' : 'product';
      it(`${c.name} with transposeA=${ta} transposeB=${tb}: ${what}`, async () => {
        const aShape = ta ? swap(c.a) : c.a;
        const bShape = tb ? swap(c.b) : c.b;
        const outShape = [...(c.a.length === 3 ? [Math.max(c.a[0], c.b[0])] : []), c.a[c.a.length - 2], c.b[c.b.length - 1]];
        await expectWasmMatchesCpu([aShape, bShape, outShape], 7, ([a, b, dy]) => {
          const f = (x: tf.Tensor, y: tf.Tensor): tf.Tensor => tf.matMul(x, y, ta, tb);
          return c.grads ? [f(a, b), ...tf.grads(f)([a, b], dy)] : [f(a, b)];
        });
      });
    }
  }

  it('fused matMul with transposes, bias and relu (inference path)', async () => {
    for (const [ta, tb] of flags) {
      await expectWasmMatchesCpu([ta ? [17, 12] : [12, 17], tb ? [9, 17] : [17, 9], [9]], 11, ([a, b, bias]) => [
        tf.fused.matMul({ a: a as tf.Tensor2D, b: b as tf.Tensor2D, transposeA: ta, transposeB: tb, bias, activation: 'relu' }),
      ]);
    }
  });
});

interface ConvCase {
  k: [number, number];
  stride: number;
  pad: Pad;
  ci: number;
  co: number;
  size: number;
}

function convCases(): ConvCase[] {
  const cases: ConvCase[] = [];
  const kernels: [number, number][] = [
    [3, 3],
    [4, 4],
    [5, 5],
  ];
  // (1, 16): im2col path (KhKwCi <= Co); the others: conv-trick path.
  const channels: [number, number][] = [
    [1, 16],
    [3, 8],
    [8, 5],
  ];
  for (const k of kernels) {
    for (const stride of [1, 2]) {
      for (const pad of ['same', 'valid'] as const) {
        for (const [ci, co] of channels) {
          for (const size of [8, 9]) cases.push({ k, stride, pad, ci, co, size });
        }
      }
    }
  }
  cases.push({ k: [3, 5], stride: 2, pad: 'same', ci: 2, co: 4, size: 10 });
  cases.push({ k: [3, 3], stride: 2, pad: [[0, 0], [1, 2], [2, 0], [0, 0]], ci: 2, co: 3, size: 8 });
  cases.push({ k: [3, 3], stride: 1, pad: [[0, 0], [0, 1], [2, 1], [0, 0]], ci: 1, co: 12, size: 7 });
  cases.push({ k: [3, 3], stride: 2, pad: 1, ci: 4, co: 6, size: 9 });
  cases.push({ k: [5, 5], stride: 1, pad: 2, ci: 1, co: 30, size: 6 });
  cases.push({ k: [1, 1], stride: 2, pad: 'same', ci: 3, co: 5, size: 8 });
  cases.push({ k: [1, 1], stride: 2, pad: 'valid', ci: 6, co: 2, size: 7 });
  return cases;
}

function describeConv(c: ConvCase): string {
  const pad =
    typeof c.pad === 'string' ? c.pad : typeof c.pad === 'number' ? `${c.pad}` : `explicit ${JSON.stringify(c.pad.slice(1, 3))}`;
  return `k=${c.k.join('x')} stride=${c.stride} pad=${pad} ci=${c.ci} co=${c.co} input ${c.size}x${c.size}`;
}

describe('conv2d gradients on wasm match cpu', () => {
  for (const c of convCases()) {
    it(`dx and dW for ${describeConv(c)}`, async () => {
      const xShape: [number, number, number, number] = [2, c.size, c.size, c.ci];
      const wShape: [number, number, number, number] = [c.k[0], c.k[1], c.ci, c.co];
      await tf.setBackend('cpu');
      const yShape = tf.tidy(() => tf.conv2d(tf.zeros<tf.Rank.R4>(xShape), tf.zeros<tf.Rank.R4>(wShape), c.stride, c.pad).shape);
      await expectWasmMatchesCpu([xShape, wShape, yShape], 3, ([x, w, dy]) => {
        const f = (xx: tf.Tensor, ww: tf.Tensor): tf.Tensor =>
          tf.conv2d(xx as tf.Tensor4D, ww as tf.Tensor4D, c.stride, c.pad);
        return [f(x, w), ...tf.grads(f)([x, w], dy)];
      });
    });
  }
});

describe('conv2dTranspose (decoder layer) on wasm matches cpu', () => {
  const cases: { k: number; stride: number; pad: 'same' | 'valid'; inC: number; outC: number; size: number }[] = [];
  for (const k of [3, 4, 5]) {
    for (const stride of [1, 2]) {
      for (const pad of ['same', 'valid'] as const) {
        cases.push({ k, stride, pad, inC: 8, outC: 1, size: 5 });
        cases.push({ k, stride, pad, inC: 6, outC: 4, size: 4 });
      }
    }
  }
  for (const c of cases) {
    it(`forward, d/dx and d/dfilter for k=${c.k} stride=${c.stride} pad=${c.pad} ${c.inC}->${c.outC} ch from ${c.size}x${c.size}`, async () => {
      const out = c.pad === 'same' ? c.size * c.stride : (c.size - 1) * c.stride + c.k;
      const xShape = [2, c.size, c.size, c.inC];
      const wShape = [c.k, c.k, c.outC, c.inC];
      const outShape: [number, number, number, number] = [2, out, out, c.outC];
      await expectWasmMatchesCpu([xShape, wShape, outShape], 5, ([x, w, dy]) => {
        const f = (xx: tf.Tensor, ww: tf.Tensor): tf.Tensor =>
          tf.conv2dTranspose(xx as tf.Tensor4D, ww as tf.Tensor4D, outShape, c.stride, c.pad);
        return [f(x, w), ...tf.grads(f)([x, w], dy)];
      });
    });
  }
});

describe('memory on wasm', () => {
  it('training steps of a conv autoencoder leak neither tensors nor backend buffers', async () => {
    await tf.setBackend('wasm');
    const model = tf.sequential({
      layers: [
        tf.layers.conv2d({ inputShape: [12, 12, 1], filters: 4, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 8, activation: 'relu' }),
        tf.layers.dense({ units: 6 * 6 * 4 }),
        tf.layers.reshape({ targetShape: [6, 6, 4] }),
        tf.layers.conv2dTranspose({ filters: 1, kernelSize: 3, strides: 2, padding: 'same', activation: 'sigmoid' }),
      ],
    });
    model.compile({ optimizer: tf.train.adam(1e-2), loss: 'meanSquaredError' });
    const xs = tf.tensor4d(randomValues([16, 12, 12, 1], 9).map((v) => 1 / (1 + Math.exp(-v))), [16, 12, 12, 1]);
    const counts = async (): Promise<[number, number]> => {
      await model.trainOnBatch(xs, xs);
      return [tf.memory().numTensors, tf.engine().backend.numDataIds()];
    };
    const first = await counts();
    const losses: number[] = [];
    for (let i = 0; i < 20; i++) losses.push((await model.trainOnBatch(xs, xs)) as number);
    expect(await counts()).toEqual(first);
    expect(losses[losses.length - 1]).toBeLessThan(losses[0]);
    xs.dispose();
    model.dispose();
  });
});
