/**
 * The fused WGSL field kernel (src/gpu/fused-field.ts: f, Euler step and projection in one
 * dispatch per segment, hidden activations on chip), measured beside the tfjs field step on the
 * same device, weights and starting latents. It leaves out the respawn check the tfjs step runs
 * every 4th frame, so the comparison slightly favours it; the JSON says so.
 */
import * as tf from '@tensorflow/tfjs';
import type { RenderPath } from '../../../src/app/paths/render-path';
import type { World } from '../../../src/sim/world';

export interface FusedStepper {
  readonly count: number;
  /** Issues one fused field step for every particle (the caller synchronises and times it). */
  step(u: number, dt: number): void;
  dispose(): void;
}

export type FusedLoad = { create(n: number): FusedStepper; flopsPerParticle: number } | { unavailable: string };

export async function loadFused(path: RenderPath, world: World): Promise<FusedLoad> {
  if (path.name !== 'webgpu') return { unavailable: 'the fused WGSL kernel is WebGPU only' };
  let FusedField: typeof import('../../../src/gpu/fused-field').FusedField;
  try {
    ({ FusedField } = await import('../../../src/gpu/fused-field'));
  } catch (e) {
    return { unavailable: `src/gpu/fused-field.ts failed to load: ${(e as Error).message}` };
  }
  // tfjs-backend-webgpu keeps its GPUDevice in a public field its type declarations leave out;
  // it is the path's shared device (src/gpu/device-webgpu.ts).
  const device = (tf.backend() as unknown as { device: GPUDevice }).device;
  const field = FusedField.create(device, world.input.models.dynamics, world.projector, { referenceSpeed: world.referenceSpeed });
  // Start-up only: the training latents the tfjs session tiles too, read once.
  const latents = (await world.manifold.latentTensor().data()) as Float32Array;
  const rowsKnown = latents.length / world.dim;
  return {
    flopsPerParticle: field.flopsPerParticle,
    create(n: number): FusedStepper {
      const batch = field.createBatch(n);
      const tiled = new Float32Array(n * world.dim);
      for (let start = 0; start < n; start += rowsKnown) {
        const rows = Math.min(rowsKnown, n - start);
        tiled.set(latents.subarray(0, rows * world.dim), start * world.dim);
      }
      device.queue.writeBuffer(batch.z, 0, tiled);
      return {
        count: n,
        step: (u, dt) => field.step([batch], u, dt),
        dispose: () => batch.destroy(),
      };
    },
  };
}
