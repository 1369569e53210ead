/**
 * A steered rollout for the scene: the model's controller (src/model/steer.ts, the one `npm run
 * eval` measures) drives u from the judged digit every step, one frame apart, and the path comes
 * back as rollout tracks (grounded, with the u of each step) to be drawn like any other.
 */
import * as tf from '@tensorflow/tfjs';
import { digitImage, PIXELS } from '../../model/dataset';
import type { LatentModels } from '../../model/rollout';
import { startStates } from '../../model/rollout-start';
import { steerRollout, type SteerTrace } from '../../model/steer';
import { runDense, type DenseWeights } from '../world/dense-stack';
import type { RolloutTrack } from './rollout-runner';

export interface SteerRequest {
  images?: Float32Array;
  latents?: Float32Array;
  target: number;
  steps: number;
}

export type TfGuard = <T>(work: () => T) => T;

const nextFrame = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** Runs the controller from each start to `target` and returns one grounded track per start. */
export async function steeredTracks(
  models: LatentModels,
  judge: tf.LayersModel,
  projector: readonly DenseWeights[],
  request: SteerRequest,
  guard: TfGuard,
  cancelled: () => boolean,
): Promise<RolloutTrack[] | null> {
  if (!Number.isInteger(request.target) || request.target < 0 || request.target > 9) throw new RangeError(`steer: the target must be a digit 0..9, got ${request.target}`);
  const dim = models.dynamics.outputs[0]!.shape.at(-1) as number;
  const z0 = guard(() => startStates(models, request));
  const rows = z0.shape[0];
  let trace: SteerTrace;
  try {
    trace = await steerRollout(models, judge, z0, new Int32Array(rows).fill(request.target), request.steps, undefined, {
      guard,
      keepImages: true,
      between: async () => {
        await nextFrame();
        if (cancelled()) throw new SteerCancelled();
      },
    });
  } catch (e) {
    if (e instanceof SteerCancelled) return null;
    throw e;
  } finally {
    guard(() => z0.dispose());
  }
  const steps = request.steps;
  const all = new Float32Array((steps + 1) * rows * dim);
  trace.latents.forEach((l, k) => all.set(l, k * rows * dim));
  const placed = guard(() => tf.tidy(() => runDense(projector, tf.tensor2d(all, [(steps + 1) * rows, dim]))));
  let positions: Float32Array;
  try {
    positions = (await placed.data()) as Float32Array;
  } finally {
    placed.dispose();
  }
  return Array.from({ length: rows }, (_, r): RolloutTrack => {
    const at = (k: number) => k * rows + r;
    const track: RolloutTrack = {
      mode: 'grounded',
      start: r,
      positions: new Float32Array((steps + 1) * 3),
      images: new Float32Array((steps + 1) * PIXELS),
      labels: Int32Array.from(trace.labels, (l) => l[r]!),
      confidences: Float32Array.from(trace.confidences, (c) => c[r]!),
      latents: new Float32Array((steps + 1) * dim),
      controls: Float32Array.from(trace.controls, (u) => u[r]!),
      offManifold: null,
    };
    for (let k = 0; k <= steps; k++) {
      track.positions.set(positions.subarray(at(k) * 3, at(k) * 3 + 3), k * 3);
      track.images.set(digitImage(trace.images[k]!, r), k * PIXELS);
      track.latents.set(all.subarray(at(k) * dim, (at(k) + 1) * dim), k * dim);
    }
    return track;
  });
}

class SteerCancelled extends Error {}
