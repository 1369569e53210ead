import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useWasmBackend } from '../../src/model/node/wasm-backend';
import { supervisedContrastiveLoss } from '../../src/model/supcon';

/** The loss written out in plain loops, straight from the formula (Khosla et al. 2020, L_out). */
function reference(z: number[][], y: number[], t: number): number {
  const unit = z.map((v) => {
    const n = Math.hypot(...v);
    return v.map((x) => x / n);
  });
  const sim = (a: number, b: number) => unit[a]!.reduce((s, x, i) => s + x * unit[b]![i]!, 0) / t;
  let total = 0;
  let anchors = 0;
  for (let i = 0; i < z.length; i++) {
    const positives = y.map((c, p) => (c === y[i] && p !== i ? p : -1)).filter((p) => p >= 0);
    if (positives.length === 0) continue;
    const denom = Math.log(z.reduce((s, _, a) => (a === i ? s : s + Math.exp(sim(i, a))), 0));
    total += -positives.reduce((s, p) => s + sim(i, p) - denom, 0) / positives.length;
    anchors++;
  }
  return total / anchors;
}

const z = [[1, 0.2, -0.3], [0.9, 0.1, -0.2], [-0.5, 1, 0.4], [-0.4, 0.8, 0.5], [0.1, -1, 0.9], [2, 0.5, 0.1]];
const y = [0, 0, 1, 1, 2, 0];

describe('supervised contrastive loss', () => {
  beforeAll(async () => {
    await useWasmBackend();
  });

  it('matches the formula, leaving out anchors with no positive', () => {
    const loss = supervisedContrastiveLoss(tf.tensor2d(z), tf.tensor1d(y, 'int32'), 0.2);
    expect(loss.dataSync()[0]).toBeCloseTo(reference(z, y, 0.2), 4);
  });

  it('is lower when each digit gathers and the digits part', () => {
    const labels = tf.tensor1d([0, 0, 1, 1], 'int32');
    const gathered = supervisedContrastiveLoss(tf.tensor2d([[1, 0], [1, 0.05], [-1, 0], [-1, 0.05]]), labels, 0.2).dataSync()[0]!;
    const mixed = supervisedContrastiveLoss(tf.tensor2d([[1, 0], [-1, 0.05], [-1, 0], [1, 0.05]]), labels, 0.2).dataSync()[0]!;
    expect(gathered).toBeLessThan(mixed);
  });

  it('has the same gradient on the wasm backend (with our kernels) as on the cpu backend', async () => {
    const grad = () => {
      const g = tf.grad((x: tf.Tensor) => supervisedContrastiveLoss(x as tf.Tensor2D, tf.tensor1d(y, 'int32'), 0.2))(tf.tensor2d(z));
      return Array.from(g.dataSync());
    };
    const onWasm = grad();
    await tf.setBackend('cpu');
    const onCpu = grad();
    await useWasmBackend();
    expect(onWasm.some((v) => Math.abs(v) > 1e-3)).toBe(true);
    onWasm.forEach((v, i) => expect(v).toBeCloseTo(onCpu[i]!, 5));
  });
});
