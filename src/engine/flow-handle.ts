/**
 * The LatentFlow a caller holds: the engine running now (src/engine/engine.ts) behind the small
 * public surface, and the engine after it when the GPU goes away. A loss disposes the lost engine
 * and starts another on the same path (then on the paths after it), with the last params and the
 * same StartCache, so a restart downloads nothing. Listeners added with on() outlive restarts, and
 * so do the layers the caller added (src/engine/carried-layers.ts); the engine makes its own again.
 */
import type * as THREE from 'three';
import { flowParams, type FlowParams } from '../spec/flow-params';
import type { PathName } from '../spec/spec';
import { disposeCarried, restoreLayers, takeCallerLayers } from './carried-layers';
import type { Engine } from './engine';
import type { FlowStats, RolloutStart } from './engine-types';
import { Emitter, type FlowEvent, type Listener } from './events';
import type { FlowDebug, LatentFlow, LatentFlowOptions } from './latent-flow';
import type { LayerList } from './layer-list';
import type { Layer, PickHit } from './layers/layer';
import type { Reading } from './model-access';
import type { RolloutSet } from './rollouts/rollout-runner';
import { StartCache } from './start-cache';
import { errorText, pathChain, startChain, type StartOptions } from './start-engine';

export class FlowHandle implements LatentFlow {
  private engine: Engine | null = null;
  private readonly events = new Emitter();
  private params: FlowParams;
  private pixelRatio: number | undefined;
  private lastStats: FlowStats | null = null;
  /** Set from a loss until the restarted engine draws its first frame. */
  private pending: { from: PathName; lostAt: number; deviceAt: number } | null = null;
  private restarting: Promise<void> | null = null;
  private detach: (() => void)[] = [];
  /** The layers the engine drawing now made itself (the rest are the caller's, carried over a restart). */
  private ownLayers: ReadonlySet<Layer> = new Set();
  private disposed = false;
  readonly map: LatentFlow['map'];
  readonly rollouts: LatentFlow['rollouts'];
  readonly debug: FlowDebug;

  /** Opens the first path of the chain that starts (see createLatentFlow). */
  static async open(options: LatentFlowOptions): Promise<FlowHandle> {
    const canvas = options.renderer?.domElement ?? options.canvas;
    if (canvas === undefined) throw new Error('createLatentFlow needs a canvas or a renderer');
    const all = await pathChain(options.backend ?? 'auto', options.renderer);
    const chain = options.fallback === false ? all.slice(0, 1) : all;
    const params = flowParams(options.params);
    const named = options.params?.particles !== undefined ? params.particles : null;
    let handle: FlowHandle | null = null;
    const start: StartOptions = {
      renderer: options.renderer,
      assets: options.assets ?? '',
      manifold: options.manifold ?? null,
      seed: options.seed ?? 1,
      field: options.field ?? null,
      fixedStep: options.fixedStep ?? false,
      controls: options.controls ?? true,
      cache: new StartCache(options.judge !== false),
      onParticles: (count) => handle?.events.emit('particles', count),
    };
    const notice = options.onNotice ?? (() => undefined);
    const { engine } = await startChain(chain, canvas, false, start, params, () => named, notice);
    handle = new FlowHandle(engine, params, chain, start, named, options.recover !== false && options.renderer === undefined, notice);
    return handle;
  }

  private constructor(
    engine: Engine,
    params: FlowParams,
    private readonly chain: readonly PathName[],
    private readonly start: StartOptions,
    /** The particle count the caller named at creation (null: none, each path starts on its own). */
    private readonly named: number | null,
    private readonly recover: boolean,
    private readonly notice: (message: string) => void,
  ) {
    this.params = params;
    this.map = engine.map;
    this.attach(engine);
    this.rollouts = {
      start: async (from: RolloutStart) => (await this.ready()).rollouts.start(from),
      current: () => this.engine?.rollouts.current() ?? null,
    };
    this.debug = {
      loseDevice: () => this.engine?.provokeLoss(),
      jumpU: () => this.engine?.jumpU(),
      settleRollouts: async (params) => (await this.ready()).rollouts.settle(params),
      particlePositions: async () => (await this.ready()).probe.positions(),
      poison: (rows) => this.engine?.probe.poison(rows),
      readCounters: async () => {
        await (await this.ready()).probe.refreshCounters();
        return this.stats();
      },
      restart: (reason) => {
        if (this.engine !== null) this.lose(this.engine, reason);
      },
    };
  }

  /** The engine drawing now (null while restarting, or once stopped). For the page until it moves onto the public surface. */
  current(): Engine | null {
    return this.engine;
  }

  get group(): THREE.Group {
    return this.live().group;
  }

  get layers(): LayerList {
    return this.live().layers;
  }

  update(params?: Readonly<Partial<FlowParams>>, dt?: number, camera?: THREE.Camera): void {
    if (params !== undefined) this.params = flowParams(params);
    this.engine?.update(this.params, dt, camera);
  }

  render(): void {
    if (this.engine === null) return;
    this.engine.render();
    if (this.pending !== null) {
      const { from, lostAt, deviceAt } = this.pending;
      this.pending = null;
      const now = performance.now();
      this.events.emit('recovered', { from, to: this.engine.backend, ms: Math.round(now - lostAt), afterDevice: Math.round(now - deviceAt) });
    }
  }

