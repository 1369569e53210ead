import * as tf from '@tensorflow/tfjs';

/**
 * Data-parallel minibatches that give the same weights on one thread or two. Each minibatch is
 * split into `shards` equal parts; each part's loss is weighted by its share of the batch, so the
 * shards' gradients add up to the batch's. A thread computes the shards it owns (`local`), sums
 * their gradients in shard order, and `combine` adds the other threads' sums (again in shard
 * order) before the one optimizer step every thread applies identically. Float32 additions in a
 * fixed order make the result bit-identical however the shards are spread over threads.
 */
export interface ShardExchange {
  /** Shards per minibatch. */
  readonly shards: number;
  /** The shards this thread computes, ascending. */
  readonly local: readonly number[];
  /** This thread's summed gradients (flat, variables in order) and loss -> every shard's sums. */
  combine(grads: Float32Array, loss: number): { grads: Float32Array; loss: number };
}

/** Every shard in this thread: training alone. */
export function localShards(shards: number): ShardExchange {
  return { shards, local: Array.from({ length: shards }, (_, k) => k), combine: (grads, loss) => ({ grads, loss }) };
}

/** Rows [start, end) of shard `k` of a batch of `length` rows: near-equal parts, the last one shorter. */
export function shardRange(length: number, shards: number, k: number): [number, number] {
  const size = Math.ceil(length / shards);
  return [Math.min(length, k * size), Math.min(length, (k + 1) * size)];
}

/**
 * One optimizer step over `variables` with the shards of this thread: `lossOf(k)` is shard k's
 * loss already weighted by its share of the batch. Returns the whole batch's loss.
 */
export function shardedStep(
  variables: tf.Variable[],
  optimizer: tf.Optimizer,
  exchange: ShardExchange,
  lossOf: (shard: number) => tf.Scalar,
): number | Promise<number> {
  if (tf.getBackend() === 'webgpu') {
    if (exchange.local.length !== exchange.shards) throw new Error('on the webgpu backend every shard trains on one thread');
    return deviceStep(variables, optimizer, exchange.local, lossOf);
  }
  const total = variables.reduce((n, v) => n + v.size, 0);
  const flat = new Float32Array(total);
  let loss = 0;
  for (const k of exchange.local) {
    const { value, grads } = tf.variableGrads(() => lossOf(k), variables);
    let offset = 0;
    for (const v of variables) {
      const g = grads[v.name]!.dataSync();
      for (let i = 0; i < g.length; i++) flat[offset + i] += g[i]!;
      offset += v.size;
    }
    loss += value.dataSync()[0]!;
    tf.dispose([value, ...Object.values(grads)]);
  }
  const all = exchange.combine(flat, loss);
  const named: tf.NamedTensorMap = {};
  let offset = 0;
  for (const v of variables) {
    named[v.name] = tf.tensor(all.grads.subarray(offset, offset + v.size), v.shape, 'float32');
    offset += v.size;
  }
  optimizer.applyGradients(named);
  tf.dispose(Object.values(named));
  return all.loss;
}

/**
 * The same step with every tensor left on the GPU: shard gradients summed in shard order as
 * tensors, applied, and only the loss read back (asynchronously: Node has no synchronous GPU read).
 */
async function deviceStep(
  variables: tf.Variable[],
  optimizer: tf.Optimizer,
  shards: readonly number[],
  lossOf: (shard: number) => tf.Scalar,
): Promise<number> {
  let sum: tf.NamedTensorMap | null = null;
  let loss: tf.Scalar | null = null;
  for (const k of shards) {
    const { value, grads } = tf.variableGrads(() => lossOf(k), variables);
    if (sum === null || loss === null) {
      sum = grads;
      loss = value;
      continue;
    }
    for (const name of Object.keys(sum)) {
      const added = tf.add(sum[name]!, grads[name]!);
      tf.dispose([sum[name]!, grads[name]!]);
      sum[name] = added;
    }
    const total: tf.Scalar = tf.add(loss, value);
    tf.dispose([loss, value]);
    loss = total;
  }
  optimizer.applyGradients(sum!);
  tf.dispose(Object.values(sum!));
  const value = (await loss!.data())[0]!;
  loss!.dispose();
  return value;
}
