/** A network as plain data (topology + weights) to hand to another thread, and back. */
import * as tf from '@tensorflow/tfjs';

export interface NetworkCopy {
  topology: object;
  weights: Float32Array[];
  shapes: number[][];
}

export function copyNetwork(model: tf.LayersModel): NetworkCopy {
  const weights = model.getWeights();
  return { topology: model.toJSON(undefined, false) as object, weights: weights.map((w) => w.dataSync().slice() as Float32Array), shapes: weights.map((w) => w.shape) };
}

export async function rebuildNetwork(copy: NetworkCopy): Promise<tf.LayersModel> {
  const model = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: copy.topology }));
  const weights = copy.weights.map((w, i) => tf.tensor(w, copy.shapes[i]));
  model.setWeights(weights);
  tf.dispose(weights);
  return model;
}
