/**
 * npm run stage-check [-- --json] [--views default,preset:map,...|all] [--sizes 1920x1080,1280x720]
 *                     [--out docs/stage] [--backend auto|webgpu|webgl|wasm] [--frames 24] [--particles 4096]
 *                     [--timeout 240]
 * Opens every view a talk audience meets (the default page on each manifold, every preset, every
 * talk step, the rotation scene) at each size in headless Chromium, screenshots it and measures it
 * as the back row would judge it (harness/stage-measure.ts). Prints one JSON object,
 * {"views": [...]}, each view with its metrics and the thresholds it misses; writes each
 * screenshot to --out. Without --json a table goes to stderr too. Exit 0 whatever the figures
 * say (they are a measure, not a test).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { launchChromium, openPage } from '../harness/browser/chromium';
import { decodePng } from '../harness/browser/pixels';
import { REPO_ROOT, startServer } from '../harness/browser/server';
import { exitWithHelp } from './lib/help.mjs';
import { measureDom, missedThresholds, stageMetrics, type StageMetrics } from '../harness/stage-measure';

exitWithHelp(`npm run stage-check [-- --json] [--views default,preset:map,...|all] [--sizes 1920x1080,1280x720]
                    [--out docs/stage] [--backend auto|webgpu|webgl|wasm] [--frames 24] [--particles 4096]
                    [--timeout 240]
  --json       only the JSON on stdout (default: a table on stderr too)
  --views      the views to open, comma-separated: default, manifold:ID, preset:NAME, talk:NAME:STEP,
               rotation (default all)
  --sizes      the viewport sizes, comma-separated WIDTHxHEIGHT (default 1920x1080,1280x720)
  --out        the folder for the screenshots (default docs/stage)
  --backend    the GPU path, or auto for the page's choice (default auto)
  --frames     frames stepped before measuring (default 24)
  --particles  particle count (default 4096)
  --timeout    seconds each view may take to start (default 240)
  -h, --help   this text; opens no browser`);

const { values: flags } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    views: { type: 'string', default: 'all' },
    sizes: { type: 'string', default: '1920x1080,1280x720' },
    out: { type: 'string', default: join(REPO_ROOT, 'docs', 'stage') },
    backend: { type: 'string', default: 'auto' },
    frames: { type: 'string', default: '24' },
    particles: { type: 'string', default: '4096' },
    timeout: { type: 'string', default: '240' },
  },
});

function fail(message: string): never {
  console.error(`stage-check: ${message}`);
  process.exit(2);
}

interface View {
  name: string;
  query: string;
}

/** Every view: the default page (on each manifold), each preset, each talk step, the rotation scene. */
function allViews(): View[] {
  const index = JSON.parse(readFileSync(join(REPO_ROOT, 'assets', 'presets', 'index.json'), 'utf8')) as { presets: string[]; talks: string[] };
  const presetScene = (name: string) => (JSON.parse(readFileSync(join(REPO_ROOT, 'assets', 'presets', `${name}.json`), 'utf8')) as { scene?: string }).scene ?? 'counting';
  const views: View[] = [{ name: 'default', query: '' }];
  // The default view on each other shipped manifold: its map has its own centres and its own home camera.
  const manifolds = JSON.parse(readFileSync(join(REPO_ROOT, 'assets', 'models', 'index.json'), 'utf8')) as { default: string; manifolds: { id: string }[] };
  for (const { id } of manifolds.manifolds) if (id !== manifolds.default) views.push({ name: `manifold:${id}`, query: `manifold=${id}` });
  for (const p of index.presets) views.push(presetScene(p) === 'rotation' ? { name: `preset:${p}`, query: `scene=rotation&preset=${p}` } : { name: `preset:${p}`, query: `preset=${p}` });
  for (const t of index.talks) {
    const talk = JSON.parse(readFileSync(join(REPO_ROOT, 'assets', 'talks', `${t}.json`), 'utf8')) as { steps: { preset: string }[] };
    talk.steps.forEach((step, k) => {
      const scene = presetScene(step.preset) === 'rotation' ? 'scene=rotation&' : '';
      views.push({ name: `talk:${t}:${k + 1}`, query: `${scene}talk=${t}&step=${k + 1}` });
    });
  }
  views.push({ name: 'rotation', query: 'scene=rotation' });
  return views;
}

