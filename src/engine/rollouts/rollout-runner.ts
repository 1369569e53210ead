/**
 * Rollouts worked off a few steps at a time so they never hold up a frame: the caller `pump`s
 * it once per frame; when the last step is issued the runner reads the results back
 * asynchronously (map positions, decoded images, the judge's digits) and publishes them.
 *
 * grounded:   z <- E(D(z + f(z, u)))   (the step's image is D(z + f(z, u)))
 * ungrounded: z <- z + f(z, u)         (the step's image is D(z); it never feeds back)
 */
import * as tf from '@tensorflow/tfjs';
import { digitImage, PIXELS } from '../../model/dataset';
import { decode, dynamicsStep, encode, groundedStep, type LatentModels } from '../../model/rollout';
import { startStates } from '../../model/rollout-start';
import { runDense, type DenseWeights } from '../world/dense-stack';
import { steeredTracks, type TfGuard } from './steered-run';

export type RolloutMode = 'grounded' | 'ungrounded';

export interface RolloutRequest {
  /** Start images (R x 784), e.g. held-out digits; or give `latents` instead. */
  images?: Float32Array;
  /** Start latents (R x dim): the start image is then their decoding D(z). */
  latents?: Float32Array;
  u: number;
  steps: number;
  modes: readonly RolloutMode[];
  /** Steer to this digit instead of holding u (one grounded track per start; needs the judge). */
  target?: number;
}

export interface RolloutTrack {
  mode: RolloutMode;
  /** Which start (row of the request's images) this track began from. */
  start: number;
  /** Map positions of the start and of each step's state ((steps + 1) x 3). */
  positions: Float32Array;
  /** The start image and each step's decoded image ((steps + 1) x 784). */
  images: Float32Array;
  /** The judge's digit for each image, or null without a judge. */
  labels: Int32Array | null;
  /** The judge's probability for that digit, per image, or null without a judge. */
  confidences: Float32Array | null;
  /** The start's latent and each step's state ((steps + 1) x dim). */
  latents: Float32Array;
  /** The u applied at each step (steps values). */
  controls: Float32Array;
  /**
   * How far each state lies off the manifold, |z - E(D(z))| ((steps + 1) values): the seed's
   * "drifts off the manifold" as a number. Null where it was not measured (steered sets).
   */
  offManifold: Float32Array | null;
}

export interface RolloutSet {
  /** The u held (a steered set: the u of its first step). */
  u: number;
  /** The digit a steered set drives to; null for rollouts at a fixed u. */
  target: number | null;
  steps: number;
  tracks: RolloutTrack[];
  /** Milliseconds from start to results, for the HUD. */
  ms: number;
}

interface Running {
  id: number;
  request: RolloutRequest;
  rows: number;
  started: number;
  /** Per mode: the current state and, per step so far, [state, image] kept on the GPU. */
  lanes: { mode: RolloutMode; z: tf.Tensor2D; states: tf.Tensor2D[]; images: tf.Tensor2D[] }[];
  startImages: tf.Tensor2D | undefined;
  done: number;
}

export class RolloutRunner {
  private running: Running | undefined;
  private nextId = 1;
  private latest: RolloutSet | null = null;
  private publishedId = 0;
  private readonly listeners = new Set<(set: RolloutSet) => void>();
  /** Why the last steered set failed, until settle() reports it. */
  private failure: unknown = null;
  private pendingReads = 0;
  private waiters: (() => void)[] = [];

  constructor(
    private readonly models: LatentModels & { judge: tf.LayersModel | null },
    private readonly projector: readonly DenseWeights[],
  ) {}

