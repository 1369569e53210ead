/**
 * The field step on one path across particle counts, through the bench page: ParticleSim.step,
 * the bare MLP forward and (WebGPU, when present) the fused kernel at each N, as many sizes and
 * frames as the path's budget allows; each size's cost is estimated from the one before.
 */
import type { Page } from 'playwright-core';
import type { BenchConfig } from './args';
import { Budget, measureWithin, type Estimate, type Measured } from './budget';
import { rate, ratio, round } from './stats';
import type { FrameSamples, Maybe, PagePathInfo, PathResult, SizeResult, Timing } from './types';

/** ms per repetition of each measurement at some N, for scaling to the next N. */
interface Basis {
  n: number;
  prepare: number;
  field: number;
  mlp: number;
  fused: number | null;
}

export interface BenchPage {
  page: Page;
  /** Evaluates `window.latentflowBench.<expression>` in the page. */
  call<T>(expression: string): Promise<T>;
}

const log = (message: string) => process.stderr.write(`${message}\n`);

function scaled(basis: Basis | null, key: 'field' | 'mlp' | 'fused', n: number): Estimate | null {
  const ms = basis?.[key];
  if (basis === null || ms === null || ms === undefined) return null;
  return { msPerRep: (ms * n) / basis.n, basis: `scaled linearly in N from ${Math.round(ms)} ms at N=${basis.n}` };
}

function readbackOf(samples: FrameSamples | undefined, timing: Maybe<Timing>): SizeResult['readbackBytesPerFrame'] {
  if (samples === undefined) return { skipped: `no field-step frames were timed (${'skipped' in timing ? timing.skipped : 'unknown'})` };
  return { max: Math.max(...samples.readbackBytes), total: samples.readbackBytes.reduce((a, b) => a + b, 0) };
}

async function measureSize(bench: BenchPage, info: PagePathInfo, config: BenchConfig, n: number, basis: Basis | null, budget: Budget) {
  const plan = config.plans.field;
  const prepared = await bench.call<{ ms: number }>(`prepare(${n})`);
  const withFused = info.fusedUnavailable === null;
  const field = await measureWithin(`field step at N=${n}`, (k) => bench.call(`field(${k})`), plan, budget, scaled(basis, 'field', n), withFused ? 1 / 3 : 1 / 2);
  let fused: Measured | null = null;
  if (withFused) {
    fused = await measureWithin(`fused field step at N=${n}`, (k) => bench.call(`fused(${n}, ${k})`), plan, budget, scaled(basis, 'fused', n), 1 / 2);
  }
  const mlp = await measureWithin(`bare MLP forward at N=${n}`, (k) => bench.call(`mlp(${k})`), plan, budget, scaled(basis, 'mlp', n), 1);
  await bench.call('release()');
  const { fPerRow, fieldPerParticleStep } = info.flops;
  const fusedTiming: Maybe<Timing> | null = fused?.timing ?? (info.path === 'webgpu' ? { skipped: info.fusedUnavailable ?? 'not measured' } : null);
  const result: SizeResult = {
    n,
    field: field.timing,
    mlp: mlp.timing,
    fused: fusedTiming,
    fieldOverMlp: ratio(field.timing, mlp.timing, 'field step / bare MLP'),
    fieldParticleStepsPerS: rate(field.timing, n, 1, 'particle-steps/s'),
    fieldGflops: rate(field.timing, n * fieldPerParticleStep, 1e9, 'field GFLOP/s'),
    mlpGflops: rate(mlp.timing, n * fPerRow, 1e9, 'MLP GFLOP/s'),
    fusedOverField: fusedTiming === null ? null : ratio(fusedTiming, field.timing, 'fused / tfjs field step'),
    fusedGflops: fusedTiming === null ? null : rate(fusedTiming, n * fieldPerParticleStep, 1e9, 'fused GFLOP/s'),
    readbackBytesPerFrame: readbackOf(field.samples, field.timing),
  };
  const next: Basis = {
    n,
    prepare: prepared.ms,
    field: field.msPerRep ?? scaled(basis, 'field', n)?.msPerRep ?? 0,
    mlp: mlp.msPerRep ?? scaled(basis, 'mlp', n)?.msPerRep ?? 0,
    fused: fused?.msPerRep ?? scaled(basis, 'fused', n)?.msPerRep ?? null,
  };
  return { result, basis: next };
}

/** Estimated ms for a whole size (set-up, then warm-up and the fewest frames of each measurement). */
function sizeCost(basis: Basis, n: number, config: BenchConfig): number {
  const { warmup, minFrames } = config.plans.field;
  const perFrame = basis.field + basis.mlp + (basis.fused ?? 0);
  return ((basis.prepare + (warmup + minFrames) * perFrame) * n) / basis.n;
}

