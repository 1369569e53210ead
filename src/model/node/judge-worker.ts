/**
 * Trains the judge on the second core while the main thread trains the autoencoder: the wasm
 * backend runs one thread per process, so a worker is how training uses both cores.
 */
import * as tf from '@tensorflow/tfjs';
import { parentPort, workerData } from 'node:worker_threads';
import { selectSplit } from '../dataset';
import { buildJudge } from '../networks';
import { JUDGE_AUGMENTATION, type PipelineConfig } from '../pipeline';
import { trainJudge } from '../training';
import { loadMnistPackage } from './mnist-source';
import { useWasmBackend } from './wasm-backend';

const config = workerData as PipelineConfig;
await useWasmBackend();
const judge = buildJudge(config.seed);
const summary = await trainJudge(judge, selectSplit(loadMnistPackage(), 'reference'), {
  epochs: config.judgeEpochs,
  batchSize: 128,
  learningRate: config.judgeLearningRate,
  augmentation: JUDGE_AUGMENTATION,
  seed: config.seed,
});
await judge.save(tf.io.withSaveHandler(async (artifacts) => {
  parentPort!.postMessage({ artifacts, summary });
  return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
}));
