/**
 * `window.latentflow`: the one door tests (and curious people in the console) use. Everything
 * goes through the flow's public surface and its debug hooks, or the engine the page drives
 * (engine()); nothing here reaches into a layer.
 */
import type { RecordApi } from './record/page-recording';
import type { Engine, FlowStats as AppStats, FrameLoop, LatentFlow, RolloutSet, SweepResult } from '../engine';
import type { CensusStatus } from './explore/census';
import type { Exploration } from './explore/export';
import type { InterpolationStatus } from './explore/interpolation';
import type { ProbeStatus } from './explore/explorer';
import type { SteerStatus } from './explore/steering';
import type { Peek } from './explore/particle-peek';
import { hashCanvas } from './frame-hash';
import type { Presentation } from './present/presentation';
import type { EmbedStatus } from './embed/embed-host';
import type { KioskApi } from './kiosk/kiosk';
import type { OfflineStatus } from './kiosk/offline';
import type { StoryStatus } from './present/story';
import { scheduleDuration, type AppState } from '../spec/spec';
import { clampU } from '../spec/u';
import { flowParams } from '../spec/flow-params';

export interface RolloutSummary {
  mode: 'grounded' | 'ungrounded';
  /** Index of the start among the rollouts (start digit = start % 10). */
  start: number;
  /** Judged digit of the start image and of every step (empty without a judge). */
  labels: number[];
}

export interface LatentflowApi {
  stats(): AppStats;
  state(): AppState;
  setState(patch: Partial<AppState>): void;
  /** Sets u; with `{ ramp: false }` the applied u jumps at once instead of ramping. */
  setU(u: number, options?: { ramp?: boolean }): void;
  /**
   * Draws `n` frames now, one clock step each: with ?fixedStep=1&frameRate=30|60 each is exactly
   * 1/frameRate s, so a preset's schedule (u keys, camera path) gives the same frames on every run.
   * (Also works live, between animation frames.)
   */
  step(n: number): Promise<void>;
  /** Hash (16 hex digits) of the canvas's pixels for the current frame, redrawn and read at once. */
  frameHash(): string;
  /** Seconds the current view's schedules run (u keys, camera path), or null when it has none. */
  presetDuration(): number | null;
  /** Clock time (s) and frames drawn by the frame clock. */
  clock(): { time: number; frame: number; mode: string; frameRate: number };
  /** Story mode or autopilot: the talk, the step shown and its caption; null otherwise. */
  story(): StoryStatus | null;
  /** Glides into preset `name` as the panel's picker does; false if it cannot load. */
  choosePreset(name: string): Promise<boolean>;
  /** Debug read-back of the packed [N, 4] positions (x, y, z, w): tests only. */
  particlePositions(): Promise<number[]>;
  /** Mean map position of each digit class (10 x 3), the clusters' centres. */
  clusterCentres(): number[];
  /**
   * Draws `frames` frames and returns the particles' mean latent move towards the next digit
   * minus towards the previous one (src/engine/world/flow-probe.ts): > 0 counting forward, < 0 backward.
   */
  countingDrift(frames: number): Promise<{ drift: number; used: number }>;
  /** The judged digit sequence of each rollout currently shown. */
  rollouts(): RolloutSummary[];
  /** Starts pending rollouts now and resolves when their results are shown. */
  settleRollouts(): Promise<RolloutSummary[]>;
  /** Reads the respawn / NaN counters back (async) and returns fresh stats. */
  readCounters(): Promise<AppStats>;
  /** Makes `rows` particle latents NaN (exercises the NaN guard). */
  poison(rows: number): void;
  /** Messages shown to the user (notices and errors), oldest first. */
  notices(): string[];
  /** Where start-up time went, ms. */
  startup(): Record<string, number>;
  /** CSS pixel position (from the canvas's top left) of hoverable map digit `index`, and its label. */
  digitOnScreen(index: number): { x: number; y: number; label: number };
  /** Video recording (src/page/record/page-recording.ts), set once the page is wired: npm run record drives it. */
  recorder: RecordApi | null;
  /** Hand exploration (the draw pad's probe), set once the page is wired. */
  explorer: {
    status(): ProbeStatus | null;
    rollFromProbe(): Promise<void>;
    /** The basins census shown (src/page/explore/census.ts), or null before the page starts. */
    census(): CensusStatus | null;
    /** Runs a census at the current u now. */
    runCensus(): Promise<void>;
    toggleCensus(): void;
    /** What the export buttons save (src/page/explore/export.ts). */
    exploration(): Exploration | null;
    /** Measures and draws the threshold curve (src/page/explore/threshold-chart.ts); `us` overrides its u values. */
    sweep(us?: number[]): Promise<SweepResult | null>;
    /** Interpolates between map digits a and b (-1: the draw pad's probe). */
    interpolate(a: number, b: number): Promise<void>;
    interpolation(): InterpolationStatus | null;
    /** The steering to the view's target (src/page/explore/steering.ts). */
    steering(): SteerStatus | null;
    /** The particle under the resting pointer (src/page/explore/particle-peek.ts), and a read at (x, y). */
    peek(): Peek | null;
    peekAt(x: number, y: number): Promise<Peek | null>;
    /** What became of the last dropped or pasted file, or null before any. */
    lastDrop(): Promise<'loaded' | 'refused'> | null;
  } | null;
  /** The running LatentFlow (the toolkit's public API: encode, decode, project, pick, rollouts.start ... and debug). */
  flow(): LatentFlow;
  /** The engine the flow runs now, with what the page uses beyond the public API (camera, tint, renderSize ...). */
  engine(): Engine;
  /** Fault drills (tests, and anyone checking a gallery machine), set once the page is wired. */
  drill: {
    /** Takes the GPU away as a driver reset would (WEBGL_lose_context, or WebGPU's device.destroy()). */
    loseDevice(): void;
    /** Each recovery so far: the path lost, the path drawing again, ms from the loss (and from the new device) to its first frame. */
    recoveries(): { from: string; to: string; ms: number; afterDevice: number }[];
  } | null;
  /** ?embed=1: the protocol's counts (obeyed, refused, ignored by origin or source) and allowed origins; null otherwise. */
  embed: { status(): EmbedStatus } | null;
  /** ?kiosk=1 (src/page/kiosk/kiosk.ts): its status line and the watchdog's drill; null otherwise. */
  kiosk: KioskApi | null;
  /** The service worker of a production build (src/page/kiosk/offline.ts): whether it serves the page, and which build. */
  offline: (() => OfflineStatus) | null;
}

