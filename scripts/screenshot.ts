/**
 * npm run screenshot [-- --backend webgpu|webgl|wasm] [--particles N] [--frames N] [--out FILE] [--timeout S]
 *                    [--width W] [--height H] [--preset NAME] [--talk NAME] [--manifold ID]
 *                    [--explore all|draw|rollouts|interpolate|census|threshold|steer|peek]
 *                    (one tool of the README's "Explore by hand" staged as a visitor would:
 *                    scripts/lib/explore-shots.ts)
 *                    [--scene rotation [--manifold ID] [--digit N] [--degrees D] [--steps N]]
 *                    (the rotation scene: docs/rotation.png and docs/rotation-strips.png)
 * Renders the scene in headless Chromium (harness/browser/chromium.ts) and writes docs/screenshot.png.
 * Frames are driven deterministically (?fixedStep=1) so trails and rollouts are in place.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { REPO_ROOT } from '../harness/browser/server';
import { EXPLORE_SHOTS, stageExplore, type ExploreShot } from './lib/explore-shots';
import { rotationShot } from './lib/rotation-shot';
import { exitWithHelp } from './lib/help.mjs';
import { withStartedPage } from './lib/started-page';

exitWithHelp(`npm run screenshot [-- --backend webgpu|webgl|wasm] [--particles N] [--frames N] [--out FILE] [--timeout S]
                   [--width W] [--height H] [--preset NAME] [--talk NAME] [--manifold ID]
                   [--explore ${EXPLORE_SHOTS.join('|')}]
                   [--scene rotation [--manifold ID] [--digit N] [--degrees D] [--steps N]]
  --backend    the GPU path (default: the page's choice; webgl for --scene rotation)
  --particles  particle count (default 4096)
  --frames     frames stepped before the picture (default 24)
  --out        the PNG to write (default docs/screenshot.png; docs/rotation.png with --scene rotation)
  --timeout    seconds to wait for the first frame (default 300)
  --width      viewport width (default 1280)
  --height     viewport height (default 800)
  --preset     a preset in assets/presets (NAME.json)
  --talk       a talk in assets/talks (NAME.json)
  --manifold   the manifold to show (default: the shipped default)
  --explore    one tool of the README's "Explore by hand", staged as a visitor would
  --scene      counting (default) or rotation (also writes its strip beside --out: NAME-strips.png)
  --digit, --degrees, --steps  the rotation scene's digit, angle and steps (default: the scene's own)
  -h, --help   this text; opens no browser`);

const { values: flags } = parseArgs({
  options: {
    backend: { type: 'string' },
    preset: { type: 'string' },
    talk: { type: 'string' },
    explore: { type: 'string' },
    manifold: { type: 'string' },
    scene: { type: 'string' },
    digit: { type: 'string' },
    degrees: { type: 'string' },
    steps: { type: 'string' },
    particles: { type: 'string', default: '4096' },
    frames: { type: 'string', default: '24' },
    out: { type: 'string' },
    width: { type: 'string', default: '1280' },
    height: { type: 'string', default: '800' },
    /** Seconds to wait for the first frame (software WebGPU at 100,000 particles needs minutes). */
    timeout: { type: 'string', default: '300' },
  },
});

if (flags.scene !== undefined && flags.scene !== 'rotation' && flags.scene !== 'counting') {
  console.error(`screenshot: --scene takes counting or rotation, not ${flags.scene}`);
  process.exit(2);
}
if (flags.scene === 'rotation') {
  const view = new URLSearchParams({ backend: flags.backend ?? 'webgl' });
  for (const key of ['manifold', 'digit', 'degrees', 'steps'] as const) if (flags[key] !== undefined) view.set(key, flags[key]);
  const out = flags.out ?? join(REPO_ROOT, 'docs', 'rotation.png');
  console.log(JSON.stringify(await rotationShot({ out, query: view, width: Number(flags.width), height: Number(flags.height), timeoutS: Number(flags.timeout) })));
  process.exit(0);
}
flags.out ??= join(REPO_ROOT, 'docs', 'screenshot.png');

if (flags.explore !== undefined && !(EXPLORE_SHOTS as readonly string[]).includes(flags.explore)) {
  console.error(`screenshot: --explore takes one of ${EXPLORE_SHOTS.join(', ')}, not ${flags.explore}`);
  process.exit(2);
}

const query = new URLSearchParams({ fixedStep: '1', particles: flags.particles!, trail: '12' });
if (flags.backend) query.set('backend', flags.backend);
if (flags.preset) query.set('preset', flags.preset);
if (flags.talk) query.set('talk', flags.talk);
if (flags.manifold) query.set('manifold', flags.manifold);
const viewport = { width: Number(flags.width), height: Number(flags.height) };
await withStartedPage({ query, viewport, timeoutS: Number(flags.timeout) }, async (tab) => {
  const api = (expression: string) => tab.page.evaluate(`window.latentflow.${expression}`);
  if (flags.explore !== undefined) await stageExplore(tab.page, api, flags.explore as ExploreShot);
  const rollouts = (flags.explore !== undefined ? await api('rollouts()') : await api('settleRollouts()')) as Array<{ mode: string; labels: number[] }>;
  await api(`step(${Number(flags.frames)})`);
  const stats = (await api('stats()')) as { backend: string; particles: number; frameMs: number };
  mkdirSync(dirname(flags.out!), { recursive: true });
  writeFileSync(flags.out!, await tab.page.screenshot());
  console.log(JSON.stringify({ out: flags.out, backend: stats.backend, particles: stats.particles, frameMs: Math.round(stats.frameMs), rollouts: rollouts.map((r) => `${r.mode} ${r.labels.join('')}`) }));
});