const sizes = flags.sizes!.split(',').map((s) => {
  const m = s.trim().match(/^(\d+)x(\d+)$/);
  if (m === null) fail(`--sizes takes WIDTHxHEIGHT,... like 1920x1080,1280x720; got ${flags.sizes}`);
  return { width: Number(m[1]), height: Number(m[2]) };
});
const known = allViews();
const views = flags.views === 'all' ? known : flags.views!.split(',').map((name) => known.find((v) => v.name === name.trim()) ?? fail(`no view ${name}; views: ${known.map((v) => v.name).join(', ')}`));
const frames = Number(flags.frames);
if (!Number.isInteger(frames) || frames < 0) fail(`--frames takes a whole number; got ${flags.frames}`);
mkdirSync(flags.out!, { recursive: true });

/** Hides every overlay (the scene alone is what text must read against). */
const BARE_CSS = `.stage-check-bare #app > :not(.canvas-host), .stage-check-bare .overlay > *, .stage-check-bare .lil-gui,
  .stage-check-bare .centroid-label { visibility: hidden !important; }`;

const server = await startServer({ config: { server: { hmr: false, watch: null } } });
const browser = await launchChromium();
const results: ({ name: string; width: number; height: number; query: string; backend: string; screenshot: string; missed: string[] } & StageMetrics)[] = [];
try {
  for (const size of sizes) {
    const tab = await openPage(browser, undefined, { viewport: size });
    // tsx keeps function names with an `__name` helper that measureDom's source then calls; the
    // page has no such helper, so give it one that does nothing.
    await tab.page.addInitScript({ content: 'globalThis.__name = (f) => f;' });
    for (const view of views) {
      const query = [view.query, flags.backend === 'auto' ? '' : `backend=${flags.backend}`, 'fixedStep=1', `particles=${flags.particles}`].filter((q) => q !== '').join('&');
      await tab.page.goto(server.url(`/?${query}`), { waitUntil: 'load' });
      // A view that needs a page of its own (a preset on another manifold) navigates once while it starts.
      for (let tries = 0; ; tries++) {
        try {
          await tab.page.waitForFunction(() => document.documentElement.dataset.ready === '1' || document.documentElement.dataset.error !== undefined, undefined, { timeout: Number(flags.timeout) * 1000 });
          break;
        } catch (e) {
          if (tries >= 2 || !/context was destroyed|navigation/i.test(String(e))) throw e;
          await tab.page.waitForLoadState('load');
        }
      }
      const { error, backend } = await tab.page.evaluate(() => ({ error: document.documentElement.dataset.error, backend: document.documentElement.dataset.backend ?? '' }));
      if (error !== undefined) fail(`${view.name} at ${size.width}x${size.height} did not start: ${error}`);
      // The counting scene's frames are stepped so rollouts and trails are in place; the rotation scene draws itself.
      const counting = await tab.page.evaluate(() => typeof (window as unknown as { latentflow?: { step?: unknown } }).latentflow?.step === 'function');
      if (counting) {
        await tab.page.evaluate('window.latentflow.settleRollouts()');
        await tab.page.evaluate(`window.latentflow.step(${frames})`);
      } else await tab.page.waitForTimeout(1000);
      const dom = await tab.page.evaluate(measureDom);
      const seenPng = await tab.page.screenshot();
      await tab.page.addStyleTag({ content: BARE_CSS });
      await tab.page.evaluate(() => document.documentElement.classList.add('stage-check-bare'));
      const scenePng = await tab.page.screenshot();
      await tab.page.evaluate(() => document.documentElement.classList.remove('stage-check-bare'));
      const file = join(flags.out!, `${view.name.replace(/:/g, '-')}-${size.width}x${size.height}.png`);
      writeFileSync(file, seenPng);
      const metrics = stageMetrics(dom, decodePng(seenPng), decodePng(scenePng));
      results.push({ name: view.name, width: size.width, height: size.height, query, backend, screenshot: file.replace(`${REPO_ROOT}/`, ''), ...metrics, missed: missedThresholds(metrics) });
      if (!flags.json) console.error(`stage-check: ${view.name} ${size.width}x${size.height}: ${results.at(-1)!.missed.join(', ') || 'all thresholds met'}`);
    }
    await tab.close();
  }
} finally {
  await browser.close();
  await server.close();
}

if (!flags.json) {
  const row = (r: (typeof results)[number]) =>
    `${r.name.padEnd(30)} ${`${r.width}x${r.height}`.padEnd(10)} washout ${r.washout.toFixed(4)}  text ${r.minTextPx ?? '-'} px  contrast ${r.minContrast ?? '-'}  separation ${r.minClusterSeparation ?? '-'}  out ${r.clustersOutOfFrame}  covered ${r.clustersCovered}  overlaps ${r.overlapsBetweenOverlays}`;
  console.error(results.map(row).join('\n'));
}
console.log(JSON.stringify({ schema: 'latentflow-stage-check/1', date: new Date().toISOString(), views: results }));
