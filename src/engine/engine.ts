/**
 * The running scene on one GPU path: owns the simulation, the layers and the rollouts, and does
 * one frame at a time when its caller asks (`update` then `render`). Each update reads the
 * caller's FlowParams (never writing to them), advances the particles on the GPU, hands their
 * positions to the layers without a readback and ticks the rollouts; the time from one update to
 * the next is its frame time (src/engine/frame-timer.ts), so the adaptive particle budget works
 * under any caller's loop, the engine's own or a sketch's. It touches no DOM but its
 * canvas (orbit controls). Built by startOn (src/engine/start-engine.ts) on a path with a world;
 * a sketch holds it through a LatentFlow (src/engine/flow-handle.ts), which restarts it after a
 * lost device.
 */
import * as THREE from 'three';
import { flowParams, type FlowParams } from '../spec/flow-params';
import { roundU } from '../spec/u';
import type { CameraPose, PathName } from '../spec/spec';
import { maxRenderSide, type ParticleView, type PostChain } from './backends/render-path';
import { LayerList } from './layer-list';
import { classCentres, createClusters, type ClustersLayer } from './layers/clusters';
import { createDigitSprites } from './layers/digit-sprites';
import { createLabelSprites } from './layers/label-sprites';
import type { DotsFactory, FrameInfo, PickHit } from './layers/layer';
import { onScreen } from './layers/picking';
import { ParticleSlots } from './particle-slots';
import { createRolloutPaths } from './layers/rollout-paths';
import type { EngineDeps, FlowStats, RolloutStart, RolloutsApi } from './engine-types';
import { FrameParams } from './frame-params';
import { FrameTimer } from './frame-timer';
import type { ManifoldLabel } from './load-world';
import { ModelAccess } from './model-access';
import { ParticleSim, type ParticleSimulation } from './particles/particle-sim';
import { RolloutControl } from './rollouts/rollout-control';
import { RolloutRunner, type RolloutSet } from './rollouts/rollout-runner';
import { createStage, type Insets, type Stage } from './stage';
import { gpuObjects, tensorCounts } from './gpu-objects';
import { sampleParticles } from './particles/read-back';
import { SimProbe } from './sim-probe';

const CHECK_EVERY = 4;

export class Engine {
  /** Everything the engine draws; a sketch may add it to its own scene. */
  readonly group = new THREE.Group();
  readonly layers: LayerList;
  /** The networks, on demand: encode, decode, project, classify, census and the u sweep. */
  readonly models: ModelAccess;
  private readonly stage: Stage;
  private readonly post: PostChain;
  private readonly sim: ParticleSimulation;
  /** Read-backs, counters and faults for tests, drills and the HUD (src/engine/sim-probe.ts). */
  readonly probe: SimProbe;
  private view: ParticleView;
  private readonly slots: ParticleSlots;
  private readonly clusters: ClustersLayer;
  private readonly control: RolloutControl;
  /** Rollouts: the params' (from typical held-out digits) or a sketch's own, from images, latents or a cluster. */
  readonly rollouts: RolloutsApi;
  private readonly runner: RolloutRunner;
  private readonly inputs: FrameParams;
  private frameCount: number;
  private time: number;
  private readonly frameTimer = new FrameTimer();
  private smoothedMs = 0;
  private lastBridge = { uploadBytes: 0, bytesCopied: 0 };
  private lastFrameBridge = { uploadBytes: 0, bytesCopied: 0 };
  private stepRequests = 0;
  private issueMs = { sim: 0, rollouts: 0, draw: 0 };
  private size = { width: 1, height: 1, pixelRatio: globalThis.devicePixelRatio ?? 1 };
  private renderSizeOverride: { width: number; height: number } | null = null;
  private disposed = false;