  /**
   * Starts a new set of rollouts, dropping any unfinished one. A steered set reads the judge
   * every step, so it runs asynchronously, one step a frame, its tfjs work inside `guard`.
   */
  start(request: RolloutRequest, guard: TfGuard = (work) => work()): void {
    this.cancel();
    if (request.target !== undefined) {
      this.steer(request, request.target, guard);
      return;
    }
    const { startImages, z0 } = tf.tidy(() => {
      const z = startStates(this.models, request);
      // Latents start from their decoding D(z); images from themselves.
      const images = request.images === undefined ? (decode(this.models.decoder, z).reshape([-1, PIXELS]) as tf.Tensor2D) : tf.tensor2d(request.images, [z.shape[0], PIXELS]);
      return { z0: z, startImages: images };
    });
    const rows = z0.shape[0];
    this.running = {
      id: this.nextId++,
      request,
      rows,
      started: performance.now(),
      lanes: request.modes.map((mode) => ({ mode, z: tf.clone(z0), states: [tf.clone(z0)], images: [] })),
      startImages,
      done: 0,
    };
    z0.dispose();
  }

  private steer(request: RolloutRequest, target: number, guard: TfGuard): void {
    const judge = this.models.judge;
    const id = this.nextId++;
    const started = performance.now();
    this.pendingReads++;
    const run =
      judge === null
        ? Promise.reject(new Error('steering needs the judge, and this bundle ships none'))
        : steeredTracks(this.models, judge, this.projector, { images: request.images, latents: request.latents, target, steps: request.steps }, guard, () => this.nextId !== id + 1);
    void run
      .then((tracks) => {
        if (tracks === null || id <= this.publishedId) return;
        this.publish(id, { u: tracks[0]?.controls[0] ?? 0, target, steps: request.steps, tracks, ms: performance.now() - started });
      })
      .catch((e: unknown) => {
        this.failure = e;
      })
      .finally(() => this.readDone());
  }

  /** Drops any running set and shows none (the count went to 0). */
  showNone(): void {
    this.cancel();
    this.publish(this.nextId++, { u: 0, target: null, steps: 0, tracks: [], ms: 0 });
  }

  private publish(id: number, set: RolloutSet): void {
    this.publishedId = id;
    this.latest = set;
    for (const listener of this.listeners) listener(set);
  }

  private readDone(): void {
    this.pendingReads--;
    if (this.pendingReads === 0) for (const w of this.waiters.splice(0)) w();
  }

  /** True while steps remain or results are being read back. */
  get busy(): boolean {
    return this.running !== undefined || this.pendingReads > 0;
  }

  /** Issues up to `maxSteps` rollout steps (all lanes advance together). */
  pump(maxSteps: number): void {
    const run = this.running;
    if (run === undefined) return;
    for (let k = 0; k < maxSteps && run.done < run.request.steps; k++) {
      for (const lane of run.lanes) {
        const next = tf.tidy(() => {
          if (lane.mode === 'grounded') {
            const step = groundedStep(this.models, lane.z, run.request.u);
            return { z: step.z, image: step.image.reshape([-1, PIXELS]) as tf.Tensor2D };
          }
          const moved = dynamicsStep(this.models.dynamics, lane.z, run.request.u);
          return { z: moved, image: decode(this.models.decoder, moved).reshape([-1, PIXELS]) as tf.Tensor2D };
        });
        lane.z.dispose();
        lane.z = next.z;
        lane.states.push(tf.clone(next.z));
        lane.images.push(next.image);
      }
      run.done++;
    }
    if (run.done >= run.request.steps) this.finish(run);
  }

  /** True while steps remain to be issued. */
  get stepping(): boolean {
    return this.running !== undefined;
  }

  /**
   * Pumps to the end and resolves with the finished set (tests, screenshots). `guard` wraps the
   * synchronous tfjs work (the WebGL path's runTfjs).
   */
  async settle(guard: (work: () => void) => void = (work) => work()): Promise<RolloutSet | null> {
    while (this.running !== undefined) guard(() => this.pump(this.running?.request.steps ?? 0));
    if (this.pendingReads > 0) await new Promise<void>((resolve) => this.waiters.push(resolve));
    if (this.failure !== null) {
      const failure = this.failure;
      this.failure = null;
      throw failure;
    }
    return this.latest;
  }

  result(): RolloutSet | null {
    return this.latest;
  }

