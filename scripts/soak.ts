/**
 * npm run soak [-- --minutes M] [--path wasm|webgl|webgpu] [--particles N] [--kiosk] [--out FILE]
 * Runs the gallery autopilot (with --kiosk, as the gallery kiosk: docs/kiosk.md) for M minutes (scripts/lib/soak-run.ts), writes the time series as
 * JSON (default out/soak-<path>.json) and its plot beside it (.png), prints one summary line, and
 * exits 1 on any upward trend beyond tolerance (scripts/lib/soak-trend.ts) or any page error.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { REPO_ROOT } from '../harness/browser/server';
import { DEFAULT_SOAK, runSoak, type SoakPath } from './lib/soak-run';
import { exitWithHelp } from './lib/help.mjs';
import { soakPlot } from './lib/soak-plot';

exitWithHelp(`npm run soak [-- --minutes M] [--path wasm|webgl|webgpu] [--particles N] [--kiosk] [--out FILE]
  --minutes    how long the gallery autopilot runs (default 5)
  --path       the GPU path: wasm, webgl or webgpu (default wasm)
  --particles  particle count (default ${DEFAULT_SOAK.particles})
  --kiosk      run it as the gallery kiosk (?kiosk=1: camera drift, watchdog, status line shown)
  --out        the time series JSON; its plot goes beside it as .png (default out/soak-PATH[-kiosk].json)
  -h, --help   this text; opens no browser`);

const { values: flags } = parseArgs({
  options: {
    minutes: { type: 'string', default: '5' },
    path: { type: 'string', default: 'wasm' },
    particles: { type: 'string', default: String(DEFAULT_SOAK.particles) },
    kiosk: { type: 'boolean', default: false },
    out: { type: 'string' },
  },
});
const path = flags.path as SoakPath;
if (!['wasm', 'webgl', 'webgpu'].includes(path)) {
  console.error(`soak: --path takes wasm, webgl or webgpu, not ${flags.path}`);
  process.exit(2);
}
const minutes = Number(flags.minutes);
if (!(minutes > 0)) {
  console.error(`soak: --minutes takes a positive number, not ${flags.minutes}`);
  process.exit(2);
}
const out = flags.out ?? join(REPO_ROOT, 'out', `soak-${path}${flags.kiosk ? '-kiosk' : ''}.json`);
const result = await runSoak({ ...DEFAULT_SOAK, minutes, path, particles: Number(flags.particles), kiosk: flags.kiosk, onSample: (s) => console.error(`soak: ${s.t} s frame ${s.frame} tensors ${s.tensors} heap ${(s.heap / 2 ** 20).toFixed(1)} MB textures ${s.textures} frame ${s.frameMs} ms`) });
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(result)}\n`);
const picture = out.replace(/\.json$/, '.png');
writeFileSync(picture, soakPlot(result.samples));
const worst = Object.entries(result.trends).map(([k, t]) => `${k} ${t.growth.toFixed(1)}/${t.allowed.toFixed(1)}`).join(', ');
console.log(JSON.stringify({ ok: result.ok, out, picture, samples: result.samples.length, presetChanges: result.presetChanges, errors: result.errors.length, growth_vs_allowed: worst }));
process.exit(result.ok ? 0 : 1);
