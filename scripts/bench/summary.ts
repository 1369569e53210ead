/**
 * A bench result as Markdown tables (what `npm run bench` prints without --json, and what the
 * README's benchmark table is made from: `npm run bench -- --summarise=docs/bench/latest.json`).
 */
import type { BenchResult, Maybe, PathResult, Timing } from './types';

const n0 = (x: number) => Math.round(x).toLocaleString('en-US');

function ms(t: Maybe<Timing> | null): string {
  if (t === null) return 'n/a';
  if ('skipped' in t) return 'skipped';
  const fmt = (x: number) => (x >= 100 ? n0(x) : x.toFixed(1));
  return `${fmt(t.medianMs)} (${fmt(t.p10Ms)}-${fmt(t.p90Ms)}, ${t.frames}${t.reduced ? '*' : ''})`;
}

function value(v: Maybe<{ value: number }> | null, digits = 2): string {
  if (v === null) return 'n/a';
  return 'skipped' in v ? 'skipped' : v.value.toFixed(digits);
}

/** A path's rows of the field table; `fusedColumn`: the table has the WebGPU fused step's column, empty on other paths. */
function pathRows(p: PathResult, fusedColumn: boolean): string[] {
  const rows = p.sizes.map((s) => {
    const steps = 'skipped' in s.fieldParticleStepsPerS ? 'skipped' : n0(s.fieldParticleStepsPerS.value);
    const readback = 'skipped' in s.readbackBytesPerFrame ? 'skipped' : n0(s.readbackBytesPerFrame.max);
    const fused = p.path === 'webgpu' ? ` ${ms(s.fused)} |` : fusedColumn ? ' |' : '';
    return `| ${p.path} | ${n0(s.n)} | ${ms(s.field)} |${fused} ${ms(s.mlp)} | ${value(s.fieldOverMlp)} | ${steps} | ${value(s.fieldGflops)} / ${value(s.mlpGflops)} | ${readback} |`;
  });
  for (const s of p.skippedSizes) rows.push(`| ${p.path} | ${n0(s.n)} | skipped: ${s.reason} |${fusedColumn ? ' |' : ''} | | | | |`);
  return rows;
}

export function summaryLines(r: BenchResult): string[] {
  const m = r.machine;
  const out = [
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.os}; Node ${m.node}, tfjs ${m.tfjs}, Chromium ${m.chromium}. ${m.note}.`,
    `Command: \`${r.command}\` (${r.elapsedS} s, ${r.startedAt}).`,
    '',
    'Field step (ParticleSim.step: f, Euler, respawn check every 4th frame, projection) and the bare MLP forward, ms: median (p10-p90, frames; * = fewer frames than asked, budget):',
    '',
  ];
  const all = Object.values(r.paths).filter((p): p is PathResult => p !== undefined && !('skipped' in p));
  const hasWebGPU = all.some((p) => p.path === 'webgpu');
  out.push(`| path | N | field step |${hasWebGPU ? ' fused (webgpu) |' : ''} bare MLP | field / MLP | particle-steps/s | GFLOP/s field / MLP | bytes read back / frame |`);
  out.push(`|---|---:|---:|${hasWebGPU ? '---:|' : ''}---:|---:|---:|---:|---:|`);
  for (const p of all) out.push(...pathRows(p, hasWebGPU));
  out.push('', '| path | device | default N: full frame, ms | full frame / field step | read back / frame | cold start (wall / first frame), ms | 256 grounded rollout steps, ms | 1M particles |', '|---|---|---:|---:|---:|---:|---:|---|');
  for (const p of all) {
    const f = p.fullFrame;
    const full = 'skipped' in f ? `skipped: ${f.skipped}` : `${n0(f.particles)}: ${ms(f.frame)}`;
    const over = 'skipped' in f ? 'n/a' : value(f.overField);
    const rb = 'skipped' in f ? 'n/a' : n0(f.readbackBytesPerFrame);
    const cold = 'skipped' in p.coldStart ? 'skipped' : `${n0(p.coldStart.wallMs)} / ${n0(p.coldStart.breakdown.firstFrame ?? NaN)}`;
    const roll = 'skipped' in p.rollouts ? `skipped: ${p.rollouts.skipped}` : ms(p.rollouts.step);
    const million = p.million === null ? 'n/a' : 'skipped' in p.million ? `skipped: ${p.million.skipped}` : `${p.million.measured}: ${ms(p.million.measured === 'fused' ? p.million.fused : p.million.field)} ms`;
    out.push(`| ${p.path} | ${p.info.device} | ${full} | ${over} | ${rb} | ${cold} | ${roll} | ${million} |`);
  }
  for (const [name, p] of Object.entries(r.paths)) if (p !== undefined && 'skipped' in p) out.push('', `${name}: skipped: ${p.skipped}`);
  const t = r.node.training;
  out.push('', 'Node training throughput (tfjs wasm, one thread), samples/s:', '');
  if ('skipped' in t) out.push(`skipped: ${t.skipped}`);
  else {
    const sps = (x: Maybe<{ samplesPerSec: number }>) => ('skipped' in x ? 'skipped' : n0(x.samplesPerSec));
    out.push('| workload | project kernels | stock tfjs-wasm |', '|---|---:|---:|');
    out.push(`| conv autoencoder (${t.workloads.autoencoder}) | ${sps(t.ours.autoencoder)} | ${sps(t.stock.autoencoder)} |`);
    out.push(`| dynamics MLP (${t.workloads.dynamics}) | ${sps(t.ours.dynamics)} | ${sps(t.stock.dynamics)} |`);
    out.push('', "The pipeline's trainers (two shards a minibatch), samples/s: one thread, and with the shard helper thread (same weights):", '');
    out.push('| trainer | one thread | with helper | speed-up |', '|---|---:|---:|---:|');
    for (const w of ['autoencoder', 'dynamics'] as const) {
      const x = t.sharded[w];
      out.push('skipped' in x ? `| ${w} | skipped: ${x.skipped} | | |` : `| ${w} (${n0(x.samples)} samples) | ${n0(x.oneThread)} | ${n0(x.helper)} | ${x.speedup} |`);
    }
    const d = t.dadCollect;
    out.push('', 'skipped' in d ? `DaD collection: skipped: ${d.skipped}` : `DaD collection (5 grounded steps each way from ${n0(d.starts)} starts), starts/s: ${n0(d.chunked)} in chunks of ${n0(d.chunk)}, ${n0(d.oneBatch)} as one batch (${d.speedup}x).`);
  }
  return out;
}
