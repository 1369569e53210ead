import * as tf from '@tensorflow/tfjs';

/** Rows scaled to unit length: the sphere the contrastive terms compare on. */
export function unitRows(x: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => tf.div(x, tf.sqrt(tf.add(tf.sum(tf.square(x), 1, true), 1e-12))));
}

/**
 * Supervised contrastive loss (Khosla et al. 2020, the "L_out" form) on a batch of latents:
 * each latent is pulled towards the other latents of its digit and pushed from the rest, on the
 * unit sphere, with similarities divided by `temperature`. Anchors whose digit appears only once
 * in the batch have no positive and are left out of the mean.
 *
 * `labels` is an int32 tensor [n]; `latents` [n, dim]. Returns a scalar.
 */
export function supervisedContrastiveLoss(latents: tf.Tensor2D, labels: tf.Tensor1D, temperature: number): tf.Scalar {
  return tf.tidy(() => {
    const n = latents.shape[0];
    const unit = unitRows(latents);
    const notSelf = tf.sub(1, tf.eye(n));
    // The diagonal is pushed far down so it drops out of the softmax's denominator.
    const logits = tf.sub(tf.div(tf.matMul(unit, unit, false, true), temperature), tf.mul(tf.eye(n), 1e9));
    const logProb = tf.sub(logits, tf.logSumExp(logits, 1, true));
    const same = tf.cast(tf.equal(tf.expandDims(labels, 1), tf.expandDims(labels, 0)), 'float32');
    const positives = tf.mul(same, notSelf);
    const count = tf.sum(positives, 1);
    const hasPositive = tf.cast(tf.greater(count, 0), 'float32');
    const meanLogProb = tf.div(tf.sum(tf.mul(positives, logProb), 1), tf.maximum(count, 1));
    const perAnchor = tf.mul(tf.neg(meanLogProb), hasPositive);
    return tf.div(tf.sum(perAnchor), tf.maximum(tf.sum(hasPositive), 1)) as tf.Scalar;
  });
}
