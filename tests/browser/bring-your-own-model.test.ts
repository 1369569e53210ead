/**
 * Bring your own model (issue 24, item 6): a bundle of another latent size loads and renders.
 * scripts/toy-bundle.ts writes a 32-D bundle (about 15 s here) into a temporary folder; the vite
 * dev server serves it at /toy-bundle, and the scene app opens it with ?assets=/toy-bundle on the
 * wasm path (the quickest here) and, where WebGPU computes, on the fused field kernel. The same
 * networks without a projector or a map load in Node (the loader makes a linear map), a manifest
 * whose declared latent size disagrees with its networks is refused naming the file, and a
 * manifest with bad fields shows them all on the page's error screen.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openPage } from '../../harness/browser/chromium';
import { decodePng, isBlank, isUniform, pixelStats } from '../../harness/browser/pixels';
import { appErrors, openScene, type ScenePage } from '../../harness/browser/scene-harness';
import { REPO_ROOT, startServer, type TestServer } from '../../harness/browser/server';
import { BundleError, loadBundle } from '../../src/model/bundle';

const DIM = 32;
const NAME = `toy-${DIM}`;
const PARTICLES = 512;
const bundleDir = mkdtempSync(join(tmpdir(), 'latentflow-toy-'));
let server: TestServer | undefined;
let browser: Browser | undefined;
let writeSeconds = 0;

/** A manifold beside the toy one in the same bundle (and its index), made from its manifest with `edit`. */
function variant(name: string, edit: (manifest: Record<string, unknown>) => Record<string, unknown> | void): void {
  const manifest = JSON.parse(readFileSync(join(bundleDir, 'models', NAME, 'manifest.json'), 'utf8')) as Record<string, unknown>;
  // Every path of the copy points back into the toy manifold's folder.
  const back = (path: string) => `../${NAME}/${path}`;
  for (const m of Object.values(manifest.models as Record<string, { path: string }>)) m.path = back(m.path);
  const digits = manifest.digits as { training: { latents?: string } };
  digits.training.latents = back(digits.training.latents!);
  const map = manifest.map as Record<string, string>;
  for (const key of ['positions', 'labels', 'heldOutPositions']) map[key] = back(map[key]!);
  const copy = { ...manifest, manifold: name };
  mkdirSync(join(bundleDir, 'models', name), { recursive: true });
  writeFileSync(join(bundleDir, 'models', name, 'manifest.json'), JSON.stringify(edit(copy) ?? copy));
  const indexFile = join(bundleDir, 'models', 'index.json');
  const index = JSON.parse(readFileSync(indexFile, 'utf8')) as { manifolds: { id: string }[] };
  index.manifolds.push({ ...index.manifolds[0]!, id: name });
  writeFileSync(indexFile, JSON.stringify(index));
}

const TYPES: Record<string, string> = { '.json': 'application/json', '.bin': 'application/octet-stream', '.f32': 'application/octet-stream', '.u8': 'application/octet-stream' };

beforeAll(async () => {
  const began = performance.now();
  execFileSync(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'scripts', 'toy-bundle.ts'), '--dim', String(DIM), '--out', bundleDir], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  writeSeconds = (performance.now() - began) / 1000;
  variant(`${NAME}-bare`, (m) => {
    delete m.map;
    delete (m.models as Record<string, unknown>).projector;
  });
  variant(`${NAME}-says-16`, (m) => ({ ...m, latent_dim: 16 }));
  variant('broken', (m) => ({ ...m, latent_dim: 1.5, models: { ...(m.models as object), encoder: { path: 3 } }, digits: { training: (m.digits as { training: unknown }).training } }));
  server = await startServer({
    config: {
      server: { hmr: false },
      plugins: [
        {
          name: 'toy-bundle',
          configureServer(vite) {
            vite.middlewares.use('/toy-bundle', (req, res, next) => {
              const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
              const file = join(bundleDir, path);
              if (!file.startsWith(bundleDir) || !statSync(file, { throwIfNoEntry: false })?.isFile()) return next();
              res.setHeader('content-type', TYPES[extname(file)] ?? 'application/octet-stream');
              res.end(readFileSync(file));
            });
          },
        },
      ],
    },
  });
  browser = await launchChromium();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  rmSync(bundleDir, { recursive: true, force: true });
});