export async function fieldSweep(
  bench: BenchPage,
  info: PagePathInfo,
  config: BenchConfig,
): Promise<Pick<PathResult, 'sizes' | 'skippedSizes' | 'million'>> {
  const budget = new Budget(config.budgetS.sweep);
  const counts = [...new Set([info.defaultParticles, ...config.sizes])].sort((a, b) => a - b);
  const sizes: SizeResult[] = [];
  const skippedSizes: { n: number; reason: string }[] = [];
  let basis: Basis | null = null;
  for (const n of counts) {
    if (basis !== null && sizeCost(basis, n, config) > budget.remainingMs()) {
      const reason = `estimated ${(sizeCost(basis, n, config) / 1000).toFixed(1)} s (set-up + ${config.plans.field.warmup} warm-up + ${config.plans.field.minFrames} frames of each measurement, scaled linearly in N from N=${basis.n}), over the ${budget.describe()}`;
      skippedSizes.push({ n, reason });
      log(`  [${info.path}] N=${n}: skipped (${reason})`);
      continue;
    }
    log(`  [${info.path}] N=${n} (${budget.describe()})`);
    const measured = await measureSize(bench, info, config, n, basis, budget);
    sizes.push(measured.result);
    basis = measured.basis;
    const f = measured.result.field;
    log(`  [${info.path}] N=${n}: field ${'skipped' in f ? f.skipped : `${f.medianMs} ms`}`);
  }
  return { sizes, skippedSizes, million: info.path === 'webgpu' ? await millionFrame(bench, info, config, basis, budget) : null };
}

async function millionFrame(bench: BenchPage, info: PagePathInfo, config: BenchConfig, basis: Basis | null, sweepBudget: Budget): Promise<PathResult['million']> {
  const n = config.million;
  const own = config.millionBudgetS !== null;
  const budget = own ? new Budget(config.millionBudgetS!) : sweepBudget;
  // With a budget of its own the frame is a verification at scale: one frame, no warm-up.
  const plan = own ? { frames: 1, warmup: 0, minFrames: 1 } : config.plans.million;
  if (basis === null) return { skipped: `no smaller WebGPU size was measured to estimate N=${n} from` };
  const withFused = info.fusedUnavailable === null;
  const cheapest = withFused && basis.fused !== null ? basis.fused : basis.field;
  const need = ((basis.prepare + (plan.warmup + plan.minFrames) * cheapest) * n) / basis.n;
  if (need > budget.remainingMs()) {
    return {
      skipped: `estimated ${(need / 1000).toFixed(0)} s for set-up + ${plan.warmup} warm-up + ${plan.minFrames} frame at N=${n} (scaled linearly from N=${basis.n}: ${Math.round(basis.field)} ms a tfjs field step${basis.fused === null ? '' : `, ${Math.round(basis.fused)} ms a fused one`}), over the ${budget.describe()}${own ? '' : ' (--million-budget=SECONDS gives it a budget of its own)'}`,
    };
  }
  log(`  [${info.path}] N=${n} (${budget.describe()})`);
  await bench.call(`prepare(${n})`);
  // The fused step first: it is what the app runs on WebGPU, and the tfjs one may not fit after it.
  const fused = withFused
    ? (await measureWithin(`fused field step at N=${n}`, (k) => bench.call(`fused(${n}, ${k})`), plan, budget, scaled(basis, 'fused', n), 1 / 2)).timing
    : null;
  const field = (await measureWithin(`field step at N=${n}`, (k) => bench.call(`field(${k})`), plan, budget, scaled(basis, 'field', n), 1)).timing;
  await bench.call('release()');
  const ran = fused !== null && !('skipped' in fused) ? { timing: fused, measured: 'fused' as const } : !('skipped' in field) ? { timing: field, measured: 'tfjs' as const } : null;
  if (ran === null) return { skipped: `neither step ran at N=${n}: ${'skipped' in field ? field.skipped : ''}${fused !== null && 'skipped' in fused ? `; ${fused.skipped}` : ''}` };
  const seconds = ran.timing.medianMs / 1000;
  return {
    n,
    field,
    fused: fused ?? { skipped: info.fusedUnavailable ?? 'not measured' },
    measured: ran.measured,
    particleStepsPerS: round(n / seconds, 1),
    gflops: round((n * info.flops.fieldPerParticleStep) / seconds / 1e9, 4),
  };
}
