/**
 * The running scene on one GPU path: owns the simulation, the layers and the rollouts, and does
 * one frame at a time (the loop that calls it lives in frame-loop.ts). Each frame it reconciles
 * the scene with the state object, advances the particles on the GPU, hands their positions to
 * the layers without a readback, and draws.
 */
import * as tf from '@tensorflow/tfjs';
import * as THREE from 'three';
import { classCentres, createClusters, type ClustersLayer } from './layers/clusters';
import { createCentroidLabels } from './layers/centroid-labels';
import { createDigitSprites, type DigitSpritesLayer } from './layers/digit-sprites';
import type { FrameInfo, Layer } from './layers/layer';
import { pickPoint } from './layers/picking';
import type { PostChain } from './backends/post-chain';
import { createRolloutPaths, type RolloutPathsLayer } from './layers/rollout-paths';
import { createStage, type Stage } from './stage';
import { countingDrift, type ParticleSnapshot } from './world/flow-probe';
import { ParticleSim, type FieldPath, type ParticleSimulation } from './particles/particle-sim';
import { RolloutRunner, type RolloutSet } from './rollouts/rollout-runner';
import type { World } from './world/world';
import { HoverCard } from '../page/chrome/hover-card';
import type { Hud } from '../page/chrome/hud';
import { AdaptiveBudget, DEFAULT_BUDGET } from './adaptive-budget';
import type { ParticleView, RenderPath } from './backends/render-path';
import type { ManifoldLabel } from './load-world';
import type { ReadbackMeter } from './readback-meter';
import { RolloutControl } from './rollouts/rollout-control';
import { clampTo, type AppState } from '../spec/spec';

/** u moves towards the requested value at this many units per second (a smooth ramp). */
const U_RAMP_PER_SECOND = 2.5;
const CHECK_EVERY = 4;

export interface AppDeps {
  path: RenderPath;
  world: World;
  state: AppState;
  meter: ReadbackMeter;
  hud: Hud;
  overlay: HTMLElement;
  fixedStep: boolean;
  /** Forces the particle field step (null or absent: the path's choice). */
  field?: FieldPath | null;
  manifold: ManifoldLabel;
}

export interface AppStats {
  backend: string;
  /** Which particle field step runs: the fused WebGPU kernel or tfjs ops. */
  field: FieldPath;
  device: string;
  software: boolean;
  particles: number;
  frame: number;
  fps: number;
  frameMs: number;
  u: number;
  readbackBytesLastFrame: number;
  uploadBytesLastFrame: number;
  copyBytesLastFrame: number;
  tensors: number;
  respawned: number;
  nonFinite: number;
  adaptive: boolean;
  /** CPU time to issue each stage of the last frame, ms (the GPU may still be working after). */
  issueMs: { sim: number; rollouts: number; draw: number };
  /** The manifold on screen and what trained it. */
  manifold: ManifoldLabel;
}

export class App {
  readonly stage: Stage;
  private readonly post: PostChain;
  private readonly sim: ParticleSimulation;
  private view: ParticleView;
  private readonly clusters: ClustersLayer;
  private readonly rolloutPaths: RolloutPathsLayer;
  private readonly sprites: DigitSpritesLayer;
  private readonly fixedLayers: Layer[];
  private readonly rollouts: RolloutControl;
  private readonly budget = new AdaptiveBudget(DEFAULT_BUDGET);
  private readonly hover: HoverCard;
  private frameCount = 0;
  private time = 0;
  private appliedU: number;
  private smoothedMs = 0;
  private lastBridge = { uploadBytes: 0, bytesCopied: 0 };
  private lastFrameBridge = { uploadBytes: 0, bytesCopied: 0 };
  private counters = { respawned: 0, nonFinite: 0 };
  private stepRequests = 0;
  private issueMs = { sim: 0, rollouts: 0, draw: 0 };
  private detachPointer: () => void;
  private renderSizeOverride: { width: number; height: number } | null = null;

  constructor(private readonly deps: AppDeps) {
    const { path, world, state } = deps;
    this.stage = createStage(path.canvas);
    this.post = path.createPost(this.stage.scene, this.stage.camera);
    this.appliedU = state.u;
    this.sim = path.runTf(() => {
      const options = { count: state.particles, maxBindingBytes: path.maxBindingBytes, maxAge: this.maxAgeFrames(), checkEvery: CHECK_EVERY, seed: state.seed };
      return path.createSim?.(world, options, deps.field ?? null) ?? new ParticleSim(world.field, world.projector, world.manifold, options, world.referenceSpeed);
    });
    this.view = path.createParticleView(state.particles, state.trail);
    const { map } = world;
    this.clusters = createClusters(path.dots, map.points, map.labels, map.cloud);
    this.rolloutPaths = createRolloutPaths();
    this.sprites = createDigitSprites();
    this.fixedLayers = [this.clusters, createCentroidLabels(deps.overlay, classCentres(map.points, map.labels)), this.rolloutPaths, this.sprites];
    for (const layer of [...this.fixedLayers, ...this.view.layers]) this.stage.scene.add(layer.object);
    const runner = new RolloutRunner(world.input.models, world.projector);
    this.rollouts = new RolloutControl(runner, world.input.heldOut, (work) => path.runTf(work), deps.fixedStep ? 0 : 0.2, (set) => this.showRollouts(set));
    this.hover = new HoverCard(deps.overlay);
    this.detachPointer = this.attachPointer();
    this.resize();
  }

