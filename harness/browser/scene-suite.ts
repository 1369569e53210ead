/**
 * The end-to-end checks every GPU path must pass, defined once and run per path by
 * tests/browser/scene-<path>.test.ts (separate files, so vitest can run two paths side by side).
 *
 * Software devices here (SwiftShader) are slow: a frame of the 65-256-256-64 MLP plus the map
 * projector costs 0.1-0.5 s even for a few hundred particles, so the suite uses few particles,
 * a small viewport, and drives frames itself (?fixedStep=1, latentflow.step(n)).
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './chromium';
import { decodePng, isBlank, isUniform, pixelStats } from './pixels';
import { appErrors, countingShare, openScene, type RolloutSummary, type ScenePage } from './scene-harness';
import { startServer, type TestServer } from './server';

export interface SuiteOptions {
  path: 'webgpu' | 'webgl' | 'wasm';
  particles: number;
  /** Frames of the tensor-leak run. */
  leakFrames: number;
  /** Whether the path promises zero GPU -> CPU bytes per frame (the GPU paths do). */
  zeroReadback: boolean;
  /** Per-test timeout, ms (software WebGPU is the slowest). */
  timeout: number;
}

export function defineSceneSuite(options: SuiteOptions): void {
  const { path, timeout } = options;
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  let scene: ScenePage;

  beforeAll(async () => {
    // No HMR: an edit elsewhere in the tree must not reload the page halfway through the suite.
    server = await startServer({ config: { server: { hmr: false } } });
    browser = await launchChromium();
    scene = await openScene(browser, server, `backend=${path}&particles=${options.particles}&fixedStep=1`);
  }, 240_000);

  afterAll(async () => {
    await scene?.close();
    await browser?.close();
    await server?.close();
  });

  describe(`scene on the ${path} path`, () => {
    it('becomes ready on the requested path without errors', async () => {
      const error = await scene.tab.page.evaluate(() => document.documentElement.dataset.error ?? null);
      expect(error).toBeNull();
      const stats = await scene.stats();
      expect(stats.backend).toBe(path);
      expect(stats.particles).toBe(options.particles);
      expect(await scene.tab.page.textContent('.hud-stats')).toContain(path);
      expect(appErrors(scene.tab.errors)).toEqual([]);
    });

    it('draws a frame that is neither blank nor uniform', async () => {
      await scene.call('step(2)');
      const image = decodePng(await scene.tab.page.locator('canvas.scene').screenshot());
      expect(isBlank(image)).toBe(false);
      expect(isUniform(image)).toBe(false);
      expect(pixelStats(image).distinctColours).toBeGreaterThan(50);
    }, timeout);

    it('advances frames and moves the particles', async () => {
      const before = await scene.stats();
      const p0 = await scene.call<number[]>('particlePositions()');
      await scene.call('step(3)');
      const after = await scene.stats();
      const p1 = await scene.call<number[]>('particlePositions()');
      expect(after.frame).toBe(before.frame + 3);
      expect(p1).toHaveLength(options.particles * 4);
      expect(p1.every(Number.isFinite)).toBe(true);
      const moved = p1.filter((v, i) => i % 4 !== 3 && Math.abs(v - p0[i]!) > 1e-6).length;
      expect(moved).toBeGreaterThan(options.particles);
    }, timeout);

    it('reads positions, stats and rollouts safely while frames advance', async () => {
      const lengths = await scene.tab.page.evaluate(async () => {
        type Api = { step(n: number): Promise<void>; particlePositions(): Promise<number[]>; stats(): unknown; rollouts(): unknown[] };
        const api = (window as unknown as { latentflow: Api }).latentflow;
        const running = api.step(4);
        const reads: Promise<number>[] = [];
        for (let i = 0; i < 4; i++) {
          reads.push(api.particlePositions().then((p) => p.length));
          api.stats();
          api.rollouts();
          await new Promise((resolve) => setTimeout(resolve, 0));
        }
        const out = await Promise.all(reads);
        await running;
        return out;
      });
      expect(lengths).toEqual(Array.from({ length: 4 }, () => options.particles * 4));
      expect(appErrors(scene.tab.errors)).toEqual([]);
    }, timeout);

    it('answers the engine API: encode, decode, project, pick and rollouts from latents', async () => {
      const answer = await scene.tab.page.evaluate(async () => {
        type Flow = {
          map: { images: Float32Array; labels: Int32Array; points: Float32Array };
          encode(x: Float32Array): Promise<Float32Array>;
          decode(z: Float32Array): Promise<Float32Array>;
          project(z: Float32Array): Promise<Float32Array>;
          rollouts: { start(r: { latents: Float32Array; u: number; steps: number }): Promise<{ tracks: { labels: Int32Array | null }[] } | null> };
        };
        const flow = (window as unknown as { latentflow: { flow(): Flow } }).latentflow.flow();
        const image = flow.map.images.slice(0, 784);
        const z = await flow.encode(image);
        const decoded = await flow.decode(z);
        const placed = await flow.project(z);
        const set = await flow.rollouts.start({ latents: z, u: 1, steps: 3 });
        return { dim: z.length, pixels: decoded.length, placed: Array.from(placed), finite: [...z, ...decoded].every(Number.isFinite), label: flow.map.labels[0], track: set && Array.from(set.tracks[0]!.labels ?? []) };
      });
      expect(answer.dim).toBe(64);
      expect(answer.pixels).toBe(784);
      expect(answer.finite).toBe(true);
      expect(answer.placed).toHaveLength(3);
      // A rollout of 3 steps from the digit's own latent: its start image and three steps, judged.
      expect(answer.track).toHaveLength(4);
      expect(await scene.call<unknown[]>('rollouts()')).toHaveLength(1);
    }, timeout);

    it(`reads ${options.zeroReadback ? 'nothing' : 'only what it must'} back from the GPU per frame`, async () => {
      await scene.call('settleRollouts()');
      await scene.call('step(2)');
      const stats = await scene.stats();
      if (options.zeroReadback) expect(stats.readbackBytesLastFrame).toBe(0);
      else expect(stats.uploadBytesLastFrame).toBeGreaterThan(0);
    }, timeout);

    it(`keeps the tfjs tensor count flat over ${options.leakFrames} frames (u, trail and rollouts changing)`, async () => {
      // Bloom and the digit dots create no tensors but cost most of a software-rasterised frame.
      await scene.call('setState({ bloom: 0, clusters: false })');
      await scene.call('settleRollouts()');
      await scene.call('step(1)');
      const start = (await scene.stats()).tensors;
      const third = Math.floor(options.leakFrames / 3);
      await scene.call(`step(${third})`);
      // A new u restarts the rollouts; a new trail length rebuilds every position buffer.
      await scene.call('setU(-1)');
      await scene.call('setState({ trail: 3 })');
      await scene.call(`step(${third})`);
      await scene.call('setU(1)');
      await scene.call('setState({ trail: 8 })');
      await scene.call(`step(${options.leakFrames - 2 * third})`);
      await scene.call('settleRollouts()');
      await scene.call('step(1)');
      const stats = await scene.stats();
      expect(stats.frame).toBeGreaterThanOrEqual(options.leakFrames);
      expect(stats.tensors).toBe(start);
      await scene.call('setState({ bloom: 0.6, clusters: true })');
    }, Math.max(timeout, options.leakFrames * 2_000));

    it('runs about 2,000 particles on this path too', async () => {
      await scene.call('setState({ particles: 2048 })');
      await scene.call('step(2)');
      const stats = await scene.stats();
      expect(stats.particles).toBe(2048);
      expect((await scene.call<number[]>('particlePositions()')).every(Number.isFinite)).toBe(true);
      if (options.zeroReadback) expect(stats.readbackBytesLastFrame).toBe(0);
      await scene.call(`setState({ particles: ${options.particles} })`);
      await scene.call('step(1)');
    }, Math.max(timeout, 60_000));

    it('reverses the particles\' mean motion between clusters when u flips from +1 to -1', async () => {
      // countingDrift: mean latent move towards the next digit's centroid minus towards the previous one.
      await scene.call('setU(1, { ramp: false })');
      await scene.call('step(1)');
      const forward = await scene.call<{ drift: number; used: number }>('countingDrift(3)');
      await scene.call('setU(-1, { ramp: false })');
      await scene.call('step(1)');
      const backward = await scene.call<{ drift: number; used: number }>('countingDrift(3)');
      expect(forward.used).toBeGreaterThan(options.particles / 2);
      expect(forward.drift).toBeGreaterThan(0);
      expect(backward.drift).toBeLessThan(0);
    }, timeout);

    it('counts in order in grounded rollouts at u = +1 (and backwards at u = -1), shown in the HUD', async () => {
      await scene.call('setU(1, { ramp: false })');
      const forward = await scene.call<RolloutSummary[]>('settleRollouts()');
      expect(forward.filter((r) => r.mode === 'grounded')).toHaveLength(10);
      expect(countingShare(forward, 1)).toBeGreaterThan(0.85);
      const sequence = await scene.tab.page.locator('.sequences li').first().textContent();
      expect(sequence).toMatch(/\d( \u2192 \d)+/);
      // The HUD is the engineering view, behind h on the stage.
      await scene.tab.page.keyboard.press('h');
      const strip = pixelStats(decodePng(await scene.tab.page.locator('canvas.rollout-strip').screenshot()));
      await scene.tab.page.keyboard.press('h');
      expect(strip.nonModalFraction).toBeGreaterThan(0.05);
      await scene.call('setU(-1, { ramp: false })');
      expect(countingShare(await scene.call<RolloutSummary[]>('settleRollouts()'), -1)).toBeGreaterThan(0.85);
    }, Math.max(timeout, 120_000));
  });
}
