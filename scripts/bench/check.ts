/**
 * Checks a bench result's shape: every field present with its type, measured figures finite and
 * positive, and a non-empty reason wherever one was skipped. Never a timing threshold.
 * Returns the problems found (empty when the result is complete).
 */
import { ALL_PATHS } from './types';

type Json = Record<string, unknown>;

export function checkBenchResult(result: unknown): string[] {
  const problems: string[] = [];
  const fail = (where: string, what: string) => problems.push(`${where}: ${what}`);
  const obj = (v: unknown, where: string): Json | null => {
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) return v as Json;
    fail(where, `expected an object, got ${JSON.stringify(v)?.slice(0, 80)}`);
    return null;
  };
  const str = (v: unknown, where: string) => (typeof v === 'string' && v.length > 0) || fail(where, 'expected a non-empty string');
  const positive = (v: unknown, where: string) => (typeof v === 'number' && Number.isFinite(v) && v > 0) || fail(where, `expected a finite positive number, got ${String(v)}`);
  const nonNegative = (v: unknown, where: string) => (typeof v === 'number' && Number.isFinite(v) && v >= 0) || fail(where, `expected a finite number >= 0, got ${String(v)}`);
  /** Either a skip with its reason or a measured value checked by `check`. */
  const maybe = (v: unknown, where: string, check: (o: Json, where: string) => void) => {
    const o = obj(v, where);
    if (o === null) return;
    if ('skipped' in o) str(o.skipped, `${where}.skipped`);
    else check(o, where);
  };
  const value = (o: Json, where: string) => positive(o.value, `${where}.value`);
  const timing = (o: Json, where: string) => {
    positive(o.frames, `${where}.frames`);
    nonNegative(o.warmup, `${where}.warmup`);
    for (const k of ['medianMs', 'p10Ms', 'p90Ms', 'minMs', 'maxMs']) positive(o[k], `${where}.${k}`);
    const [min, p10, med, p90, max] = ['minMs', 'p10Ms', 'medianMs', 'p90Ms', 'maxMs'].map((k) => o[k] as number);
    if (!(min! <= p10! && p10! <= med! && med! <= p90! && p90! <= max!)) fail(where, 'quantiles out of order');
    if ('reduced' in o) str(o.reduced, `${where}.reduced`);
  };

  const r = obj(result, 'result');
  if (r === null) return problems;
  if (r.schema !== 'latentflow-bench/1') fail('schema', `unexpected ${String(r.schema)}`);
  if (typeof r.quick !== 'boolean') fail('quick', 'expected a boolean');
  str(r.command, 'command');
  str(r.startedAt, 'startedAt');
  positive(r.elapsedS, 'elapsedS');
  const m = obj(r.machine, 'machine');
  if (m !== null) {
    for (const k of ['cpu', 'os', 'node', 'tfjs', 'chromium', 'note']) str(m[k], `machine.${k}`);
    positive(m.cores, 'machine.cores');
    positive(m.memoryGiB, 'machine.memoryGiB');
  }
  const sizes = Array.isArray(r.sizes) ? (r.sizes as unknown[]) : (fail('sizes', 'expected an array'), []);

  const training = obj(r.node, 'node');
  maybe(training?.training, 'node.training', (t, where) => {
    const workloads = obj(t.workloads, `${where}.workloads`);
    str(workloads?.autoencoder, `${where}.workloads.autoencoder`);
    str(workloads?.dynamics, `${where}.workloads.dynamics`);
    for (const kind of ['ours', 'stock']) {
      const k = obj(t[kind], `${where}.${kind}`);
      for (const w of ['autoencoder', 'dynamics']) {
        maybe(k?.[w], `${where}.${kind}.${w}`, (o, at) => {
          for (const f of ['samplesPerSec', 'msPerStep', 'steps', 'batch']) positive(o[f], `${at}.${f}`);
          if (o.tensorDelta !== 0) fail(`${at}.tensorDelta`, `tensors leaked per step: ${String(o.tensorDelta)}`);
        });
      }
    }
  });

  maybe(training?.training, 'node.training', (t, where) => {
    const s = obj(t.sharded, `${where}.sharded`);
    for (const w of ['autoencoder', 'dynamics']) {
      maybe(s?.[w], `${where}.sharded.${w}`, (o, at) => {
        for (const f of ['samples', 'oneThread', 'helper', 'speedup']) positive(o[f], `${at}.${f}`);
      });
    }
    maybe(t.dadCollect, `${where}.dadCollect`, (o, at) => {
      for (const f of ['starts', 'chunk', 'chunked', 'oneBatch', 'speedup']) positive(o[f], `${at}.${f}`);
    });
  });

  const paths = obj(r.paths, 'paths') ?? {};
  const notRun = Array.isArray(r.notRun) ? (r.notRun as string[]) : (fail('notRun', 'expected an array'), []);
  for (const name of ALL_PATHS) {
    if (notRun.includes(name)) continue;
    maybe(paths[name], `paths.${name}`, (p, where) => checkPath(p, where, name, sizes));
  }

  function checkPath(p: Json, where: string, name: string, wanted: unknown[]): void {
    const info = obj(p.info, `${where}.info`);
    if (info !== null) {
      str(info.device, `${where}.info.device`);
      for (const k of ['maxBindingBytes', 'defaultParticles', 'simChunkRows', 'mlpChunkRows', 'startupMs']) positive(info[k], `${where}.info.${k}`);
      const flops = obj(info.flops, `${where}.info.flops`);
      for (const k of ['fPerRow', 'projectorPerRow', 'fieldPerParticleStep', 'manifoldCheckPerParticleStep', 'encoderPerImage', 'decoderPerImage']) positive(flops?.[k], `${where}.info.flops.${k}`);
      if (info.fusedUnavailable !== null) str(info.fusedUnavailable, `${where}.info.fusedUnavailable`);
    }
    const measured = Array.isArray(p.sizes) ? (p.sizes as Json[]) : (fail(`${where}.sizes`, 'expected an array'), []);
    const skipped = Array.isArray(p.skippedSizes) ? (p.skippedSizes as Json[]) : (fail(`${where}.skippedSizes`, 'expected an array'), []);
    for (const n of wanted) if (!measured.some((s) => s.n === n) && !skipped.some((s) => s.n === n)) fail(where, `N=${String(n)} neither measured nor skipped with a reason`);
    if (info !== null && !measured.some((s) => s.n === info.defaultParticles)) fail(where, `the default count ${String(info.defaultParticles)} was not measured`);
    skipped.forEach((s, i) => {
      positive(s.n, `${where}.skippedSizes[${i}].n`);
      str(s.reason, `${where}.skippedSizes[${i}].reason`);
    });
    measured.forEach((s, i) => {
      const at = `${where}.sizes[${i}]`;
      positive(s.n, `${at}.n`);
      maybe(s.field, `${at}.field`, timing);
      maybe(s.mlp, `${at}.mlp`, timing);
      for (const k of ['fieldOverMlp', 'fieldParticleStepsPerS', 'fieldGflops', 'mlpGflops']) maybe(s[k], `${at}.${k}`, value);
      for (const k of ['fused', 'fusedOverField', 'fusedGflops']) {
        if (name !== 'webgpu') (s[k] === null) || fail(`${at}.${k}`, 'expected null off WebGPU');
        else maybe(s[k], `${at}.${k}`, k === 'fused' ? timing : value);
      }
      maybe(s.readbackBytesPerFrame, `${at}.readbackBytesPerFrame`, (o, w) => {
        nonNegative(o.max, `${w}.max`);
        nonNegative(o.total, `${w}.total`);
      });
    });
    if (name !== 'webgpu') (p.million === null) || fail(`${where}.million`, 'expected null off WebGPU');
    else {
      maybe(p.million, `${where}.million`, (o, w) => {
        positive(o.n, `${w}.n`);
        maybe(o.field, `${w}.field`, timing);
        ['fused', 'tfjs'].includes(o.measured as string) || fail(`${w}.measured`, "expected 'fused' or 'tfjs'");
        positive(o.particleStepsPerS, `${w}.particleStepsPerS`);
        positive(o.gflops, `${w}.gflops`);
        maybe(o.fused, `${w}.fused`, timing);
      });
    }
    maybe(p.rollouts, `${where}.rollouts`, (o, w) => {
      for (const k of ['starts', 'encodeStartsMs', 'startStepsPerS']) positive(o[k], `${w}.${k}`);
      maybe(o.step, `${w}.step`, timing);
    });
    maybe(p.fullFrame, `${where}.fullFrame`, (o, w) => {
      positive(o.particles, `${w}.particles`);
      str(o.fieldPath, `${w}.fieldPath`);
      maybe(o.frame, `${w}.frame`, timing);
      maybe(o.overField, `${w}.overField`, value);
      maybe(o.overMlp, `${w}.overMlp`, value);
      nonNegative(o.readbackBytesPerFrame, `${w}.readbackBytesPerFrame`);
      const issue = obj(o.issueMs, `${w}.issueMs`);
      for (const k of ['sim', 'rollouts', 'draw']) nonNegative(issue?.[k], `${w}.issueMs.${k}`);
    });
    maybe(p.coldStart, `${where}.coldStart`, (o, w) => {
      positive(o.wallMs, `${w}.wallMs`);
      str(o.note, `${w}.note`);
      const b = obj(o.breakdown, `${w}.breakdown`);
      for (const k of ['gpu', 'models', 'world', 'firstFrame']) positive(b?.[k], `${w}.breakdown.${k}`);
    });
    positive(p.elapsedS, `${where}.elapsedS`);
  }
  return problems;
}
