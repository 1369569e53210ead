/**
 * `npm run bench -- [--json] [--quick] [--paths=webgpu,webgl,wasm] [--sweep-budget=SECONDS] [--million-budget=SECONDS] [--out=FILE]`
 * -> the run's settings (USAGE, which `--help` prints, says what each does). Budgets are per path, in seconds of wall time.
 */
import { parseArgs } from 'node:util';
import type { RepeatPlan } from './budget';
import { ALL_PATHS, type PathName } from './types';

export interface BenchConfig {
  json: boolean;
  quick: boolean;
  out: string | null;
  /** Print the Markdown summary of a saved result and measure nothing. */
  summarise: string | null;
  paths: PathName[];
  /** N for the field step sweep (each path adds its own default count). */
  sizes: number[];
  /** One frame at this many particles on WebGPU, if the budget allows. */
  million: number;
  /**
   * Seconds for the 1M frame on its own (--million-budget), with no warm-up frame: a software
   * adapter needs ~10 minutes for one fused frame. null: whatever the sweep budget has left.
   */
  millionBudgetS: number | null;
  budgetS: { sweep: number; rollouts: number; app: number };
  plans: { field: RepeatPlan; million: RepeatPlan; rollouts: RepeatPlan; app: RepeatPlan };
  rolloutStarts: number;
  training: { budgetMs: number; stock: boolean };
  /** How long a page may take to start before the path is reported as failed. */
  pageTimeoutMs: number;
}

export const USAGE = `usage: npm run bench -- [--json] [--quick] [--paths=webgpu,webgl,wasm] [--sweep-budget=SECONDS] [--million-budget=SECONDS] [--out=FILE] | --summarise=FILE
  --json            one JSON object on stdout (default: a short summary)
  --quick           the smallest particle counts and short budgets (default: the full sweep)
  --paths           the GPU paths to measure, comma-separated (default ${ALL_PATHS.join(',')})
  --sweep-budget    seconds of wall time per path for the field step sweep (default 100; 6 with --quick)
  --million-budget  seconds for the 1M-particle frame on its own, no warm-up frame (default: what the sweep left)
  --out             also write the result, indented, to FILE
  --summarise       print the Markdown tables of the saved result FILE; measures nothing
  -h, --help        this text; measures nothing`;

export function parseBenchArgs(argv: string[]): BenchConfig {
  const { values } = parseArgs({
    args: argv,
    options: {
      json: { type: 'boolean', default: false },
      quick: { type: 'boolean', default: false },
      paths: { type: 'string' },
      'sweep-budget': { type: 'string' },
      'million-budget': { type: 'string' },
      out: { type: 'string' },
      summarise: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) throw new Error(USAGE);
  const paths = values.paths === undefined ? [...ALL_PATHS] : values.paths.split(',').map((p) => p.trim()).filter((p) => p !== '');
  for (const p of paths) if (!(ALL_PATHS as readonly string[]).includes(p)) throw new Error(`unknown path '${p}' in --paths (expected ${ALL_PATHS.join(', ')})\n${USAGE}`);
  const quick = values.quick;
  const sweep = values['sweep-budget'] === undefined ? (quick ? 6 : 100) : Number(values['sweep-budget']);
  if (!Number.isFinite(sweep) || sweep <= 0) throw new Error(`--sweep-budget must be a positive number of seconds\n${USAGE}`);
  const millionBudget = values['million-budget'] === undefined ? null : Number(values['million-budget']);
  if (millionBudget !== null && (!Number.isFinite(millionBudget) || millionBudget <= 0)) throw new Error(`--million-budget must be a positive number of seconds\n${USAGE}`);
  return {
    json: values.json,
    quick,
    out: values.out ?? null,
    summarise: values.summarise ?? null,
    paths: paths as PathName[],
    // --quick: only the smallest N, each path's default particle count.
    sizes: quick ? [] : [4096, 16384, 65536, 262144],
    million: 1_000_000,
    millionBudgetS: millionBudget,
    budgetS: quick ? { sweep, rollouts: 4, app: 10 } : { sweep, rollouts: 25, app: 90 },
    plans: quick
      ? {
          field: { frames: 3, warmup: 1, minFrames: 2 },
          million: { frames: 1, warmup: 1, minFrames: 1 },
          rollouts: { frames: 3, warmup: 1, minFrames: 1 },
          app: { frames: 3, warmup: 1, minFrames: 2 },
        }
      : {
          // Four warm-up frames: the fourth is the first respawn-check frame, with shaders of its own.
          field: { frames: 20, warmup: 4, minFrames: 5 },
          million: { frames: 3, warmup: 1, minFrames: 1 },
          rollouts: { frames: 10, warmup: 1, minFrames: 3 },
          app: { frames: 20, warmup: 4, minFrames: 5 },
        },
    rolloutStarts: 256,
    training: quick ? { budgetMs: 300, stock: false } : { budgetMs: 4000, stock: true },
    pageTimeoutMs: 240_000,
  };
}
