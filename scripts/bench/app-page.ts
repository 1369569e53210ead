/**
 * The real app page on one path (`/?backend=<path>&fixedStep=1`, the path's default particle
 * count): cold start to first frame, then whole frames (simulate, rollouts, draw, bloom) driven
 * one at a time through `latentflow.step(1)`, which resolves when the GPU has finished the frame.
 */
import type { Browser } from 'playwright-core';
import { openPage } from '../../harness/browser/chromium';
import type { TestServer } from '../../harness/browser/server';
import type { BenchConfig } from './args';
import { Budget, measureWithin } from './budget';
import type { ColdStartResult, FrameSamples, Maybe, PathName, Timing } from './types';

export interface AppPageResult {
  coldStart: Maybe<ColdStartResult>;
  frames: Maybe<{ particles: number; fieldPath: string; frame: Timing; readbackBytesPerFrame: number; issueMs: { sim: number; rollouts: number; draw: number } }>;
}

interface StepSamples extends FrameSamples {
  issue: { sim: number; rollouts: number; draw: number }[];
}

/**
 * Runs in the page (a string, so no bundler helper leaks into it). stats() after frame k reports
 * the read-back bytes of frame k - 1 (ReadbackMeter.beginFrame), so the list covers the run.
 */
const STEP_FRAMES = (k: number) => `(async () => {
  const api = window.latentflow;
  const out = { ms: [], readbackBytes: [], issue: [] };
  for (let i = 0; i < ${k}; i++) {
    const t0 = performance.now();
    await api.step(1);
    out.ms.push(performance.now() - t0);
    const s = api.stats();
    out.readbackBytes.push(s.readbackBytesLastFrame);
    out.issue.push(s.issueMs);
  }
  return out;
})()`;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

export async function appPage(browser: Browser, server: TestServer, path: PathName, config: BenchConfig): Promise<AppPageResult> {
  const url = server.url(`/?backend=${path}&fixedStep=1`);
  const t0 = performance.now();
  const tab = await openPage(browser, url, { viewport: { width: 640, height: 480 } });
  try {
    await tab.page.waitForFunction(
      () => document.documentElement.dataset.ready === '1' || document.documentElement.dataset.error !== undefined,
      undefined,
      { timeout: config.pageTimeoutMs, polling: 20 },
    );
    const wallMs = performance.now() - t0;
    const backend = await tab.page.evaluate(() => document.documentElement.dataset.backend ?? null);
    if (backend !== path) {
      const why = `the app did not start on ${path} (${backend === null ? 'no path started' : `it fell back to ${backend}`}): ${tab.errors.join('; ').slice(0, 300)}`;
      return { coldStart: { skipped: why }, frames: { skipped: why } };
    }
    const call = <T>(expression: string) => tab.page.evaluate(`window.latentflow.${expression}`) as Promise<T>;
    const coldStart: ColdStartResult = {
      wallMs: Math.round(wallMs),
      breakdown: await call<Record<string, number>>('startup()'),
      note: 'vite dev server with its module cache warmed by the bench page; fresh browser context (empty HTTP cache)',
    };
    // Rollouts are issued a few steps per frame while running; settle them first so every timed
    // frame does the same work (the steady state a viewer sees between rollout runs).
    await call('settleRollouts()');
    let issue: StepSamples['issue'] = [];
    const budget = new Budget(config.budgetS.app);
    const measured = await measureWithin(
      `full frame on ${path}`,
      async (k) => {
        const samples = (await tab.page.evaluate(STEP_FRAMES(k))) as StepSamples;
        issue = samples.issue;
        return samples;
      },
      config.plans.app,
      budget,
      null,
    );
    const { particles, field } = await call<{ particles: number; field?: string }>('stats()');
    if ('skipped' in measured.timing || measured.samples === undefined) return { coldStart, frames: 'skipped' in measured.timing ? measured.timing : { skipped: 'no frames timed' } };
    return {
      coldStart,
      frames: {
        particles,
        fieldPath: field ?? 'tfjs',
        frame: measured.timing,
        readbackBytesPerFrame: Math.max(...measured.samples.readbackBytes),
        issueMs: {
          sim: median(issue.map((i) => i.sim)),
          rollouts: median(issue.map((i) => i.rollouts)),
          draw: median(issue.map((i) => i.draw)),
        },
      },
    };
  } finally {
    await tab.close();
  }
}