export function summarise(set: RolloutSet | null): RolloutSummary[] {
  if (set === null) return [];
  return set.tracks.map((t) => ({ mode: t.mode, start: t.start, labels: t.labels ? [...t.labels] : [] }));
}

export function createTestSurface(
  flow: () => LatentFlow,
  app: () => Engine,
  loop: () => FrameLoop,
  state: AppState,
  notices: () => string[],
  startup: () => Record<string, number>,
  presentation: Pick<Presentation, 'storyStatus' | 'choosePreset'> | null = null,
): LatentflowApi {
  return {
    recorder: null,
    explorer: null,
    drill: null,
    embed: null,
    kiosk: null,
    offline: null,
    stats: () => flow().stats(),
    state: () => ({ ...state }),
    setState: (patch) => Object.assign(state, patch),
    setU: (u, options) => {
      state.u = clampU(u);
      if (options?.ramp === false) flow().debug.jumpU();
    },
    step: (n) => loop().step(Math.max(0, Math.floor(n))),
    frameHash: () => {
      flow().render();
      return hashCanvas(app().canvas);
    },
    presetDuration: () => scheduleDuration(state),
    clock: () => {
      const { time, frame, mode, frameRate } = loop().clock;
      return { time, frame, mode, frameRate };
    },
    story: () => presentation?.storyStatus() ?? null,
    choosePreset: (name) => presentation?.choosePreset(name) ?? Promise.resolve(false),
    particlePositions: async () => Array.from(await flow().debug.particlePositions()),
    clusterCentres: () => Array.from(app().clusterCentres()),
    countingDrift: async (frames) => {
      const before = await app().probe.snapshot();
      await loop().step(frames);
      return app().probe.drift(before, await app().probe.snapshot());
    },
    rollouts: () => summarise(flow().rollouts.current()),
    // The view as it is now, though no frame has drawn it yet (a setState just before).
    settleRollouts: async () => summarise(await flow().debug.settleRollouts(flowParams(state))),
    readCounters: () => flow().debug.readCounters(),
    poison: (rows) => flow().debug.poison(rows),
    notices,
    startup,
    digitOnScreen: (index) => app().digitOnScreen(index),
    flow,
    engine: app,
  };
}
