/**
 * examples/starter runs outside the repository, as a creative coder runs it after copying it out:
 * the library built and packed (`npm run build:lib`, `npm pack`), the starter copied to a fresh
 * temporary folder with the tarball beside its package.json (where its `file:` dependency points),
 * `npm install`, `npm run copy-models -- <this checkout>`, then `npm run dev` and `npm run build` +
 * `npm run preview`, each opened in headless Chromium: cross-origin isolated, drawing, frames
 * advancing, no page error and no failed request. Without its models the page says what is missing.
 * Nothing is written in the repository but dist/ (the library build, ignored by git).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openPage } from '../../harness/browser/chromium';
import { decodePng, isBlank, isUniform } from '../../harness/browser/pixels';
import { REPO_ROOT, freePort } from '../../harness/browser/server';

const STARTER = join(REPO_ROOT, 'examples', 'starter');
const work = mkdtempSync(join(tmpdir(), 'latentflow-starter-'));
const app = join(work, 'my-sketch');
const servers: ChildProcess[] = [];
let browser: Browser | undefined;

// npm run passes npm_* variables (npm_config_local_prefix among them) that would point a nested
// npm at this repository: the starter's commands get an environment without them.
const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
const npm = (cwd: string, ...args: string[]) => execFileSync('npm', args, { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

function stopGroup(child: ChildProcess): void {
  try {
    process.kill(-child.pid!, 'SIGTERM');
  } catch {
    // already gone
  }
}

/** `npm run <script> -- --host 127.0.0.1 --port <free>` in the starter, until its URL answers. */
async function serve(script: 'dev' | 'preview'): Promise<{ url: string; stop: () => void }> {
  const port = await freePort();
  // Its own process group, so stopping it stops vite under npm and sh too.
  const child = spawn('npm', ['run', script, '--', '--host', '127.0.0.1', '--port', String(port), '--strictPort'], { cwd: app, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  servers.push(child);
  let log = '';
  child.stdout!.on('data', (d) => (log += d));
  child.stderr!.on('data', (d) => (log += d));
  const url = `http://127.0.0.1:${port}/`;
  const stop = () => stopGroup(child);
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 250))) {
    if (child.exitCode !== null) throw new Error(`npm run ${script} exited ${child.exitCode}:\n${log}`);
    const answered = await fetch(url).then((r) => r.ok, () => false);
    if (answered) return { url, stop };
  }
  stop();
  throw new Error(`npm run ${script} did not answer at ${url} in 60 s:\n${log}`);
}

/** Opens the page; resolves once the sketch is ready or shows its error. */
async function open(url: string) {
  const tab = await openPage(browser!, undefined, { viewport: { width: 480, height: 320 } });
  const failed: string[] = [];
  tab.page.on('response', (r) => void (r.status() >= 400 && failed.push(`${r.status()} ${r.url()}`)));
  tab.page.on('requestfailed', (r) => void failed.push(`${r.failure()?.errorText} ${r.url()}`));
  await tab.page.goto(url);
  await tab.page.waitForFunction(() => document.documentElement.dataset.ready === '1' || document.documentElement.dataset.error !== undefined, undefined, { timeout: 120_000 });
  return { ...tab, failed, error: () => tab.page.evaluate(() => document.documentElement.dataset.error) };
}

/** The sketch is cross-origin isolated (wasm threads), draws, keeps drawing, and nothing failed. */
async function expectRunning(url: string): Promise<void> {
  const tab = await open(url);
  try {
    expect(await tab.error()).toBeUndefined();
    expect(await tab.page.evaluate(() => crossOriginIsolated)).toBe(true);
    const image = decodePng(await tab.page.locator('canvas').screenshot());
    expect(isBlank(image)).toBe(false);
    expect(isUniform(image)).toBe(false);
    const frames = () => tab.page.evaluate(() => (window as unknown as { sketch: { frames(): number } }).sketch.frames());
    const before = await frames();
    await tab.page.waitForFunction((n) => (window as unknown as { sketch: { frames(): number } }).sketch.frames() > n + 2, before, { timeout: 60_000 });
    expect(tab.errors).toEqual([]);
    expect(tab.failed).toEqual([]);
  } finally {
    await tab.close();
  }
}

beforeAll(async () => {
  expect(relative(REPO_ROOT, app).startsWith('..')).toBe(true);
  execFileSync('npm', ['run', '--silent', 'build:lib'], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const packed = JSON.parse(npm(REPO_ROOT, 'pack', '--json', '--pack-destination', work)) as { filename: string; files: { path: string }[] }[];
  const { filename, files } = packed[0]!;
  expect(files.map((f) => f.path)).toEqual(expect.arrayContaining(['dist/latentflow.js', 'dist/types/index.d.ts', 'package.json']));
  // The starter as it sits in the repository, without what running it in place may have left there.
  cpSync(STARTER, app, { recursive: true, filter: (path) => !/[\\/](node_modules|dist|public[\\/]latentflow|[^\\/]+\.tgz)$/.test(path) });
  const pkg = JSON.parse(readFileSync(join(app, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  // The tarball goes where the starter's dependency says (its name carries the library's version).
  expect(pkg.dependencies.latentflow).toBe(`file:${filename}`);
  cpSync(join(work, filename), join(app, filename));
  npm(app, 'install', '--no-audit', '--no-fund', '--prefer-offline');
  expect(readFileSync(join(app, 'node_modules', 'latentflow', 'package.json'), 'utf8')).toContain('"name": "latentflow"');
  npm(app, 'run', '--silent', 'copy-models', '--', REPO_ROOT);
  browser = await launchChromium();
}, 600_000);

afterAll(async () => {
  await browser?.close();
  servers.forEach(stopGroup);
  rmSync(work, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
});

describe('the starter, copied out of the repository', () => {
  it('copy-models copies the default manifold only, with the judge and the shared digits', () => {
    const bundle = join(app, 'public', 'latentflow');
    const index = JSON.parse(readFileSync(join(bundle, 'models', 'index.json'), 'utf8')) as { default: string; manifolds: { id: string }[] };
    const shipped = JSON.parse(readFileSync(join(REPO_ROOT, 'assets', 'models', 'index.json'), 'utf8')) as { default: string };
    expect(index.default).toBe(shipped.default);
    expect(index.manifolds.map((m) => m.id)).toEqual([shipped.default]);
    for (const file of [`models/${shipped.default}/manifest.json`, 'models/judge/model.json', 'data/training.u8', 'data/heldout.u8']) expect(existsSync(join(bundle, file)), file).toBe(true);
  });

  it('npm run dev: runs cross-origin isolated, draws and keeps drawing', async () => {
    const server = await serve('dev');
    try {
      await expectRunning(server.url);
    } finally {
      server.stop();
    }
  }, 240_000);

  it('npm run build, then npm run preview: the same', async () => {
    npm(app, 'run', '--silent', 'build');
    const server = await serve('preview');
    try {
      await expectRunning(server.url);
    } finally {
      server.stop();
    }
  }, 240_000);

  it('without its models, the page says which file is missing and how to copy them', async () => {
    const bundle = join(app, 'public', 'latentflow');
    renameSync(bundle, `${bundle}-away`);
    const server = await serve('dev');
    try {
      const tab = await open(server.url);
      try {
        expect(await tab.error()).toMatch(/latentflow\/models\/index\.json: not found[\s\S]*npm run copy-models/);
        expect(await tab.page.locator('#error').isVisible()).toBe(true);
      } finally {
        await tab.close();
      }
    } finally {
      server.stop();
      renameSync(`${bundle}-away`, bundle);
    }
  }, 240_000);
});
