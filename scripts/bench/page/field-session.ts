/**
 * One particle count on one path: the app's ParticleSim (the whole field step) and, on the same
 * weights and rows, the bare dynamics MLP forward, each repetition timed to device completion.
 */
import * as tf from '@tensorflow/tfjs';
import type { RenderPath } from '../../../src/engine/backends/render-path';
import type { ReadbackMeter } from '../../../src/engine/readback-meter';
import { ParticleSim } from '../../../src/engine/particles/particle-sim';
import type { World } from '../../../src/engine/world/world';
import type { FrameSamples } from '../types';

export interface SimSettings {
  maxBindingBytes: number;
  maxAge: number;
  checkEvery: number;
}

export class FieldSession {
  private sim: ParticleSim | null = null;
  /** Real training latents tiled to n rows, split into chunks the MLP's [rows, 256] fit. */
  private rows: tf.Tensor2D[] = [];

  constructor(
    private readonly path: RenderPath,
    private readonly world: World,
    private readonly settings: SimSettings,
    private readonly control: { u: number; dt: number },
    private readonly mlpChunkRows: number,
    private readonly meter: ReadbackMeter,
    private readonly sync: () => Promise<void>,
  ) {}

  /** Builds the sim and the MLP's input for n particles; returns how long that took (ms). */
  async prepare(n: number): Promise<{ ms: number; simChunkRows: number }> {
    this.release();
    const t0 = performance.now();
    const { world, settings } = this;
    this.sim = this.path.runTf(
      () => new ParticleSim(world.field, world.projector, world.manifold, { count: n, seed: 1, ...settings }, world.referenceSpeed),
    );
    const latents = world.manifold.latentTensor();
    this.rows = this.path.runTf(() => {
      const out: tf.Tensor2D[] = [];
      for (let start = 0; start < n; start += this.mlpChunkRows) {
        const count = Math.min(this.mlpChunkRows, n - start);
        out.push(tf.tidy(() => tf.gather(latents, tf.range(start, start + count, 1, 'int32').mod(tf.scalar(world.manifold.count, 'int32'))) as tf.Tensor2D));
      }
      return out;
    });
    await this.sync();
    return { ms: performance.now() - t0, simChunkRows: this.sim.rowsPerChunk };
  }

  /** `frames` field steps (ParticleSim.step), each synchronised. */
  field(frames: number): Promise<FrameSamples> {
    const sim = this.need(this.sim);
    return this.repeat(frames, () => sim.step(this.control.u, this.control.dt));
  }

  /** `frames` bare forwards of the dynamics MLP over all n rows, each synchronised. */
  mlp(frames: number): Promise<FrameSamples> {
    this.need(this.sim);
    const field = this.world.field;
    return this.repeat(frames, () => {
      const bias = field.firstBias(this.control.u);
      for (const rows of this.rows) field.velocity(rows, bias).dispose();
      bias.dispose();
    });
  }

  /** Runs `work` (synchronous tfjs or GPU issue) `frames` times, timing each to device completion. */
  async repeat(frames: number, work: () => void): Promise<FrameSamples> {
    const out: FrameSamples = { ms: [], readbackBytes: [] };
    await this.sync();
    for (let i = 0; i < frames; i++) {
      this.meter.beginFrame();
      const t0 = performance.now();
      this.path.runTf(work);
      await this.sync();
      out.ms.push(performance.now() - t0);
      out.readbackBytes.push(this.meter.currentFrameBytes);
    }
    return out;
  }

  release(): void {
    this.path.runTf(() => {
      this.sim?.dispose();
      tf.dispose(this.rows);
    });
    this.sim = null;
    this.rows = [];
  }

  private need<T>(value: T | null): T {
    if (value === null) throw new Error('call prepare(n) first');
    return value;
  }
}
