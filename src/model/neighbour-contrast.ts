import * as tf from '@tensorflow/tfjs';
import { unitRows } from './supcon';

/**
 * Nearest-neighbour contrastive loss (NNCLR, Dwibedi et al. 2021), label-free. `projected` holds
 * two views of `m` digits ([2m, d]: first views, then second views); `support` the unit
 * embeddings of every training digit ([N, d], a constant refreshed each epoch); `self[i]` digit
 * i's row in it. Each view's positive is not its twin but the support digit nearest the twin
 * (itself excluded), so images that look alike, not only views of one image, are pulled together;
 * the other views of the batch are the negatives. Gradients reach the views, never the support.
 */
export function neighbourContrastiveLoss(projected: tf.Tensor2D, support: tf.Tensor2D, self: Int32Array, temperature: number): tf.Scalar {
  return tf.tidy(() => {
    const m = self.length;
    const unit = unitRows(projected);
    const first = unit.slice([0, 0], [m, -1]);
    const second = unit.slice([m, 0], [m, -1]);
    const notSelf = tf.mul(tf.oneHot(tf.tensor1d(self, 'int32'), support.shape[0]), 1e9);
    // Picked by a one-hot product rather than gather: no readback (the GPU path cannot read
    // synchronously), and neither argMax nor oneHot passes a gradient, so positives stay constant.
    const nearest = (x: tf.Tensor2D): tf.Tensor2D => {
      const index = tf.argMax(tf.sub(tf.matMul(x, support, false, true), notSelf), 1);
      return tf.matMul(tf.oneHot(index as tf.Tensor1D, support.shape[0]).toFloat() as tf.Tensor2D, support) as tf.Tensor2D;
    };
    const targets = tf.eye(m);
    const side = (anchor: tf.Tensor2D, views: tf.Tensor2D) =>
      tf.losses.softmaxCrossEntropy(targets, tf.div(tf.matMul(anchor, views, false, true), temperature));
    return tf.div(tf.add(side(nearest(second), first), side(nearest(first), second)), 2) as tf.Scalar;
  });
}
