/**
 * One evaluation job of `npm run eval`, runnable in a worker: a trained seed's counting figures on
 * held-out digits, a manifold's map (projector against UMAP) for the seed it ships, or one manifold
 * of the rotation experiment.
 */
import { selectSplit } from '../dataset';
import { evaluateMap, type MapReport } from '../map-report';
import * as tf from '@tensorflow/tfjs';
import { encodeImages } from '../evaluate';
import { offManifoldReport, type OffManifoldReport } from '../off-manifold';
import { evaluateHeldOut, FULL_EVAL, type EvalOptions, type EvalReport } from '../report';
import type { ManifoldId } from '../recipes';
import { loadMnistPackage } from './mnist-source';
import { loadJudge, loadManifold, loadSeed, MODELS_DIR, readManifestFile } from './shipped';
import { evaluateRotation, type RotationReport } from '../rotation-report';
import type { RotationManifold } from '../rotation';
import { loadRotationModels } from './rotation-models';

export interface EvalJob {
  /** 'drift': only a seed's off-manifold distances (eval --only drift). */
  kind: 'seed' | 'map' | 'rotation' | 'drift';
  /** For 'rotation': the rotation experiment's manifold (plain-ae, ssl, ssl-no-rotation). */
  manifold: ManifoldId | RotationManifold;
  /** The trained seed to evaluate; for 'map', absent: the manifold's shipped seed. */
  seed?: number;
  quick: boolean;
  modelsDir?: string;
}

export type EvalJobResult =
  | { kind: 'seed'; report: EvalReport }
  | { kind: 'drift'; report: OffManifoldReport }
  | { kind: 'map'; report: MapReport } | { kind: 'rotation'; report: RotationReport };

/** A quick run's options: few starts and u values, a few seconds per seed. */
export const QUICK_EVAL: EvalOptions = { ...FULL_EVAL, sweepStep: 0.25, sweepStartsPerClass: 10, attractorSteps: 20, controlStartsPerClass: 10 };

export async function runEvalJob(job: EvalJob, onStage?: (s: string) => void): Promise<EvalJobResult> {
  const modelsDir = job.modelsDir ?? MODELS_DIR;
  const source = loadMnistPackage();
  if (job.kind === 'rotation') {
    const models = await loadRotationModels(job.manifold as RotationManifold, modelsDir);
    const report = await evaluateRotation(models, await loadJudge(modelsDir), selectSplit(source, 'heldOut'), selectSplit(source, 'training'), job.quick ? 5 : 20);
    return { kind: 'rotation', report };
  }
  const sets = { training: selectSplit(source, 'training'), reference: selectSplit(source, 'reference'), heldOut: selectSplit(source, 'heldOut') };
  if (job.kind === 'map') {
    const loaded = await loadManifold(job.manifold as ManifoldId, modelsDir);
    const shipped = readManifestFile(loaded, loaded.manifest.map.positions);
    const embedding = new Float32Array(shipped.slice().buffer);
    return { kind: 'map', report: await evaluateMap(loaded.models.encoder, loaded.models.projector, loaded.manifest.map.umap, sets, embedding) };
  }
  if (job.seed === undefined) throw new Error(`eval: a ${job.kind} job names no seed`);
  const loaded = await loadSeed(job.manifold as ManifoldId, job.seed, modelsDir);
  if (job.kind === 'drift') {
    const z = await encodeImages(loaded.models.encoder, sets.heldOut.images);
    const starts = tf.tensor2d(z, [sets.heldOut.count, z.length / sets.heldOut.count]);
    const report = await offManifoldReport(loaded.models, starts, (job.quick ? QUICK_EVAL : FULL_EVAL).steps);
    starts.dispose();
    return { kind: 'drift', report };
  }
  const judge = await loadJudge(modelsDir);
  const report = await evaluateHeldOut(loaded.models, judge, sets.training, sets.heldOut, job.quick ? QUICK_EVAL : FULL_EVAL, onStage);
  return { kind: 'seed', report };
}