/** Screenshot of the scene canvas, and how varied it is. */
async function frame(scene: ScenePage): Promise<{ blank: boolean; uniform: boolean; colours: number }> {
  const image = decodePng(await scene.tab.page.locator('canvas.scene').screenshot());
  return { blank: isBlank(image), uniform: isUniform(image), colours: pixelStats(image).distinctColours };
}

/** The page's errors, without the 404s of optional files a toy bundle does not ship (stage figures). */
const realErrors = (errors: readonly string[]) => appErrors(errors).filter((e) => !/404|Not Found/i.test(e));

describe('a 32-D bundle of ones own', () => {
  it(`is written by scripts/toy-bundle.ts in seconds (${DIM}-D networks, manifest with latent_dim)`, () => {
    console.log(`toy-bundle: ${writeSeconds.toFixed(1)} s to write the ${DIM}-D bundle`);
    const manifest = JSON.parse(readFileSync(join(bundleDir, 'models', NAME, 'manifest.json'), 'utf8')) as { latent_dim: number; models: Record<string, unknown> };
    expect(manifest.latent_dim).toBe(DIM);
    expect(Object.keys(manifest.models).sort()).toEqual(['decoder', 'dynamics', 'encoder', 'projector']);
    expect(writeSeconds).toBeLessThan(90);
  });

  it('loads in Node: 32-D networks, and without projector and map the loader makes a linear map', async () => {
    await tf.setBackend('cpu');
    const base = server!.url('/toy-bundle');
    const full = await loadBundle(base);
    const bare = await loadBundle(base, `${NAME}-bare`);
    try {
      expect(full.latentDim).toBe(DIM);
      expect(full.models.encoder.outputs[0]!.shape).toEqual([null, DIM]);
      expect(bare.map.projector.inputs[0]!.shape).toEqual([null, DIM]);
      expect(bare.map.points).toHaveLength(bare.map.count * 3);
      expect(bare.map.count).toBe(bare.training.count + bare.heldOut.count);
      expect(bare.map.points.every(Number.isFinite)).toBe(true);
      // Spread over the scene's usual [-1, 1] box: 99% of training coordinates within it.
      const inside = bare.map.points.subarray(0, bare.training.count * 3).filter((v) => Math.abs(v) <= 1.0001).length;
      expect(inside / (bare.training.count * 3)).toBeGreaterThan(0.98);
    } finally {
      for (const b of [full, bare]) for (const m of [b.models.encoder, b.models.decoder, b.models.dynamics, b.models.judge, b.map.projector]) m?.dispose();
    }
  });

  it('is refused, naming the encoder file, when the manifest declares another latent size', async () => {
    const error = await loadBundle(server!.url('/toy-bundle'), `${NAME}-says-16`).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(BundleError);
    expect((error as BundleError).file).toMatch(/toy-32\/encoder\/model\.json$/);
    expect((error as Error).message).toContain('latent size 16');
    expect((error as Error).message).toContain(`[28, 28, 1] -> [${DIM}]`);
  });

  it(`renders on the wasm path: ready, ${DIM}-D in stats, frames drawn and moving, rollouts, no error`, async () => {
    const scene = await openScene(browser!, server!, `assets=/toy-bundle&backend=wasm&particles=${PARTICLES}&fixedStep=1`);
    try {
      expect(await scene.tab.page.evaluate(() => document.documentElement.dataset.error ?? null)).toBeNull();
      const stats = await scene.stats();
      expect(stats.backend).toBe('wasm');
      expect(stats.latentDim).toBe(DIM);
      expect(stats.manifold.id).toBe(NAME);
      expect(await scene.tab.page.textContent('.hud-stats')).toContain(`${DIM}-D latent`);
      const hash0 = await scene.call<string>('frameHash()');
      const p0 = await scene.call<number[]>('particlePositions()');
      await scene.call('step(3)');
      const p1 = await scene.call<number[]>('particlePositions()');
      expect(p1).toHaveLength(PARTICLES * 4);
      expect(p1.every(Number.isFinite)).toBe(true);
      expect(p1.filter((v, i) => i % 4 !== 3 && Math.abs(v - p0[i]!) > 1e-6).length).toBeGreaterThan(PARTICLES);
      expect(await scene.call<string>('frameHash()')).not.toBe(hash0);
      const shot = await frame(scene);
      expect(shot.blank).toBe(false);
      expect(shot.uniform).toBe(false);
      expect(shot.colours).toBeGreaterThan(50);
      // Rollouts: the page's own (grounded and ungrounded from held-out digits), and one from a latent.
      const rollouts = await scene.call<{ mode: string; labels: number[] }[]>('settleRollouts()');
      expect(rollouts.length).toBeGreaterThan(0);
      expect(rollouts.every((r) => r.labels.length > 1 && r.labels.every((l) => l >= 0 && l <= 9))).toBe(true);
      const answer = await scene.tab.page.evaluate(async () => {
        type Flow = {
          map: { images: Float32Array };
          stats(): { latentDim: number };
          encode(x: Float32Array): Promise<Float32Array>;
          decode(z: Float32Array): Promise<Float32Array>;
          rollouts: { start(r: { latents: Float32Array; u: number; steps: number }): Promise<{ tracks: { labels: Int32Array | null }[] } | null> };
        };
        const flow = (window as unknown as { latentflow: { flow(): Flow } }).latentflow.flow();
        const z = await flow.encode(flow.map.images.slice(0, 784));
        const decoded = await flow.decode(z);
        const set = await flow.rollouts.start({ latents: z, u: 1, steps: 3 });
        return { dim: flow.stats().latentDim, z: z.length, pixels: decoded.length, track: set && Array.from(set.tracks[0]!.labels ?? []) };
      });
      expect(answer).toMatchObject({ dim: DIM, z: DIM, pixels: 784 });
      expect(answer.track).toHaveLength(4);
      expect(realErrors(scene.tab.errors)).toEqual([]);
    } finally {
      await scene.close();
    }
  });

  it('runs the fused WebGPU field kernel at 32-D where WebGPU computes', async () => {
    const probe = await openPage(browser!, server!.url('/models/index.json')).catch(() => null);
    const webgpu = probe ? await probe.page.evaluate(async () => (await navigator.gpu?.requestAdapter()) != null).catch(() => false) : false;
    await probe?.close();
    if (!webgpu) {
      console.log('bring-your-own-model: no WebGPU adapter here; the fused path check is skipped');
      return;
    }
    const scene = await openScene(browser!, server!, `assets=/toy-bundle&backend=webgpu&field=fused&particles=${PARTICLES}&fixedStep=1`);
    try {
      const stats = await scene.stats();
      expect(stats.backend).toBe('webgpu');
      expect(stats.field).toBe('fused');
      expect(stats.latentDim).toBe(DIM);
      const p0 = await scene.call<number[]>('particlePositions()');
      await scene.call('step(2)');
      const p1 = await scene.call<number[]>('particlePositions()');
      expect(p1.every(Number.isFinite)).toBe(true);
      expect(p1.filter((v, i) => i % 4 !== 3 && Math.abs(v - p0[i]!) > 1e-6).length).toBeGreaterThan(PARTICLES);
      const shot = await frame(scene);
      expect(shot.blank).toBe(false);
      expect(shot.uniform).toBe(false);
      expect(realErrors(scene.tab.errors)).toEqual([]);
    } finally {
      await scene.close();
    }
  });

  it("shows every bad manifest field on the page's error screen", async () => {
    const tab = await openPage(browser!, server!.url('/?backend=wasm&assets=/toy-bundle&manifold=broken'));
    try {
      await tab.page.waitForFunction(() => document.documentElement.dataset.error !== undefined, undefined, { timeout: 120_000 });
      const text = (await tab.page.locator('.fatal').textContent()) ?? '';
      expect(text).toContain('model file is missing or damaged');
      expect(text).toContain('toy-bundle/models/broken/manifest.json');
      expect(text).toContain('models.encoder.path: expected a path (a string), got 3');
      expect(text).toContain('latent_dim: expected an integer >= 2, got 1.5');
      expect(text).toContain('digits.heldOut: missing');
    } finally {
      await tab.close();
    }
  });
});
