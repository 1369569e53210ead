import * as tf from '@tensorflow/tfjs';
import { Worker } from 'node:worker_threads';
import type { JudgeTrainer, PipelineConfig } from '../pipeline';
import type { TrainSummary } from '../training';

interface Message {
  artifacts: tf.io.ModelArtifacts;
  summary: TrainSummary;
}

/**
 * A JudgeTrainer that runs in a worker thread, so it overlaps the autoencoder's training. It
 * reports once, when done: the main thread's training loop never yields to the event loop long
 * enough for per-batch messages to arrive on time.
 */
export function judgeInWorker(onDone?: (summary: TrainSummary) => void): JudgeTrainer {
  return (config: PipelineConfig) =>
    new Promise((resolve, reject) => {
      const worker = new Worker(new URL('./judge-worker-entry.mjs', import.meta.url), { workerData: config });
      worker.on('message', (m: Message) => {
        onDone?.(m.summary);
        tf.loadLayersModel(tf.io.fromMemory(m.artifacts))
          .then((judge) => resolve({ judge, summary: m.summary }))
          .catch(reject)
          .finally(() => void worker.terminate());
      });
      worker.on('error', reject);
      worker.on('exit', (code) => {
        if (code !== 0 && code !== 1) reject(new Error(`judge worker exited with code ${code}`));
      });
    });
}
