/**
 * Everything the simulation derives from the model bundle once, at start-up, on the active tfjs
 * backend: the training latents (the manifold's samples), the dynamics field with u folded in,
 * the projector's weights and the speed scale for colours.
 */
import * as tf from '@tensorflow/tfjs';
import { PIXELS } from '../../model/dataset';
import type { LatentModels } from '../../model/rollout';
import { DynamicsField, denseLayers, type DenseWeights } from './dense-stack';
import type { LatentMap } from '../../model/bundle';
import { classCentroids } from './flow-probe';
import { DEFAULT_MANIFOLD, ManifoldReference, quantile, type ManifoldOptions, type NeighbourStats } from './manifold';

export interface WorldInput {
  models: LatentModels & { judge: tf.LayersModel | null };
  training: { images: Float32Array; labels: Int32Array; count: number };
  heldOut: { images: Float32Array; labels: Int32Array; count: number };
  /** The bundle's learned 3D map (projector + placed digits). */
  map: LatentMap;
  /** The training digits' latents when already known (count x dim); otherwise encoded here. */
  trainingLatents?: Float32Array;
}

/**
 * What building a world measures on its latents, on no device: the same for every start of one
 * bundle, so a restart after a lost GPU passes them back in and skips the passes.
 */
export interface WorldMeasures {
  latents: Float32Array;
  referenceSpeed: number;
  neighbours: NeighbourStats;
}

export interface World {
  dim: number;
  field: DynamicsField;
  projector: DenseWeights[];
  manifold: ManifoldReference;
  map: LatentMap;
  /** Median |f(z, u = 1)| over the training latents. */
  referenceSpeed: number;
  /** Mean training latent of each digit (10 x dim), for flow measures. */
  centroids: Float32Array;
  input: WorldInput;
  measures: WorldMeasures;
  dispose(): void;
}

/** Encodes flat images in batches so no conv activation grows past a modest buffer. */
export async function encodeAll(encoder: tf.LayersModel, images: Float32Array, batch = 250): Promise<Float32Array> {
  const count = images.length / PIXELS;
  const parts: Float32Array[] = [];
  for (let start = 0; start < count; start += batch) {
    const n = Math.min(batch, count - start);
    const z = tf.tidy(() => encoder.predict(tf.tensor4d(images.subarray(start * PIXELS, (start + n) * PIXELS), [n, 28, 28, 1])) as tf.Tensor);
    parts.push((await z.data()) as Float32Array);
    z.dispose();
  }
  const dim = parts[0]!.length / Math.min(batch, count);
  const out = new Float32Array(count * dim);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/** Median |f(z, u = 1)| over the training latents: the colour scale's unit. */
async function medianSpeed(field: DynamicsField, manifold: ManifoldReference): Promise<number> {
  const speeds = tf.tidy(() => {
    const bias = field.firstBias(1);
    return field.velocity(manifold.latentTensor(), bias).square().sum(1).sqrt();
  });
  const median = quantile((await speeds.data()) as Float32Array, 0.5) || 1;
  speeds.dispose();
  return median;
}

/** `known`: the measures of an earlier build of the same bundle (see WorldMeasures). */
export async function buildWorld(input: WorldInput, manifoldOptions: ManifoldOptions = DEFAULT_MANIFOLD, known?: WorldMeasures): Promise<World> {
  const latents = known?.latents ?? input.trainingLatents ?? (await encodeAll(input.models.encoder, input.training.images));
  const dim = latents.length / input.training.count;
  const field = new DynamicsField(input.models.dynamics);
  if (field.dim !== dim) throw new Error(`the encoder gives ${dim}-D latents but the dynamics expects ${field.dim}`);
  const map = input.map;
  const projector = denseLayers(map.projector);
  const manifold = new ManifoldReference(latents, input.training.labels, dim, manifoldOptions, known?.neighbours);
  const referenceSpeed = known?.referenceSpeed ?? (await medianSpeed(field, manifold));
  return {
    dim,
    field,
    projector,
    manifold,
    map,
    referenceSpeed,
    centroids: classCentroids(latents, input.training.labels, dim),
    input,
    measures: { latents, referenceSpeed, neighbours: manifold.stats },
    dispose() {
      field.dispose();
      manifold.dispose();
      // The networks live on this path's backend; an engine restarted after a lost device loads its own.
      for (const model of [input.models.encoder, input.models.decoder, input.models.dynamics, input.models.judge, map.projector]) model?.dispose();
    },
  };
}
