import * as tf from '@tensorflow/tfjs';
import { Worker } from 'node:worker_threads';
import type { JudgeTrainer, PipelineConfig } from '../pipeline';
import type { ProgressListener, TrainProgress, TrainSummary } from '../training';

type Message = { progress: TrainProgress } | { artifacts: tf.io.ModelArtifacts; summary: TrainSummary };

/** A JudgeTrainer that runs in a worker thread, so it overlaps the autoencoder's training. */
export function judgeInWorker(onProgress?: ProgressListener): JudgeTrainer {
  return (config: PipelineConfig) =>
    new Promise((resolve, reject) => {
      const worker = new Worker(new URL('./judge-worker-entry.mjs', import.meta.url), { workerData: config });
      worker.on('message', (m: Message) => {
        if ('progress' in m) {
          onProgress?.(m.progress);
          return;
        }
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
