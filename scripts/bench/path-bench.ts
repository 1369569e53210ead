/**
 * Everything measured on one GPU path: the bench page (field sweep, 1M frame, rollouts), then
 * the real app page (cold start, full frame), and the ratios between them.
 */
import type { Browser } from 'playwright-core';
import { openPage } from '../../harness/browser/chromium';
import type { TestServer } from '../../harness/browser/server';
import { appPage, type AppPageResult } from './app-page';
import type { BenchConfig } from './args';
import { Budget, measureWithin } from './budget';
import { fieldSweep, type BenchPage } from './field-sweep';
import { ratio, round } from './stats';
import type { FullFrameResult, Maybe, PagePathInfo, PathName, PathResult, RolloutResult, SizeResult } from './types';

const log = (message: string) => process.stderr.write(`${message}\n`);

/** The bare MLP's GFLOP/s at the smallest N measured: the basis for estimating conv work. */
function measuredGflops(sizes: SizeResult[]): { value: number; n: number } | null {
  for (const s of sizes) if (!('skipped' in s.mlpGflops)) return { value: s.mlpGflops.value, n: s.n };
  return null;
}

async function rollouts(bench: BenchPage, info: PagePathInfo, config: BenchConfig, sizes: SizeResult[]): Promise<Maybe<RolloutResult>> {
  const starts = config.rolloutStarts;
  const plan = config.plans.rollouts;
  const budget = new Budget(config.budgetS.rollouts);
  const gflops = measuredGflops(sizes);
  if (gflops === null) return { skipped: `${starts} grounded rollouts: no bare-MLP throughput was measured on this path to estimate their cost from` };
  const { encoderPerImage, decoderPerImage, fPerRow } = info.flops;
  const msFor = (flop: number) => (flop / (gflops.value * 1e9)) * 1000;
  const stepGuess = msFor(starts * (encoderPerImage + decoderPerImage + fPerRow));
  const need = msFor(starts * encoderPerImage) + (plan.warmup + plan.minFrames) * stepGuess;
  if (need > budget.remainingMs()) {
    return {
      skipped: `${starts} grounded rollouts: estimated ${(need / 1000).toFixed(1)} s for encoding the starts, ${plan.warmup} warm-up + ${plan.minFrames} steps (encoder/decoder/f FLOPs at the ${gflops.value.toFixed(2)} GFLOP/s the MLP reached at N=${gflops.n}), over the ${budget.describe()}`,
    };
  }
  log(`  [${info.path}] ${starts} grounded rollouts (${budget.describe()})`);
  const { ms: encodeStartsMs } = await bench.call<{ ms: number }>(`rolloutStart(${starts})`);
  try {
    // Convs may run far below the MLP's GFLOP/s; a step decodes and encodes once, so the time it
    // took to encode the starts bounds the estimate from below.
    const estimate =
      2 * encodeStartsMs > stepGuess
        ? { msPerRep: 2 * encodeStartsMs, basis: `twice the ${Math.round(encodeStartsMs)} ms it took to encode the ${starts} starts` }
        : { msPerRep: stepGuess, basis: `encoder/decoder/f FLOPs at ${gflops.value.toFixed(2)} GFLOP/s` };
    const step = await measureWithin(`${starts} grounded rollout steps`, (k) => bench.call(`rolloutSteps(${k})`), plan, budget, estimate);
    if ('skipped' in step.timing) return step.timing;
    return { starts, step: step.timing, encodeStartsMs: round(encodeStartsMs), startStepsPerS: round((starts * 1000) / step.timing.medianMs, 1) };
  } finally {
    await bench.call('rolloutStop()');
  }
}