  /** Resolves once every read-back issued so far is published (steps not yet pumped are not awaited). */
  readsDone(): Promise<void> {
    return this.pendingReads === 0 ? Promise.resolve() : new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  onResult(listener: (set: RolloutSet) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Issues the read-back of a finished run; the GPU tensors are freed as soon as it is issued. */
  private finish(run: Running): void {
    this.running = undefined;
    const { rows } = run;
    const steps = run.request.steps;
    const reads = run.lanes.map((lane) => {
      const images = tf.concat([run.startImages!, ...lane.images], 0) as tf.Tensor2D;
      const judge = this.models.judge;
      const latents = tf.concat(lane.states, 0) as tf.Tensor2D;
      const probabilities = judge ? tf.tidy(() => tf.softmax(judge.predict(images.reshape([-1, 28, 28, 1])) as tf.Tensor)) : null;
      const gathered = {
        positions: runDense(this.projector, latents),
        latents,
        images,
        labels: probabilities ? tf.tidy(() => probabilities.argMax(1)) : null,
        confidences: probabilities ? tf.tidy(() => probabilities.max(1)) : null,
        offManifold: tf.tidy(() => latents.sub(encode(this.models.encoder, decode(this.models.decoder, latents))).square().sum(1).sqrt()),
      };
      probabilities?.dispose();
      tf.dispose([lane.z, ...lane.states, ...lane.images]);
      return { mode: lane.mode, gathered };
    });
    run.startImages?.dispose();
    this.pendingReads++;
    void Promise.all(
      reads.map(async ({ mode, gathered }) => {
        const [positions, latents, images, labels, confidences, offManifold] = await Promise.all([
          gathered.positions.data() as Promise<Float32Array>,
          gathered.latents.data() as Promise<Float32Array>,
          gathered.images.data() as Promise<Float32Array>,
          gathered.labels ? (gathered.labels.data() as Promise<Int32Array>) : Promise.resolve(null),
          gathered.confidences ? (gathered.confidences.data() as Promise<Float32Array>) : Promise.resolve(null),
          gathered.offManifold.data() as Promise<Float32Array>,
        ]);
        tf.dispose([gathered.positions, gathered.latents, gathered.images, gathered.offManifold, ...(gathered.labels ? [gathered.labels] : []), ...(gathered.confidences ? [gathered.confidences] : [])]);
        return { mode, positions, latents, images, labels, confidences, offManifold };
      }),
    ).then((lanes) => {
      // Step-major rows (step k of every start) become one track per start.
      const tracks: RolloutTrack[] = [];
      for (const lane of lanes) {
        for (let r = 0; r < rows; r++) {
          const positions = new Float32Array((steps + 1) * 3);
          const images = new Float32Array((steps + 1) * PIXELS);
          const labels = lane.labels ? new Int32Array(steps + 1) : null;
          const confidences = lane.confidences ? new Float32Array(steps + 1) : null;
          const offManifold = new Float32Array(steps + 1);
          const dim = lane.latents.length / ((steps + 1) * rows);
          const latents = new Float32Array((steps + 1) * dim);
          for (let k = 0; k <= steps; k++) {
            const row = k * rows + r;
            positions.set(lane.positions.subarray(row * 3, row * 3 + 3), k * 3);
            latents.set(lane.latents.subarray(row * dim, (row + 1) * dim), k * dim);
            images.set(digitImage(lane.images, row), k * PIXELS);
            if (labels) labels[k] = lane.labels![row]!;
            if (confidences) confidences[k] = lane.confidences![row]!;
            offManifold[k] = lane.offManifold[row]!;
          }
          tracks.push({ mode: lane.mode, start: r, positions, images, labels, confidences, latents, controls: new Float32Array(steps).fill(run.request.u), offManifold });
        }
      }
      if (run.id > this.publishedId) this.publish(run.id, { u: run.request.u, target: null, steps, tracks, ms: performance.now() - run.started });
    }).finally(() => this.readDone());
  }

  private cancel(): void {
    const run = this.running;
    if (run === undefined) return;
    for (const lane of run.lanes) tf.dispose([lane.z, ...lane.states, ...lane.images]);
    run.startImages?.dispose();
    this.running = undefined;
  }

  dispose(): void {
    this.cancel();
    this.nextId++;
    this.listeners.clear();
  }
}
