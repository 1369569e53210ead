/**
 * The networks behind the scene, for a sketch to call: encode digit images, decode latents,
 * place latents on the 3D map, read images with the judge, count where rollouts end (a census)
 * and measure step accuracy against u. Each call runs on the engine's
 * GPU path and reads its answer back once (these are on-demand calls, never per frame).
 */
import * as tf from '@tensorflow/tfjs';
import { IMAGE_SIZE, PIXELS } from '../model/dataset';
import { decode, groundedStep } from '../model/rollout';
import { encodeStarts } from '../model/rollout-start';
import type { RenderPath } from './backends/render-path';
import { uSweep, type SweepOptions, type SweepResult } from './u-sweep';
import { runDense } from './world/dense-stack';
import type { World } from './world/world';

export interface Reading {
  /** The judge's digit. */
  label: number;
  /** Its probability. */
  confidence: number;
}

function checkedRows(values: Float32Array, width: number, what: string): number {
  if (values.length === 0 || values.length % width !== 0) throw new RangeError(`${what}: expected a multiple of ${width} values, got ${values.length}`);
  if (!values.every(Number.isFinite)) throw new RangeError(`${what}: the values must all be finite`);
  return values.length / width;
}

export class ModelAccess {
  private own = 0;

  constructor(
    private readonly world: World,
    private readonly path: Pick<RenderPath, 'runTf'>,
  ) {}

  /** Latent width d (64 for the shipped models; a bundle of one's own declares its own). */
  get dim(): number {
    return this.world.dim;
  }

  /** n images (n x 784, values in [0, 1], rows of 28) to n latents (n x dim). */
  encode(images: Float32Array): Promise<Float32Array> {
    checkedRows(images, PIXELS, 'encode');
    return this.read(() => encodeStarts(this.world.input.models.encoder, images));
  }

  /** n latents (n x dim) to n images (n x 784). */
  decode(latents: Float32Array): Promise<Float32Array> {
    const rows = checkedRows(latents, this.dim, 'decode');
    return this.read(() => decode(this.world.input.models.decoder, tf.tensor2d(latents, [rows, this.dim])).reshape([rows, PIXELS]));
  }

  /** n latents (n x dim) to their places on the 3D map (n x 3), as the particles are placed. */
  project(latents: Float32Array): Promise<Float32Array> {
    const rows = checkedRows(latents, this.dim, 'project');
    return this.read(() => runDense(this.world.projector, tf.tensor2d(latents, [rows, this.dim])));
  }

  /** The judge's reading of n images (n x 784); null when the bundle ships no judge. */
  async classify(images: Float32Array): Promise<Reading[] | null> {
    const judge = this.world.input.models.judge;
    if (judge === null) return null;
    const rows = checkedRows(images, PIXELS, 'classify');
    // The judge ends in a linear layer (logits), as src/model/evaluate.ts reads it.
    const probabilities = await this.read(() => tf.softmax(judge.predict(tf.tensor4d(images, [rows, IMAGE_SIZE, IMAGE_SIZE, 1])) as tf.Tensor));
    const classes = probabilities.length / rows;
    return Array.from({ length: rows }, (_, r) => {
      const row = probabilities.subarray(r * classes, (r + 1) * classes);
      const label = row.indexOf(Math.max(...row));
      return { label, confidence: row[label]! };
    });
  }

  /**
   * Where grounded rollouts from n images (n x 784) end after `steps` steps at control `u`: the
   * judge's digit for each final image (null without a judge). One step of the whole batch at a
   * time, yielding to the page between steps, and only the n end digits are read back.
   */
  async census(images: Float32Array, u: number, steps: number, between: () => Promise<void> = () => new Promise((r) => setTimeout(r, 0))): Promise<Int32Array | null> {
    const judge = this.world.input.models.judge;
    if (judge === null) return null;
    checkedRows(images, PIXELS, 'census');
    const { models } = this.world.input;
    let z = this.path.runTf(() => encodeStarts(models.encoder, images));
    let image: tf.Tensor | null = null;
    try {
      for (let s = 0; s < steps; s++) {
        const next = this.path.runTf(() => tf.tidy(() => groundedStep(models, z, u)));
        z.dispose();
        image?.dispose();
        z = next.z;
        image = next.image;
        await between();
      }
      const last = image ?? this.path.runTf(() => decode(models.decoder, z));
      const labels = this.path.runTf(() => tf.tidy(() => (judge.predict(last.reshape([-1, IMAGE_SIZE, IMAGE_SIZE, 1])) as tf.Tensor).argMax(1)));
      if (last !== image) last.dispose();
      try {
        return Int32Array.from((await this.path.runTf(() => labels.data())) as Int32Array);
      } finally {
        labels.dispose();
      }
    } finally {
      z.dispose();
      image?.dispose();
    }
  }

  /** Grounded step accuracy against u, measured as `npm run eval` does (src/engine/u-sweep.ts); null without a judge. */
  uSweep(options: SweepOptions): Promise<SweepResult | null> {
    return uSweep(this.world, this.path, options);
  }

  /** A caller's own tfjs work is under way (runOwn): the engine draws no frame meanwhile. */
  get busy(): boolean {
    return this.own > 0;
  }

  /**
   * Runs a caller's own tfjs work (networks of its own, loaded or run) on the engine's backend. On
   * the webgl path tfjs shares three's context and async work cannot be fenced op by op, so tfjs
   * holds the context for the whole of it and the engine draws no frame until it is done.
   */
  async runOwn<T>(work: () => Promise<T>): Promise<T> {
    this.own++;
    try {
      this.path.runTf(() => undefined);
      return await work();
    } finally {
      // Three's state cache is reset for the next frame.
      this.path.runTf(() => undefined);
      this.own--;
    }
  }

  private async read(work: () => tf.Tensor): Promise<Float32Array> {
    const out = this.path.runTf(() => tf.tidy(work));
    try {
      return (await this.path.runTf(() => out.data())) as Float32Array;
    } finally {
      out.dispose();
    }
  }
}