  constructor(private readonly deps: EngineDeps) {
    const { path, world, params } = deps;
    this.frameCount = deps.resume?.frame ?? 0;
    this.time = deps.resume?.time ?? 0;
    this.inputs = new FrameParams(params, deps.count);
    this.stage = createStage(path.canvas, classCentres(world.map.points, world.map.labels), deps.controls);
    this.stage.scene.add(this.group);
    this.post = path.createPost(this.stage.scene, this.stage.camera);
    const count = this.inputs.count;
    this.sim = path.runTf(() => {
      const options = { count, maxBindingBytes: path.maxBindingBytes, maxAge: this.inputs.maxAgeFrames(), checkEvery: CHECK_EVERY, seed: deps.seed };
      return path.createSim?.(world, options, deps.field) ?? new ParticleSim(world.field, world.projector, world.manifold, options, world.referenceSpeed);
    });
    this.view = path.createParticleView(count, params.trail);
    this.probe = new SimProbe(this.sim, path, world, () => this.disposed);
    this.layers = new LayerList(this.group);
    this.clusters = createClusters(path.dots, world.map.points, world.map.labels, world.map.cloud);
    this.slots = new ParticleSlots(this.view);
    const rolloutPaths = createRolloutPaths();
    const sprites = createDigitSprites();
    for (const layer of [this.clusters, createLabelSprites(this.stage.centres), ...this.slots.layers, rolloutPaths, sprites]) this.layers.add(layer);
    this.runner = new RolloutRunner(world.input.models, world.projector);
    this.control = new RolloutControl(this.runner, world.input.heldOut, (work) => path.runTf(work), deps.fixedStep ? 0 : 0.2, (set) => {
      rolloutPaths.show(set);
      sprites.show(set);
    });
    this.models = new ModelAccess(world, path);
    this.rollouts = { start: (r) => this.startRollouts(r), current: () => this.control.result(), settle: (p) => this.control.settle(p === undefined ? this.inputs.params : flowParams(p)), onShow: (l) => this.runner.onResult(l), beat: () => rolloutPaths.beat() };
    this.resize();
  }

  get camera(): THREE.PerspectiveCamera {
    return this.stage.camera;
  }

  get scene(): THREE.Scene {
    return this.stage.scene;
  }

  get canvas(): HTMLCanvasElement {
    return this.deps.path.canvas;
  }

  get manifold(): ManifoldLabel {
    return this.deps.manifold;
  }

  /** The map's hoverable digits: positions (n x 3), labels and images (n x 784). */
  get map(): { points: Float32Array; labels: Int32Array; images: Float32Array } {
    const { points, labels, images } = this.deps.world.map;
    return { points, labels, images };
  }

  /** Sizes the drawing buffer from the canvas's CSS size (or the fixed render size) and `pixelRatio`. */
  resize(pixelRatio = this.size.pixelRatio): void {
    const fixed = this.renderSizeOverride;
    const width = fixed?.width ?? Math.max(1, this.canvas.clientWidth);
    const height = fixed?.height ?? Math.max(1, this.canvas.clientHeight);
    const ratio = fixed !== null || this.deps.path.software ? 1 : Math.min(2, pixelRatio);
    this.size = { width, height, pixelRatio };
    // A sketch's own renderer is the sketch's to size.
    if (this.deps.ownsRenderer) {
      const renderer = this.deps.path.renderer;
      renderer.setPixelRatio(ratio);
      renderer.setSize(width, height, false);
    }
    this.stage.resize(width, height);
    this.post.setSize(width, height);
    this.layers.resize(width, height);
  }

  /** Asks for one simulation step even while paused. */
  requestStep(): void {
    this.stepRequests++;
  }

  /** The next update jumps the applied u to the params' instead of ramping to it. */
  jumpU(): void {
    this.inputs.jumpU();
  }

  /**
   * Advances the particles (unless paused) and the rollouts by `delta` seconds under `params`
   * (checked, never written to; absent: the last ones). `camera`: the one the frame will be drawn
   * with, when a sketch draws the group with its own. Called once per drawn frame: the time
   * between two calls is the frame time the frame-rate figure and the adaptive budget read.
   */
  update(params?: Readonly<Partial<FlowParams>>, delta = 1 / 60, camera: THREE.Camera = this.stage.camera): void {
    const { path, meter } = this.deps;
    const p = this.inputs.next(params, delta);
    const frameMs = this.frameTimer.tick(performance.now());
    if (frameMs !== null) this.observeFrameTime(frameMs);
    meter.beginFrame();
    this.time += delta;
    this.reconcile(p);
    const t0 = performance.now();
    if (!p.paused || this.stepRequests > 0) {
      this.stepRequests = Math.max(0, this.stepRequests - 1);
      this.sim.setMaxAge(this.inputs.maxAgeFrames());
      path.runTf(() => this.view.push(this.sim.step(this.inputs.u, p.dt)));
    }
    const t1 = performance.now();
    this.control.tick(p, this.time);
    const t2 = performance.now();
    const info: FrameInfo = { frame: this.frameCount, time: this.time, delta, params: p, camera };
    this.stage.update(delta, p.autoRotate);
    this.layers.update(info);
    this.issueMs = { sim: t1 - t0, rollouts: t2 - t1, draw: 0 };
    this.frameCount++;
    const bridge = this.view.stats();
    this.lastFrameBridge = { uploadBytes: bridge.uploadBytes - this.lastBridge.uploadBytes, bytesCopied: bridge.bytesCopied - this.lastBridge.bytesCopied };
    this.lastBridge = { uploadBytes: bridge.uploadBytes, bytesCopied: bridge.bytesCopied };
  }