async function benchPage(browser: Browser, server: TestServer, path: PathName, config: BenchConfig) {
  const tab = await openPage(browser, server.url(`/scripts/bench/page/bench.html?path=${path}`));
  try {
    await tab.page.waitForFunction(
      () => document.documentElement.dataset.ready === '1' || document.documentElement.dataset.error !== undefined,
      undefined,
      { timeout: config.pageTimeoutMs },
    );
    const error = await tab.page.evaluate(() => document.documentElement.dataset.error ?? null);
    if (error !== null) throw new Error(`the bench page could not start on ${path}: ${error.split('\n')[0]}`);
    const bench: BenchPage = { page: tab.page, call: (expression) => tab.page.evaluate(`window.latentflowBench.${expression}`) };
    const info = await bench.call<PagePathInfo>('info()');
    log(`  [${path}] ${info.device} (tfjs ${info.tfBackend}${info.software ? ', software' : ''}), default ${info.defaultParticles} particles`);
    const sweep = await fieldSweep(bench, info, config);
    const rolled = await rollouts(bench, info, config, sweep.sizes);
    const pageErrors = tab.errors.filter((e) => !/favicon\.ico/.test(e));
    if (pageErrors.length > 0) log(`  [${path}] bench page errors: ${pageErrors.join(' | ').slice(0, 500)}`);
    return { info, sweep, rollouts: rolled };
  } finally {
    await tab.close();
  }
}

/**
 * The app page's start cannot be cut short, so it is estimated first: the bench page's own
 * start-up (same path, bundle and world) plus the frames at the field step's time.
 */
async function appPageWithinBudget(browser: Browser, server: TestServer, info: PagePathInfo, sizes: SizeResult[], config: BenchConfig): Promise<AppPageResult> {
  const field = sizes.find((s) => s.n === info.defaultParticles)?.field;
  const plan = config.plans.app;
  let why: string | null = null;
  if (field === undefined || 'skipped' in field) {
    why = `the field step at the app's ${info.defaultParticles} particles was not measured, so the page's frames cannot be estimated`;
  } else {
    const need = info.startupMs + (plan.warmup + plan.minFrames) * field.medianMs;
    if (need > config.budgetS.app * 1000) {
      why = `estimated ${(need / 1000).toFixed(1)} s (the bench page's ${(info.startupMs / 1000).toFixed(1)} s start-up + ${plan.warmup + plan.minFrames} frames at the field step's ${Math.round(field.medianMs)} ms), over the ${config.budgetS.app} s budget`;
    }
  }
  if (why !== null) {
    log(`  [${info.path}] app page skipped: ${why}`);
    return { coldStart: { skipped: `app page: ${why}` }, frames: { skipped: `app page: ${why}` } };
  }
  log(`  [${info.path}] app page: cold start and full frames`);
  return appPage(browser, server, info.path, config);
}

export async function benchPath(browser: Browser, server: TestServer, path: PathName, config: BenchConfig): Promise<PathResult> {
  const t0 = performance.now();
  const { info, sweep, rollouts: rolled } = await benchPage(browser, server, path, config);
  const app = await appPageWithinBudget(browser, server, info, sweep.sizes, config);
  let fullFrame: Maybe<FullFrameResult>;
  if ('skipped' in app.frames) fullFrame = app.frames;
  else {
    const particles = app.frames.particles;
    const atCount = sweep.sizes.find((s) => s.n === particles);
    const why = { skipped: `the field step was not measured at the app's ${particles} particles` };
    fullFrame = {
      ...app.frames,
      overField: ratio(app.frames.frame, (app.frames.fieldPath === 'fused' ? atCount?.fused : atCount?.field) ?? why, `full frame / ${app.frames.fieldPath} field step`),
      overMlp: ratio(app.frames.frame, atCount?.mlp ?? why, 'full frame / bare MLP'),
    };
  }
  return {
    path,
    info: { ...info, startupMs: round(info.startupMs) },
    budgetS: config.budgetS,
    ...sweep,
    rollouts: rolled,
    fullFrame,
    coldStart: app.coldStart,
    elapsedS: round((performance.now() - t0) / 1000, 1),
  };
}
