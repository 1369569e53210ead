/**
 * Grounded rollouts from many held-out digits at once, through the app's RolloutRunner: each
 * timed repetition is one step of every start (f, decode, encode), synchronised with the device.
 * The run is started with more steps than will be pumped, so the runner never reaches its
 * result read-back (which is not part of a step) and is cancelled instead.
 */
import { digitImages } from '../../../src/model/dataset';
import type { RenderPath } from '../../../src/engine/backends/render-path';
import { RolloutRunner } from '../../../src/engine/rollouts/rollout-runner';
import type { World } from '../../../src/engine/world/world';
import type { FrameSamples } from '../types';

const NEVER_FINISHES = 1_000_000;

export class RolloutSession {
  private runner: RolloutRunner | null = null;

  constructor(
    private readonly path: RenderPath,
    private readonly world: World,
    private readonly heldOut: { images: Float32Array; count: number },
    private readonly sync: () => Promise<void>,
    /** FieldSession.repeat: times each repetition to device completion and meters read-backs. */
    private readonly repeat: (frames: number, work: () => void) => Promise<FrameSamples>,
  ) {}

  /** Encodes `starts` held-out digits (spread over every class) and returns how long it took (ms). */
  async start(starts: number): Promise<{ ms: number }> {
    this.stop();
    const images = digitImages(this.heldOut.images, Array.from({ length: starts }, (_, r) => Math.floor((r * this.heldOut.count) / starts)));
    const runner = new RolloutRunner(this.world.input.models, this.world.projector);
    this.runner = runner;
    await this.sync();
    const t0 = performance.now();
    this.path.runTf(() => runner.start({ images, u: 1, steps: NEVER_FINISHES, modes: ['grounded'] }));
    await this.sync();
    return { ms: performance.now() - t0 };
  }

  steps(frames: number): Promise<FrameSamples> {
    const runner = this.runner;
    if (runner === null) throw new Error('call rolloutStart(starts) first');
    return this.repeat(frames, () => runner.pump(1));
  }

  stop(): void {
    const runner = this.runner;
    if (runner !== null) this.path.runTf(() => runner.dispose());
    this.runner = null;
  }
}