  /** Draws the engine's own scene (with bloom when the params ask for it) on its canvas. */
  render(): void {
    // A caller's own tfjs work holds the GPU context (ModelAccess.runOwn): no frame meanwhile.
    if (this.models.busy) return;
    const t = performance.now();
    this.post.render(this.inputs.params.bloom);
    this.issueMs.draw = performance.now() - t;
  }

  /** Feeds the measured time between drawn frames to the frame-rate display and the budget. */
  private observeFrameTime(ms: number): void {
    this.smoothedMs = this.smoothedMs === 0 ? ms : this.smoothedMs * 0.9 + ms * 0.1;
    // A new count is built by the update's reconcile, which comes next (one rebuild per frame at most).
    this.inputs.observe(ms, this.time, this.deps.fixedStep);
  }

  /** Brings the sim and the particle layers in line with the count and the trail length. */
  private reconcile(params: FlowParams): void {
    const { path } = this.deps;
    const count = this.inputs.count;
    if (count === this.sim.count && params.trail === this.view.trail) return;
    const recounted = count !== this.sim.count;
    path.runTf(() => this.sim.resize(count));
    this.view.dispose();
    this.view = path.createParticleView(count, params.trail);
    this.slots.fill(this.view);
    this.lastBridge = { uploadBytes: 0, bytesCopied: 0 };
    this.inputs.rebuilt(this.time);
    if (recounted) this.deps.onParticles(count);
  }

  /** What lies under CSS pixel (x, y) of the canvas (or of a `width` x `height` view seen by `camera`). */
  pick(x: number, y: number, camera: THREE.Camera = this.stage.camera, width = this.size.width, height = this.size.height): PickHit | null {
    return this.layers.pick(x, y, camera, width, height);
  }

  /** Rings map digit `index` (-1: none). */
  highlight(index: number): void {
    this.clusters.highlight(index);
  }

  /** Colours map digit i by `labels[i]` (-1: dimmed) instead of its class; null restores the classes. */
  tintMap(labels: Int32Array | null): void {
    this.clusters.tint(labels);
  }

  /** The map's tint shown, or null. */
  mapTint(): Int32Array | null {
    return this.clusters.tinted();
  }

  private startRollouts(request: RolloutStart): Promise<RolloutSet | null> {
    const given = [request.images, request.latents, request.cluster].filter((x) => x !== undefined).length;
    if (given !== 1) return Promise.reject(new TypeError('rollouts.start needs exactly one of images, latents or cluster'));
    const { cluster } = request;
    if (cluster !== undefined && !(Number.isInteger(cluster) && cluster >= 0 && cluster <= 9)) return Promise.reject(new RangeError(`rollouts.start: cluster must be a digit 0..9, not ${cluster}`));
    const modes = request.ungrounded ? (['grounded', 'ungrounded'] as const) : (['grounded'] as const);
    const guard = <T>(work: () => T): T => this.deps.path.runTf(work);
    const { latents, target } = request;
    const images = cluster === undefined ? request.images : this.control.startsFor(cluster, Math.max(1, Math.round(request.count ?? 1)));
    this.control.custom({ images, latents, target, u: roundU(request.u ?? this.inputs.u), steps: request.steps ?? this.inputs.params.rolloutSteps, modes: target === undefined ? modes : ['grounded'] }, guard);
    return this.control.settleCustom(guard);
  }

  /** Resolves once rollout results already being read back are shown (fixed-step frames wait for it). */
  rolloutReadsDone(): Promise<void> {
    return this.control.readsDone();
  }

  /** n images (n x 784) to latents (n x dim) with the grounding encoder. */
  encode(images: Float32Array): Promise<Float32Array> {
    return this.models.encode(images);
  }

