/**
 * The GPU plumbing end to end, in headless Chromium on SwiftShader: tfjs and three.js share one
 * WebGPU device (or one WebGL2 context), tfjs computes particle positions every frame, and three
 * draws exactly those values without any GPU -> CPU transfer.
 *
 * Fixture: tests/browser/fixtures/gpu-bridge.html (+ .ts). Software WebGPU is slow, so N is small.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium, openPage, type CollectedPage } from '../../harness/browser/chromium';
import { startServer, type TestServer } from '../../harness/browser/server';
import { decodePng, isBlank, isUniform, pixelAt, pixelStats, colourDistance } from '../../harness/browser/pixels';

const N = 2048;
const K = 5;
const LEAK_FRAMES = 100;
const BACKGROUND = [0x10, 0x18, 0x20];
const CANVAS = 256;

interface Stats {
  frame: number;
  pushes: number;
  bytesCopied: number;
  readbackBytes: number;
  uploadBytes: number;
  observedGpuToCpuBytes: number;
  tensors: number;
  tfBackend: string;
  errors: string[];
  lost: { path: string; reason: string; message: string } | null;
}

let server: TestServer | undefined;
let browser: Browser | undefined;

beforeAll(async () => {
  server = await startServer();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

function maxAbsDiff(a: number[], b: number[]): number {
  expect(a.length).toBe(b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}

/** The fixture's spiral (gpu-bridge.ts `spiral`) in plain JS. */
function spiralReference(frame: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < N; i++) {
    const u = i / N;
    const angle = u * 6 * Math.PI + frame * 0.05;
    const radius = u * 0.8 + 0.1;
    out.push(radius * Math.cos(angle), radius * Math.sin(angle), 0, u);
  }
  return out;
}

describe.each(['webgpu', 'webgl'] as const)('%s: tfjs -> three.js on one GPU', (backend) => {
  let tab: CollectedPage;
  const call = <T>(expression: string): Promise<T> => tab.page.evaluate(`window.bridgeTest.${expression}`) as Promise<T>;
  const stats = () => call<Stats>('stats()');

  beforeAll(async () => {
    tab = await openPage(browser!, server!.url(`/tests/browser/fixtures/gpu-bridge.html?backend=${backend}&n=${N}`));
    await tab.page
      .waitForFunction(() => document.documentElement.dataset.ready === '1' || document.documentElement.dataset.error !== undefined, undefined, {
        timeout: 120_000,
      })
      .catch((e: Error) => {
        // Say what the page said: a timeout alone tells nothing about why it never started.
        throw new Error(`${e.message}\npage errors:\n${tab.errors.join('\n') || '(none)'}`);
      });
  });

  afterAll(async () => {
    await tab?.close();
  });

  it('gets ready with tfjs running on the shared device', async () => {
    const error = await tab.page.evaluate(() => document.documentElement.dataset.error);
    expect(error, tab.errors.join('\n')).toBeUndefined();
    const s = await stats();
    expect(s.tfBackend).toBe(backend);
    expect(s.frame).toBe(1);
    console.log(`[gpu-bridge ${backend}] ${JSON.stringify(await tab.page.evaluate('JSON.stringify(window.bridgeTest.extra)'))}`);
  });

  it(`draws exactly the tfjs tensor values after ${K} frames`, async () => {
    await call(`frames(${K})`);
    const fromThree = await call<number[]>('positionsFromThree()');
    const fromTfjs = await call<number[]>('positionsFromTfjs()');
    expect(fromTfjs).toHaveLength(N * 4);
    expect(maxAbsDiff(fromThree, fromTfjs)).toBeLessThan(1e-5);
    // the spiral really is there (not two arrays of zeros agreeing)
    expect(Math.hypot(fromTfjs[(N - 1) * 4]!, fromTfjs[(N - 1) * 4 + 1]!)).toBeCloseTo(0.9, 2);
  });

  it("computes what a CPU reference computes (three's GPU state does not leak into tfjs)", async () => {
    await call('frame()');
    const { frame } = await stats();
    // GPU sin/cos of float32 angles up to ~20 rad differ from float64 by ~2e-4; a state leak gives ~1.
    expect(maxAbsDiff(await call<number[]>('positionsFromTfjs()'), spiralReference(frame))).toBeLessThan(1e-3);
  });

  it('advances frames: the positions move between frames', async () => {
    const before = await call<number[]>('positionsFromThree()');
    const frameBefore = (await stats()).frame;
    await call('frame()');
    const after = await call<number[]>('positionsFromThree()');
    expect((await stats()).frame).toBe(frameBefore + 1);
    expect(maxAbsDiff(before, after)).toBeGreaterThan(1e-3);
    expect(maxAbsDiff(after, await call<number[]>('positionsFromTfjs()'))).toBeLessThan(1e-5);
  });

  it('shows the particles where tfjs put them', async () => {
    await call('frame()');
    const positions = await call<number[]>('positionsFromTfjs()');
    const shot = decodePng(await tab.page.locator('#scene').screenshot());
    expect([shot.width, shot.height]).toEqual([CANVAS, CANVAS]);
    const summary = JSON.stringify(pixelStats(shot));
    expect(isBlank(shot), summary).toBe(false);
    expect(isUniform(shot, { tolerance: 3, maxNonModalFraction: 0.01 }), summary).toBe(false);
    expect(colourDistance(pixelStats(shot).modal, BACKGROUND), summary).toBeLessThanOrEqual(2);
    // Camera shows [-1, 1]^2 with +y up; particle centres must not be background.
    for (const i of [0, 100, N / 2, N - 1]) {
      const px = Math.floor(((positions[i * 4]! + 1) / 2) * CANVAS);
      const py = Math.floor(((1 - positions[i * 4 + 1]!) / 2) * CANVAS);
      expect(colourDistance(pixelAt(shot, px, py), BACKGROUND), `particle ${i} at (${px}, ${py})`).toBeGreaterThan(20);
    }
  });

  it('moves no bytes from GPU to CPU per frame', async () => {
    const before = await stats();
    await call('frames(20)');
    const after = await stats();
    expect(after.readbackBytes).toBe(0);
    expect(after.observedGpuToCpuBytes - before.observedGpuToCpuBytes).toBe(0);
    expect(after.uploadBytes).toBe(0);
    expect(after.pushes - before.pushes).toBe(20);
  });

  it(`keeps tf.memory().numTensors flat over ${LEAK_FRAMES} frames`, async () => {
    await call('frame()');
    const counts: number[] = [];
    for (let i = 0; i < LEAK_FRAMES; i += 10) {
      await call('frames(10)');
      counts.push((await stats()).tensors);
    }
    await call('gpuDone()'); // do not leave a backlog of software-GPU frames to the next test
    expect(new Set(counts).size, counts.join(',')).toBe(1);
    expect(counts[0]).toBeLessThanOrEqual(2); // the current positions (+ the texture held for WebGL)
  });

  it('uploads a CPU-resident tensor instead of failing, and draws it', async () => {
    const before = await stats();
    await call('pushFromCpu()');
    const after = await stats();
    expect(after.uploadBytes - before.uploadBytes).toBe(N * 16);
    expect(maxAbsDiff(await call<number[]>('positionsFromThree()'), await call<number[]>('positionsFromTfjs()'))).toBeLessThan(1e-5);
    await call('frame()');
    expect(maxAbsDiff(await call<number[]>('positionsFromThree()'), await call<number[]>('positionsFromTfjs()'))).toBeLessThan(1e-5);
  });

  it('refuses a second stack while the first owns the tfjs backend, and the first keeps working', async () => {
    // A string, not a function: vitest would rewrite a function's import() for Node. The module
    // comes through vite, so it shares the page's tfjs instance.
    const message = await tab.page.evaluate(`(async () => {
      const { createGpuStack } = await import('/src/engine/gpu-stack.ts');
      try {
        await createGpuStack('${backend}', document.createElement('canvas'));
        return 'created';
      } catch (e) {
        return e.message;
      }
    })()`);
    expect(message).toMatch(/already initialised/);
    await call('frame()');
    expect(maxAbsDiff(await call<number[]>('positionsFromThree()'), await call<number[]>('positionsFromTfjs()'))).toBeLessThan(1e-5);
  });

  it('reports per-frame cost', async () => {
    const bench = await tab.page.evaluate('window.bridgeTest.bench(20)');
    console.log(`[gpu-bridge ${backend}] N=${N} median per frame: ${JSON.stringify(bench)}`);
    expect(bench).toBeDefined();
  });

  it('logs no console or page errors', async () => {
    expect((await stats()).errors).toEqual([]);
    expect(tab.errors).toEqual([]);
  });

  // Last: it kills the context. (WebGPU has no way to simulate a loss; destroy() is deliberate.)
  it.runIf(backend === 'webgl')('tells the app when the context is lost', async () => {
    expect((await stats()).lost).toBeNull();
    await tab.page.evaluate(() => {
      const canvas = document.getElementById('scene') as HTMLCanvasElement;
      canvas.getContext('webgl2')!.getExtension('WEBGL_lose_context')!.loseContext();
    });
    await tab.page.waitForFunction('window.bridgeTest.stats().lost !== null', undefined, { timeout: 10_000 });
    const after = await stats();
    expect(after.lost).toEqual({ path: 'webgl', reason: 'context-lost', message: 'WebGL2 context lost' });
    expect(after.errors).toEqual(['WebGL2 context lost']);
  });
});