  private maxAgeFrames(): number {
    return Math.max(2, Math.round(this.deps.state.lifetime / this.deps.state.dt));
  }

  resize(): void {
    const canvas = this.deps.path.canvas;
    const fixed = this.renderSizeOverride;
    const width = fixed?.width ?? Math.max(1, canvas.clientWidth);
    const height = fixed?.height ?? Math.max(1, canvas.clientHeight);
    const renderer = this.deps.path.renderer;
    renderer.setPixelRatio(fixed !== null || this.deps.path.software ? 1 : Math.min(2, window.devicePixelRatio));
    renderer.setSize(width, height, false);
    this.stage.resize(width, height);
    this.post.setSize(width, height);
  }

  /** Asks for one simulation step even while paused. */
  requestStep(): void {
    this.stepRequests++;
  }

  setU(u: number, ramp: boolean): void {
    this.deps.state.u = clampTo('u', u);
    if (!ramp) this.appliedU = this.deps.state.u;
  }

  /** One frame: reconcile, simulate (unless paused), draw. `delta` in seconds. */
  frame(delta: number): void {
    const { path, state, meter } = this.deps;
    meter.beginFrame();
    this.time += delta;
    this.reconcile();
    const ramp = U_RAMP_PER_SECOND * delta;
    this.appliedU += Math.max(-ramp, Math.min(ramp, state.u - this.appliedU));
    const t0 = performance.now();
    if (!state.paused || this.stepRequests > 0) {
      this.stepRequests = Math.max(0, this.stepRequests - 1);
      this.sim.setMaxAge(this.maxAgeFrames());
      path.runTf(() => this.view.push(this.sim.step(this.appliedU, state.dt)));
    }
    const t1 = performance.now();
    this.rollouts.tick(state, this.time);
    const t2 = performance.now();
    const info: FrameInfo = { frame: this.frameCount, time: this.time, delta, state, camera: this.stage.camera };
    this.stage.update(delta, state.autoRotate);
    for (const layer of [...this.fixedLayers, ...this.view.layers]) layer.update(info);
    this.post.render(state.bloom);
    this.issueMs = { sim: t1 - t0, rollouts: t2 - t1, draw: performance.now() - t2 };
    this.frameCount++;
    const bridge = this.view.stats();
    this.lastFrameBridge = { uploadBytes: bridge.uploadBytes - this.lastBridge.uploadBytes, bytesCopied: bridge.bytesCopied - this.lastBridge.bytesCopied };
    this.lastBridge = { uploadBytes: bridge.uploadBytes, bytesCopied: bridge.bytesCopied };
  }

  /** Feeds the measured time between drawn frames to the frame-rate display and the budget. */
  observeFrameTime(ms: number): void {
    this.smoothedMs = this.smoothedMs === 0 ? ms : this.smoothedMs * 0.9 + ms * 0.1;
    const { state } = this.deps;
    // A fixed-step clock never lets wall time change the view (same preset, same frames).
    if (!state.adaptive || state.paused || this.deps.fixedStep) return;
    const next = this.budget.observe(ms, this.time, state.particles, state.targetFps);
    if (next !== null) state.particles = next;
  }

  /** Brings the sim and the layers in line with the state (count, trail length). */
  private reconcile(): void {
    const { state, path } = this.deps;
    state.particles = Math.round(clampTo('particles', state.particles));
    state.trail = Math.round(clampTo('trail', state.trail));
    if (state.particles === this.sim.count && state.trail === this.view.trail) return;
    path.runTf(() => this.sim.resize(state.particles));
    for (const layer of this.view.layers) this.stage.scene.remove(layer.object);
    this.view.dispose();
    this.view = path.createParticleView(state.particles, state.trail);
    for (const layer of this.view.layers) this.stage.scene.add(layer.object);
    this.lastBridge = { uploadBytes: 0, bytesCopied: 0 };
    this.budget.reset(this.time);
  }

  private showRollouts(set: RolloutSet): void {
    this.rolloutPaths.show(set);
    this.sprites.show(set);
    this.deps.hud.showRollouts(set);
  }

  private attachPointer(): () => void {
    const canvas = this.deps.path.canvas;
    const { map } = this.deps.world;
    const onMove = (event: PointerEvent) => {
      const rect = canvas.getBoundingClientRect();
      const x = event.clientX - rect.left;
      const y = event.clientY - rect.top;
      const index = this.deps.state.clusters ? pickPoint(map.points, this.stage.camera, { x, y }, { width: rect.width, height: rect.height }) : -1;
      this.clusters.highlight(index);
      this.hover.show(index, map.images, index >= 0 ? map.labels[index]! : 0, x, y);
    };
    const onLeave = () => {
      this.clusters.highlight(-1);
      this.hover.show(-1, map.images, 0, 0, 0);
    };
    canvas.addEventListener('pointermove', onMove);
    canvas.addEventListener('pointerleave', onLeave);
    return () => {
      canvas.removeEventListener('pointermove', onMove);
      canvas.removeEventListener('pointerleave', onLeave);
    };
  }

