import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { neighbourContrastiveLoss } from '../../src/model/neighbour-contrast';
import { unitRows } from '../../src/model/supcon';
import { useWasmBackend } from '../../src/model/node/wasm-backend';

const unit = (v: number[]) => v.map((x) => x / Math.hypot(...v));
const dot = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i]!, 0);

/** NNCLR's loss in plain loops: positive = the support row nearest the twin view, self left out. */
function reference(views: number[][], support: number[][], self: number[], t: number): number {
  const m = self.length;
  const u = views.map(unit);
  const s = support.map(unit);
  const nearest = (v: number[], own: number) => {
    let best = -1;
    for (let r = 0; r < s.length; r++) if (r !== own && (best < 0 || dot(v, s[r]!) > dot(v, s[best]!))) best = r;
    return s[best]!;
  };
  const side = (anchors: number[][], targets: number[][]) => {
    let total = 0;
    for (let i = 0; i < m; i++) {
      const logits = targets.map((v) => dot(anchors[i]!, v) / t);
      total += Math.log(logits.reduce((a, l) => a + Math.exp(l), 0)) - logits[i]!;
    }
    return total / m;
  };
  const first = u.slice(0, m);
  const second = u.slice(m);
  return (side(second.map((v, i) => nearest(v, self[i]!)), first) + side(first.map((v, i) => nearest(v, self[i]!)), second)) / 2;
}

const support = [[1, 0, 0], [0.9, 0.3, 0], [0, 1, 0], [0.1, 0.9, 0.2], [0, 0, 1], [0.2, 0, 0.9]];
const views = [[1, 0.05, 0], [0.05, 1, 0.1], [0, 0.1, 1], [0.95, 0.1, 0], [0.1, 0.95, 0], [0.1, 0, 1]];

describe('nearest-neighbour contrastive loss', () => {
  beforeAll(async () => {
    await useWasmBackend();
  });

  it('matches the formula, with each positive the nearest other digit and never the view itself', () => {
    const self = [0, 2, 4];
    const loss = neighbourContrastiveLoss(tf.tensor2d(views), unitRows(tf.tensor2d(support)), Int32Array.from(self), 0.5).dataSync()[0]!;
    expect(loss).toBeCloseTo(reference(views, support, self, 0.5), 4);
    // Were the view's own row allowed, the positives would differ and so would the loss.
    const ownAllowed = reference(views, support, [-1, -1, -1], 0.5);
    expect(Math.abs(loss - ownAllowed)).toBeGreaterThan(1e-3);
  });

  it('pulls views towards their neighbours: its gradient moves them closer', () => {
    const v = tf.variable(tf.tensor2d(views));
    const s = unitRows(tf.tensor2d(support));
    const self = Int32Array.from([0, 2, 4]);
    const f = () => neighbourContrastiveLoss(v as unknown as tf.Tensor2D, s, self, 0.5);
    const before = f().dataSync()[0]!;
    const optimizer = tf.train.sgd(0.5);
    for (let i = 0; i < 20; i++) optimizer.minimize(f);
    expect(f().dataSync()[0]!).toBeLessThan(before - 0.01);
  });
});