describe('webgpu extras', () => {
  let tab: CollectedPage;

  beforeAll(async () => {
    tab = await openPage(browser!, server!.url(`/tests/browser/fixtures/gpu-bridge.html?backend=webgpu&n=${N}`));
    await tab.page.waitForFunction(() => document.documentElement.dataset.ready === '1', undefined, { timeout: 120_000 });
  });

  afterAll(async () => {
    await tab?.close();
  });

  it("lets tfjs read three's buffer with zero copies, without tfjs freeing it", async () => {
    await tab.page.evaluate('window.bridgeTest.frames(3)');
    expect(await tab.page.evaluate('window.bridgeTest.extra.aliasMaxAbsDiff()')).toBe(0);
    const tensors = ((await tab.page.evaluate('window.bridgeTest.stats()')) as Stats).tensors;
    await tab.page.evaluate('window.bridgeTest.frames(3)');
    expect(await tab.page.evaluate('window.bridgeTest.extra.aliasMaxAbsDiff()')).toBe(0);
    expect(((await tab.page.evaluate('window.bridgeTest.stats()')) as Stats).tensors).toBe(tensors);
    expect(tab.errors).toEqual([]);
  });

  it('measures the ways of getting a tensor into three\'s buffer', async () => {
    const bench = await openPage(browser!, server!.url('/tests/browser/fixtures/gpu-copy-bench.html'));
    try {
      await bench.page.waitForFunction(() => document.documentElement.dataset.ready === '1', undefined, { timeout: 120_000 });
      const result = await bench.page.evaluate('window.copyBench.run([2048, 65536, 262144], 15)');
      console.log(`[gpu-bridge webgpu] median ms per transfer, GPU work included: ${JSON.stringify(result)}`);
      expect(bench.errors).toEqual([]);
    } finally {
      await bench.close();
    }
  });
});
