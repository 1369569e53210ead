/**
 * Training on both cores with the same result as on one: the calling thread computes shard 0 of
 * every minibatch and a helper worker thread shard 1 (see ../shards.ts), exchanging gradient sums
 * through shared memory. The helper rebuilds the same networks from the caller's current weights.
 */
import * as tf from '@tensorflow/tfjs';
import { Worker } from 'node:worker_threads';
import type { DigitSet } from '../dataset';
import type { TransitionPairs } from '../pairs';
import type { TrainingThreads } from '../pipeline';
import { projectionHeadSize, trainAutoencoder, trainDynamics, TRAINING_SHARDS, type AutoencoderTraining, type DynamicsTraining, type TrainSummary } from '../training';
import { copyNetwork, type NetworkCopy } from './network-copy';
import { abortChannel, createChannel, sharedExchange, type ShardChannel } from './shared-shards';

/** What the helper needs to run its shard of one training: networks (topology and weights) and data. */
export type HelperJob =
  | { kind: 'autoencoder'; encoder: NetworkCopy; decoder: NetworkCopy; digits: DigitSet; config: AutoencoderTraining }
  | { kind: 'dynamics'; dynamics: NetworkCopy; pairs: SharedPairs; config: DynamicsTraining };

export interface SharedPairs {
  inputs: SharedArrayBuffer;
  targets: SharedArrayBuffer;
  count: number;
  dim: number;
}

function sharedPairs(pairs: TransitionPairs): SharedPairs {
  const share = (a: Float32Array) => {
    const buffer = new SharedArrayBuffer(a.byteLength);
    new Float32Array(buffer).set(a);
    return buffer;
  };
  return { inputs: share(pairs.inputs), targets: share(pairs.targets), count: pairs.count, dim: pairs.dim };
}

function trainableSize(models: tf.LayersModel[]): number {
  return models.reduce((n, m) => n + m.trainableWeights.reduce((k, w) => k + w.read().size, 0), 0);
}

/** Runs `train` here as shard 0 while a helper thread runs `job` as shard 1. */
async function withHelper(job: HelperJob, size: number, train: (exchange: ReturnType<typeof sharedExchange>) => Promise<TrainSummary>): Promise<TrainSummary> {
  const channel: ShardChannel = createChannel(size, TRAINING_SHARDS);
  const worker = new Worker(new URL('./worker-entry.mjs', import.meta.url), {
    workerData: { module: new URL('./shard-worker.ts', import.meta.url).href, input: { job, channel } },
  });
  let helperError: Error | null = null;
  const helperDone = new Promise<void>((resolve) => {
    worker.on('message', (m: { kind: string; message?: string }) => {
      if (m.kind === 'error') {
        helperError = new Error(`training helper thread: ${m.message}`);
        abortChannel(channel);
      }
    });
    worker.on('error', (e) => {
      helperError = e;
      abortChannel(channel);
    });
    worker.on('exit', () => resolve());
  });
  try {
    const summary = await train(sharedExchange(channel, 0));
    await helperDone;
    if (helperError) throw helperError;
    return summary;
  } catch (e) {
    abortChannel(channel);
    await worker.terminate();
    throw helperError ?? e;
  }
}

/** TrainingThreads that put the second shard of every minibatch on a helper thread. */
export const HELPER_THREADS: TrainingThreads = {
  autoencoder(encoder, decoder, digits: DigitSet, config, onProgress) {
    // The helper trains on exactly these digits (structured-cloned: 3 MB for the training split).
    const job: HelperJob = { kind: 'autoencoder', encoder: copyNetwork(encoder), decoder: copyNetwork(decoder), digits, config };
    const size = trainableSize([encoder, decoder]) + projectionHeadSize(config.contrastive?.head, encoder.outputs[0]!.shape[1]!);
    return withHelper(job, size, (exchange) => trainAutoencoder(encoder, decoder, digits, config, onProgress, exchange));
  },
  dynamics(dynamics, pairs, config, onProgress) {
    const job: HelperJob = { kind: 'dynamics', dynamics: copyNetwork(dynamics), pairs: sharedPairs(pairs), config };
    return withHelper(job, trainableSize([dynamics]), (exchange) => trainDynamics(dynamics, pairs, config, onProgress, exchange));
  },
};
