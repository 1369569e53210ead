/**
 * `npm run record` flags -> a checked request. Pure: no files, no browser, so every rejection is
 * unit-tested and says what to type instead.
 */
import { parseArgs } from 'node:util';
import { LIMITS, PATH_NAMES, type PathName } from '../src/spec/spec';
import {
  frameCount,
  parseFormat,
  parseFps,
  parseSize,
  RecordOptionError,
  type FrameSize,
  type RecordFormat,
  type RecordFps,
} from '../src/page/record/record-options';

export const RECORD_USAGE = `usage: npm run record -- [--preset NAME] [--seconds S] [--fps 30|60] [--size WxH]
                         [--out FILE] [--format mp4|webm] [--backend webgpu|webgl|wasm] [--particles N]
                         [--no-overlays]

  --preset     a preset in assets/presets (NAME.json); none: the default view
  --seconds    clip length (default: the preset's duration, else 10)
  --fps        30 or 60 (default 60)
  --size       WIDTHxHEIGHT, even sides, at most 3840x2160 (default 1920x1080)
  --out        output file (default: <preset or latentflow>.<format>)
  --format     mp4 (H.264, else VP9, else AV1) or webm (VP9, else AV1, else VP8);
               default: from --out's extension, else mp4
  --backend    force a GPU path (default: the page's choice, wasm where the GPU is software)
  --particles  particle count (default: the path's default)
  --no-overlays  the bare scene: no digit labels at the cluster centres, no rollout strip,
               no caption burned into the frames`;

export interface RecordRequestArgs {
  preset: string | null;
  /** null: ask the page for the preset's duration. */
  seconds: number | null;
  fps: RecordFps;
  size: FrameSize;
  format: RecordFormat;
  out: string;
  backend: PathName | null;
  particles: number | null;
  /** Burn the labels, the rollout strip and the caption into the frames (--no-overlays: false). */
  overlays: boolean;
  help: boolean;
}

const PRESET_NAME = /^[a-z0-9][a-z0-9-]{0,63}$/;

function positiveNumber(flag: string, text: string): number {
  const x = Number(text);
  if (text.trim() === '' || !Number.isFinite(x) || x <= 0) throw new RecordOptionError(`--${flag} ${JSON.stringify(text)} is not a positive number`);
  return x;
}

function extensionFormat(out: string): RecordFormat | null {
  const match = /\.([a-z0-9]+)$/i.exec(out);
  if (match === null) return null;
  const ext = match[1]!.toLowerCase();
  if (ext === 'mp4' || ext === 'webm') return ext;
  throw new RecordOptionError(`--out ${out}: the file name must end in .mp4 or .webm`);
}

export function parseRecordArgs(argv: readonly string[]): RecordRequestArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        preset: { type: 'string' },
        seconds: { type: 'string' },
        fps: { type: 'string' },
        size: { type: 'string' },
        out: { type: 'string' },
        format: { type: 'string' },
        backend: { type: 'string' },
        particles: { type: 'string' },
        // node:util's parseArgs has no negated booleans before Node 22.4 (we support 20.19).
        'no-overlays': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    throw new RecordOptionError(e instanceof Error ? e.message : String(e));
  }
  const v = parsed.values;
  const preset = v.preset ?? null;
  if (preset !== null && !PRESET_NAME.test(preset)) {
    throw new RecordOptionError(`--preset ${JSON.stringify(preset)} is not a preset name (lower-case letters, digits and dashes, like counting-loop)`);
  }
  const fps = parseFps(v.fps ?? '60');
  const seconds = v.seconds === undefined ? null : positiveNumber('seconds', v.seconds);
  if (seconds !== null) frameCount(seconds, fps);
  const size = parseSize(v.size ?? '1920x1080');
  const fromOut = v.out === undefined ? null : extensionFormat(v.out);
  const format = v.format === undefined ? (fromOut ?? 'mp4') : parseFormat(v.format);
  if (fromOut !== null && fromOut !== format) throw new RecordOptionError(`--out ${v.out} does not match --format ${format}`);
  const out = v.out ?? `${preset ?? 'latentflow'}.${format}`;
  let backend: PathName | null = null;
  if (v.backend !== undefined) {
    if (!(PATH_NAMES as readonly string[]).includes(v.backend)) throw new RecordOptionError(`--backend ${JSON.stringify(v.backend)} is not one of ${PATH_NAMES.join(', ')}`);
    backend = v.backend as PathName;
  }
  let particles: number | null = null;
  if (v.particles !== undefined) {
    particles = positiveNumber('particles', v.particles);
    const [lo, hi] = LIMITS.particles;
    if (!Number.isInteger(particles) || particles < lo || particles > hi) {
      throw new RecordOptionError(`--particles ${v.particles} is not a whole number from ${lo} to ${hi}`);
    }
  }
  return { preset, seconds, fps, size, format, out, backend, particles, overlays: v['no-overlays'] !== true, help: v.help === true };
}