  resize(pixelRatio?: number): void {
    this.pixelRatio = pixelRatio ?? this.pixelRatio;
    this.engine?.resize(this.pixelRatio);
  }

  async encode(images: Float32Array): Promise<Float32Array> {
    return (await this.ready()).encode(images);
  }

  async decode(latents: Float32Array): Promise<Float32Array> {
    return (await this.ready()).decode(latents);
  }

  async project(latents: Float32Array): Promise<Float32Array> {
    return (await this.ready()).project(latents);
  }

  async classify(images: Float32Array): Promise<Reading[] | null> {
    return (await this.ready()).models.classify(images);
  }

  async sampleParticles(count: number): Promise<{ latents: Float32Array; positions: Float32Array }> {
    return (await this.ready()).sampleParticles(count);
  }

  pick(x: number, y: number, camera?: THREE.Camera, width?: number, height?: number): PickHit | null {
    return this.engine?.pick(x, y, camera, width, height) ?? null;
  }

  stats(): FlowStats {
    if (this.engine !== null) return this.engine.stats();
    if (this.lastStats === null) throw new Error('latentflow has no stats: it was disposed');
    return this.lastStats;
  }

  on<K extends FlowEvent>(event: K, listener: Listener<K>): () => void {
    return this.events.on(event, listener);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.engine !== null) this.release(this.engine);
    this.events.clear();
  }

  private live(): Engine {
    if (this.engine === null) throw new Error(this.disposed ? 'latentflow was disposed' : 'latentflow is not drawing: it is restarting after a lost GPU, or stopped');
    return this.engine;
  }

  /** The engine now, or the restarted one once a restart under way is done. */
  private async ready(): Promise<Engine> {
    if (this.engine === null && this.restarting !== null) await this.restarting;
    return this.live();
  }

  private attach(engine: Engine): void {
    this.engine = engine;
    this.ownLayers = new Set(engine.layers.list());
    this.detach = [engine.rollouts.onShow((set: RolloutSet) => this.events.emit('rollouts', set)), engine.onError((message) => this.events.emit('error', message))];
    if (this.pixelRatio !== undefined) engine.resize(this.pixelRatio);
    void engine.lost.then((message) => this.lose(engine, message));
  }

  private release(engine: Engine): void {
    try {
      this.lastStats = engine.stats();
    } catch {
      // A renderer whose device is gone may not answer: the stats of the last frame stand.
    }
    for (const undo of this.detach.splice(0)) undo();
    this.engine = null;
    try {
      engine.dispose();
    } catch {
      // The device is gone: freeing its resources may fail, and nothing is left to free.
    }
  }

  private lose(engine: Engine, message: string): void {
    if (this.engine !== engine || this.disposed) return;
    const from = engine.backend;
    const lostAt = performance.now();
    const after = this.chain.slice(this.chain.indexOf(from) + 1);
    // The same path first (a lost context or device can usually be had again), unless the last
    // restart on it was lost before it drew a frame: then it is not coming back, and the next
    // path takes over (so a device that dies on every start cannot hold the flow in a loop).
    const order = !this.recover ? [] : this.pending === null ? [from, ...after] : after;
    this.events.emit('lost', { message, next: order[0] ?? null });
    // A listener may have disposed the flow: then there is nothing to restart.
    if (this.disposed) return;
    const carried = takeCallerLayers(engine.layers, this.ownLayers);
    this.release(engine);
    const live = this.lastStats?.particles ?? null;
    if (order.length === 0) {
      this.pending = null;
      disposeCarried(carried);
      this.events.emit('stopped', { reason: message });
      return;
    }
    this.pending = { from, lostAt, deviceAt: lostAt };
    // The same path keeps the count it had; another starts on its own count, unless the caller
    // named one at creation (then on the count asked for last).
    const asked = this.named === null ? null : this.params.particles;
    const count = (name: PathName) => (name === from ? (live ?? asked) : asked);
    // The frame count and time go on, so a layer scheduling by FrameInfo.time is not set back.
    const resume = this.lastStats === null ? undefined : { frame: this.lastStats.frame, time: this.lastStats.time };
    const restart = startChain(order, engine.canvas, true, { ...this.start, resume }, this.params, count, this.notice).then(
      ({ engine: next, deviceAt }) => {
        if (this.disposed) {
          next.dispose();
          disposeCarried(carried);
          return;
        }
        if (this.pending !== null) this.pending.deviceAt = deviceAt;
        this.attach(next);
        restoreLayers(next.layers, carried);
        this.events.emit('restarted', { backend: next.backend, canvas: next.canvas });
      },
      (e: unknown) => {
        this.pending = null;
        disposeCarried(carried);
        this.events.emit('stopped', { reason: errorText(e) });
      },
    );
    this.restarting = restart;
    void restart.finally(() => {
      if (this.restarting === restart) this.restarting = null;
    });
  }
}

/** The engine a LatentFlow runs now (null while it restarts): the page's way in until it uses the public surface alone. */
export function engineOf(flow: LatentFlow): Engine | null {
  return flow instanceof FlowHandle ? flow.current() : null;
}