  /** Refreshes the respawn counters (two floats read back; call at a low rate, never per frame). */
  async refreshCounters(): Promise<void> {
    this.counters = await this.sim.readCounters();
  }

  stats(): AppStats {
    const { path, meter, state } = this.deps;
    return {
      backend: path.name,
      field: this.sim.fieldPath,
      device: path.device,
      software: path.software,
      particles: this.sim.count,
      frame: this.frameCount,
      fps: this.smoothedMs > 0 ? 1000 / this.smoothedMs : 0,
      frameMs: this.smoothedMs,
      u: this.appliedU,
      readbackBytesLastFrame: meter.lastFrameBytes,
      uploadBytesLastFrame: this.lastFrameBridge.uploadBytes,
      copyBytesLastFrame: this.lastFrameBridge.bytesCopied,
      tensors: tf.memory().numTensors,
      respawned: this.counters.respawned,
      nonFinite: this.counters.nonFinite,
      adaptive: state.adaptive,
      issueMs: { ...this.issueMs },
      manifold: this.deps.manifold,
    };
  }

  /** Debug read-back of the particles' packed [N, 4] (x, y, z, w) positions: tests only. */
  async particlePositions(): Promise<Float32Array> {
    const positions = this.sim.positions();
    if (positions === undefined) return new Float32Array(0);
    return (await this.deps.path.runTf(() => positions.data())) as Float32Array;
  }

  /** Debug read-back of the particles' latents and w channel: tests only. */
  async particleSnapshot(): Promise<ParticleSnapshot> {
    const [{ z, age }, packed] = await Promise.all([this.deps.path.runTf(() => this.sim.readState()), this.particlePositions()]);
    return { z, age, w: packed.filter((_, i) => i % 4 === 3) };
  }

  measureDrift(before: ParticleSnapshot, after: ParticleSnapshot): { drift: number; used: number } {
    return countingDrift(before, after, this.deps.world.centroids, this.deps.world.dim);
  }

  rolloutSet(): RolloutSet | null {
    return this.rollouts.result();
  }

  /** Resolves once rollout results already being read back are shown. */
  rolloutReadsDone(): Promise<void> {
    return this.rollouts.readsDone();
  }

  settleRollouts(): Promise<RolloutSet | null> {
    return this.rollouts.settle(this.deps.state);
  }

  /** Makes `rows` particle states NaN, to exercise the NaN guard. */
  poison(rows: number): void {
    this.deps.path.runTf(() => this.sim.poison(rows));
  }

  /**
   * Draws at exactly `size` device pixels (recordings, stills) until given null; the canvas keeps
   * its place and CSS size on the page.
   */
  setRenderSize(size: { width: number; height: number } | null): void {
    this.renderSizeOverride = size === null ? null : { ...size };
    this.resize();
  }

  renderSize(): { width: number; height: number } | null {
    return this.renderSizeOverride === null ? null : { ...this.renderSizeOverride };
  }

  /** Draws the scene again as it is, advancing nothing (a still at another size). */
  redraw(): void {
    this.post.render(this.deps.state.bloom);
  }

  get canvas(): HTMLCanvasElement {
    return this.deps.path.canvas;
  }

  /** Largest render width or height the GPU draws without shrinking (WebGPU guarantees 8192). */
  maxRenderSide(): number {
    const renderer = this.deps.path.renderer;
    if (!(renderer instanceof THREE.WebGLRenderer)) return 8192;
    const gl = renderer.getContext();
    const viewport = gl.getParameter(gl.MAX_VIEWPORT_DIMS) as Int32Array;
    return Math.min(gl.getParameter(gl.MAX_TEXTURE_SIZE) as number, gl.getParameter(gl.MAX_RENDERBUFFER_SIZE) as number, viewport[0]!, viewport[1]!);
  }

  gpuDone(): Promise<void> {
    return this.deps.path.gpuDone();
  }

  digitOnScreen(index: number): { x: number; y: number; label: number } {
    const { points, labels } = this.deps.world.map;
    const v = new THREE.Vector3(points[index * 3]!, points[index * 3 + 1]!, points[index * 3 + 2]!).project(this.stage.camera);
    const rect = this.deps.path.canvas.getBoundingClientRect();
    return { x: ((v.x + 1) / 2) * rect.width, y: ((1 - v.y) / 2) * rect.height, label: labels[index]! };
  }

  mapCentres(): Float32Array {
    return classCentres(this.deps.world.map.points, this.deps.world.map.labels);
  }

  dispose(): void {
    this.detachPointer();
    for (const layer of this.fixedLayers) layer.dispose();
    this.view.dispose();
    this.hover.element.remove();
    this.post.dispose();
    this.stage.dispose();
    this.deps.path.runTf(() => this.sim.dispose());
  }
}
