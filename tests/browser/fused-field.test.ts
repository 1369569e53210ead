/**
 * The fused WGSL field kernel (src/engine/backends/webgpu/fused-field.ts) against the tfjs reference on the shipped
 * dynamics and projector weights, in headless Chromium (software WebGPU here: a few thousand
 * particles at most), plus the 1M-particle dispatch plan validated on the device and the fused
 * particle sim's frame contract (no readback, flat tensor count, respawn marks, NaN guard).
 *
 * Fixture: tests/browser/fixtures/fused-field.html (+ .ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium, openPage, type CollectedPage } from '../../harness/browser/chromium';
import { startServer, type TestServer } from '../../harness/browser/server';

interface Equivalence {
  n: number;
  tile: number;
  segments: number;
  grids: [number, number][];
  validationError: string | null;
  maxZ: number;
  maxPosition: number;
  maxW: number;
  maxMeta: number;
  freshRows: number;
  speedShares: number;
  zMoved: number;
}

const TOLERANCE = 1e-4;

let server: TestServer | undefined;
let browser: Browser | undefined;
let tab: CollectedPage;
const call = <T>(expression: string): Promise<T> => tab.page.evaluate(`window.fusedTest.${expression}`) as Promise<T>;

beforeAll(async () => {
  server = await startServer();
  browser = await launchChromium();
  tab = await openPage(browser, server.url('/tests/browser/fixtures/fused-field.html'));
  await tab.page.waitForFunction(
    () => document.documentElement.dataset.ready === '1' || document.documentElement.dataset.error !== undefined,
    undefined,
    { timeout: 120_000 },
  );
  const error = await tab.page.evaluate(() => document.documentElement.dataset.error);
  if (error !== undefined) throw new Error(`fixture failed: ${error}\n${tab.errors.join('\n')}`);
});

afterAll(async () => {
  await tab?.close();
  await browser?.close();
  await server?.close();
});

function expectEquivalent(r: Equivalence): void {
  expect(r.validationError).toBeNull();
  expect(r.maxZ).toBeLessThanOrEqual(TOLERANCE);
  expect(r.maxPosition).toBeLessThanOrEqual(TOLERANCE);
  expect(r.maxW).toBeLessThanOrEqual(TOLERANCE);
  expect(r.maxMeta).toBe(0);
  // The comparison is not between two arrays of zeros: the step moved z, and w holds both kinds.
  expect(r.zMoved).toBeGreaterThan(0.01);
  expect(r.freshRows).toBe(Math.ceil((r.n - 3) / 7));
  expect(r.speedShares).toBeGreaterThan(r.n / 2);
}

describe('fused field kernel vs tfjs on the shipped weights', () => {
  it('matches at 1,001 particles (not a multiple of the tile) with the device default tile', async () => {
    const r = await call<Equivalence>('equivalence(1001, 1, 0.05)');
    console.log(`[fused-field] ${JSON.stringify(r)}`);
    expectEquivalent(r);
  });

  it('matches with a tile of 12 (ragged quads in the 128-unit layers) and u = -0.7', async () => {
    const r = await call<Equivalence>('equivalence(1030, -0.7, 0.1, { tile: 12 })');
    expect(r.tile).toBe(12);
    expectEquivalent(r);
  });

  it('matches when tight limits force many segments and 2D workgroup grids', async () => {
    const r = await call<Equivalence>('equivalence(1001, 0.3, 0.05, { tile: 8, limits: { maxComputeWorkgroupsPerDimension: 7, maxStorageBufferBindingSize: 65536 } })');
    expect(r.segments).toBeGreaterThan(1);
    expect(r.grids.some(([, y]) => y > 1)).toBe(true);
    expect(r.grids.every(([x, y]) => x <= 7 && y <= 7)).toBe(true);
    expectEquivalent(r);
  });
});

describe('1,000,000 particles', () => {
  it('encodes a 1M step within the device limits (validated, not run: ~10 min on software WebGPU)', async () => {
    const r = await call<{
      segments: { rows: number; workgroups: [number, number] }[];
      validationError: string | null;
      oomError: string | null;
      limits: { maxStorageBufferBindingSize: number; maxComputeWorkgroupsPerDimension: number };
      workgroupBytes: number;
      maxWorkgroupBytes: number;
    }>('million(false, [])');
    console.log(`[fused-field] 1M plan: ${JSON.stringify(r)}`);
    expect(r.validationError).toBeNull();
    expect(r.oomError).toBeNull();
    expect(r.segments.reduce((sum, s) => sum + s.rows, 0)).toBe(1_000_000);
    for (const s of r.segments) {
      expect(s.rows * 64 * 4).toBeLessThanOrEqual(r.limits.maxStorageBufferBindingSize);
      expect(Math.max(...s.workgroups)).toBeLessThanOrEqual(r.limits.maxComputeWorkgroupsPerDimension);
    }
    expect(r.workgroupBytes).toBeLessThanOrEqual(r.maxWorkgroupBytes);
  });
});

describe('fused particle sim', () => {
  it('steps with no readback and a flat tensor count, marks respawns with w = -1 and catches NaN', async () => {
    const r = await call<{
      tensors: number[];
      readback: number[];
      steadyWRange: [number, number];
      steadyFresh: number;
      poisonedW: number[];
      allFinite: boolean;
      nextFresh: number;
      counters: { respawned: number; nonFinite: number };
      stateFinite: boolean;
      maxAge: number;
    }>('sim(1000, 13)');
    console.log(`[fused-field] sim: ${JSON.stringify(r)}`);
    expect(r.readback.every((b) => b === 0)).toBe(true);
    expect(new Set(r.tensors).size).toBe(1);
    expect(r.steadyFresh).toBe(0);
    expect(r.steadyWRange[0]).toBeGreaterThanOrEqual(0);
    expect(r.steadyWRange[1]).toBeLessThan(10);
    expect(r.poisonedW).toEqual([-1, -1, -1, -1, -1]);
    expect(r.allFinite).toBe(true);
    expect(r.stateFinite).toBe(true);
    expect(r.nextFresh).toBe(0);
    expect(r.counters.nonFinite).toBe(5);
    expect(r.counters.respawned).toBeGreaterThanOrEqual(5);
    // maxAge 30 with a check every 4 frames: no particle outlives it by more than the check gap.
    expect(r.maxAge).toBeLessThanOrEqual(30 + 4);
  });

  it('logs no console or page errors', () => {
    expect(tab.errors).toEqual([]);
  });
});