  /** n latents (n x dim) to images (n x 784). */
  decode(latents: Float32Array): Promise<Float32Array> {
    return this.models.decode(latents);
  }

  /** n latents (n x dim) to map positions (n x 3), where the particles of those latents are drawn. */
  project(latents: Float32Array): Promise<Float32Array> {
    return this.models.project(latents);
  }

  /** Fixed round dots sized in world units, drawn the way this path can (the map's own): for a caller's layers. */
  get dots(): DotsFactory {
    return this.deps.path.dots;
  }

  /** Which GPU path runs: webgpu, webgl or wasm. */
  get backend(): PathName {
    return this.deps.path.name;
  }

  /** Resolves with a message if the GPU goes away (never after dispose). */
  get lost(): Promise<string> {
    return this.deps.path.lost;
  }

  /** Takes the GPU away as a driver reset would (tests and drills): `lost` then resolves. */
  provokeLoss(): void {
    this.deps.path.provokeLoss();
  }

  /** GPU errors as they happen; returns a function that stops listening. */
  onError(listener: (message: string) => void): () => void {
    return this.deps.path.onError(listener);
  }

  stats(): FlowStats {
    const { path, meter } = this.deps;
    return {
      backend: path.name,
      field: this.sim.fieldPath,
      device: path.device,
      software: path.software,
      particles: this.sim.count,
      frame: this.frameCount,
      time: this.time,
      fps: this.smoothedMs > 0 ? 1000 / this.smoothedMs : 0,
      frameMs: this.smoothedMs,
      u: this.inputs.u,
      readbackBytesLastFrame: meter.lastFrameBytes,
      uploadBytesLastFrame: this.lastFrameBridge.uploadBytes,
      copyBytesLastFrame: this.lastFrameBridge.bytesCopied,
      ...tensorCounts(),
      gpuObjects: gpuObjects(path.renderer),
      ...this.probe.counters,
      adaptive: this.inputs.params.adaptive,
      issueMs: { ...this.issueMs },
      manifold: this.deps.manifold,
      latentDim: this.deps.world.dim,
      startup: { ...this.deps.startup },
    };
  }

  /**
   * `count` particles spread evenly over the whole population (every N/count-th): their latents
   * (count x dim) and map positions (count x 3), read back once. For a sketch's low-rate work
   * (decode, classify), never per frame.
   */
  sampleParticles(count: number): Promise<{ latents: Float32Array; positions: Float32Array }> {
    return sampleParticles(this.sim, this.deps.path, this.deps.world.dim, count);
  }

  /** Draws at exactly `size` device pixels (recordings, stills) until given null. */
  setRenderSize(size: { width: number; height: number } | null): void {
    this.renderSizeOverride = size === null ? null : { ...size };
    this.resize();
  }

  renderSize(): { width: number; height: number } | null {
    return this.renderSizeOverride === null ? null : { ...this.renderSizeOverride };
  }

  /** Largest render width or height the GPU draws without shrinking (WebGPU guarantees 8192). */
  maxRenderSide(): number {
    return maxRenderSide(this.deps.path.renderer);
  }

  gpuDone(): Promise<void> {
    return this.deps.path.gpuDone();
  }

  cameraPose(): CameraPose {
    return this.stage.pose();
  }

  setCameraPose(pose: CameraPose): void {
    this.stage.setPose(pose);
  }

  resetCamera(): void {
    this.stage.resetCamera();
  }

  /** Keeps the clusters clear of the page's bands (shares of the viewport; see Stage.frame): the home re-fits. */
  frame(insets: Partial<Insets>): void {
    this.stage.frame(insets);
  }

  /** Mean map position of each digit class (10 x 3). */
  clusterCentres(): Float32Array {
    return this.stage.centres.slice();
  }

  /** CSS pixel position (from the canvas's top left) of map digit `index`, and its label. */
  digitOnScreen(index: number): { x: number; y: number; label: number } {
    const { points, labels } = this.deps.world.map;
    return { ...onScreen(points, index, this.stage.camera, this.size), label: labels[index]! };
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    try {
      this.layers.dispose();
      this.view.dispose();
      this.runner.dispose();
      this.post.dispose();
      this.stage.dispose();
      this.deps.path.runTf(() => this.sim.dispose());
      this.deps.world.dispose();
    } finally {
      // The path last: it owns the device (or context) everything above lives on.
      this.deps.path.dispose();
    }
  }
}
