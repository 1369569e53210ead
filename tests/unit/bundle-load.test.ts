/**
 * loadBundle over HTTP, in Node: the shipped bundle loads, and a file the server does not have,
 * answered the way vite's dev server answers it (status 200, its index.html), is reported as
 * missing by name instead of failing later as unparseable JSON or a short weight file.
 */
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join, normalize } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { BundleError, bundleFromFiles, loadBundle } from '../../src/model/bundle';
import type { RenderPath } from '../../src/engine/backends/render-path';
import { loadWorldOn } from '../../src/engine/load-world';
import { StartCache } from '../../src/engine/start-cache';
import { resolveFrom } from '../../src/model/manifest';
import { manifestFile, MODELS_DIR, readManifest, readManifoldIndex } from '../../src/model/node/shipped';
import { REPO_ROOT } from '../../harness/browser/server';

const ASSETS = join(REPO_ROOT, 'assets');
const DEFAULT = readManifoldIndex().default;
const MANIFEST = readManifest(manifestFile(MODELS_DIR, DEFAULT));
const inDefault = (path: string) => resolveFrom(`models/${DEFAULT}`, path);
/** Files the server pretends not to have, under /missing-<n>/ for the n-th. */
const MISSING = [
  `${inDefault(MANIFEST.models.decoder.path)}/weights.bin`,
  `${inDefault(MANIFEST.models.projector.path)}/model.json`,
  inDefault(MANIFEST.map.positions),
  'models/index.json',
  inDefault(MANIFEST.digits.heldOut.file),
  inDefault(MANIFEST.digits.training.latents!),
];

let server: Server;
let base = '';
/** Paths of the requests the server has answered, to see what a StartCache spares. */
const asked: string[] = [];
/**
 * How many requests under `prefix` the server has answered. Counted by prefix because a load that
 * fails rejects on its first missing file while its other fetches are still in flight, and those
 * land at any time, during whichever test runs next.
 */
const answered = (prefix: string) => asked.filter((path) => path.startsWith(prefix)).length;

beforeAll(async () => {
  await tf.setBackend('cpu');
  server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    asked.push(path);
    const fallback = () => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><title>latentflow</title>');
    };
    const relative = normalize(path.replace(/^\/(ok|missing-\d+)\//, '/')).replace(/^\/+/, '');
    const missing = /^\/missing-(\d+)\//.exec(path);
    if (missing !== null && MISSING[Number(missing[1])] === relative) return fallback();
    readFile(join(ASSETS, relative)).then(
      (bytes) => {
        res.writeHead(200, { 'content-type': relative.endsWith('.json') ? 'application/json' : 'application/octet-stream' });
        res.end(bytes);
      },
      fallback,
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  base = `http://127.0.0.1:${address.port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('loadBundle', () => {
  it('loads the default manifold over HTTP', async () => {
    const bundle = await loadBundle(`${base}/ok`);
    expect(bundle.manifest.manifold).toBe(DEFAULT);
    expect(bundle.training.count).toBe(bundle.manifest.digits.training.count);
    expect(bundle.map.count).toBe(bundle.training.count + bundle.heldOut.count);
    expect(bundle.models.encoder.outputs[0]!.shape).toEqual([null, 64]);
    for (const m of [bundle.models.encoder, bundle.models.decoder, bundle.models.dynamics, bundle.map.projector]) m.dispose();
    bundle.models.judge?.dispose();
  });

  it('ships the training latents the encoder gives for the shipped digits, so start-up need not encode them', async () => {
    const bundle = await loadBundle(`${base}/ok`);
    const latents = bundle.trainingLatents!;
    expect(latents.length).toBe(bundle.training.count * 64);
    const encoded = tf.tidy(() => bundle.models.encoder.predict(tf.tensor4d(bundle.training.images.subarray(0, 50 * 784), [50, 28, 28, 1])) as tf.Tensor);
    const values = await encoded.data();
    encoded.dispose();
    let max = 0;
    for (let i = 0; i < values.length; i++) max = Math.max(max, Math.abs(values[i]! - latents[i]!));
    expect(max).toBeLessThan(1e-3);
    for (const m of [bundle.models.encoder, bundle.models.decoder, bundle.models.dynamics, bundle.map.projector]) m.dispose();
    bundle.models.judge?.dispose();
  });

  it('loads every shipped manifold by name', async () => {
    for (const { id } of readManifoldIndex().manifolds) {
      const bundle = await loadBundle(`${base}/ok`, id);
      expect(bundle.manifest.manifold).toBe(id);
      for (const m of [bundle.models.encoder, bundle.models.decoder, bundle.models.dynamics, bundle.map.projector]) m.dispose();
      bundle.models.judge?.dispose();
    }
  });

  it.each(MISSING.map((file, i) => [file, i] as const))('names %s as not found when the server answers with its HTML page', async (file, i) => {
    const error = await loadBundle(`${base}/missing-${i}`).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(BundleError);
    expect((error as BundleError).message).toBe(`${base}/missing-${i}/${file}: not found (the server answered with an HTML page)`);
  });
});

describe('StartCache', () => {
  // loadWorldOn asks its path only whether it is a software GPU and to run tfjs work; Node's cpu
  // backend needs nothing else of one.
  const cpuPath = { name: 'wasm', software: false, runTf: <T>(work: () => T): T => work() } as unknown as RenderPath;

  it('fetches a manifold once: a restart makes the networks and the world again without a request or a measuring pass', async () => {
    const cache = new StartCache();
    const before = answered('/ok/');
    const first = await loadWorldOn(cpuPath, `${base}/ok`, DEFAULT, cache);
    const fetched = answered('/ok/') - before;
    expect(fetched).toBeGreaterThan(10);
    const second = await loadWorldOn(cpuPath, `${base}/ok`, DEFAULT, cache);
    expect(answered('/ok/') - before).toBe(fetched);
    // New networks (the old ones lived on the lost device) with the same weights, the same measures.
    expect(second.bundle.models.dynamics).not.toBe(first.bundle.models.dynamics);
    const weights = (b: typeof first) => b.bundle.models.dynamics.getWeights().map((w) => Array.from(w.dataSync()));
    expect(weights(second)).toEqual(weights(first));
    expect(second.world.referenceSpeed).toBe(first.world.referenceSpeed);
    expect(second.world.manifold.radiusSquared).toBe(first.world.manifold.radiusSquared);
    expect(second.world.manifold.medianNeighbourDistance).toBe(first.world.manifold.medianNeighbourDistance);
    expect(second.world.centroids).toEqual(first.world.centroids);
    // And the measures reused are the ones a fresh start measures.
    const fresh = await loadWorldOn(cpuPath, `${base}/ok`, DEFAULT);
    expect(fresh.world.referenceSpeed).toBeCloseTo(first.world.referenceSpeed, 6);
    expect(fresh.world.manifold.radiusSquared).toBe(first.world.manifold.radiusSquared);
    for (const loaded of [first, second, fresh]) loaded.world.dispose();
  });

  it('does not keep a failed fetch: the next start asks again, and names the file again', async () => {
    const cache = new StartCache();
    const broken = `${base}/missing-0`;
    const missing = `/missing-0/${MISSING[0]}`;
    await expect(cache.files(broken, DEFAULT)).rejects.toBeInstanceOf(BundleError);
    // The missing file itself, not a straggler of the first load: it was answered before that rejected.
    const before = asked.filter((path) => path === missing).length;
    await expect(cache.files(broken, DEFAULT)).rejects.toThrow(/weights\.bin: not found/);
    expect(asked.filter((path) => path === missing).length).toBe(before + 1);
  });

  it('fetches no judge for a flow that reads no digits (judge off), and everything else as before', async () => {
    const judge = `/ok/${inDefault(MANIFEST.judge!.path)}/`;
    // Only this test's requests (see `answered`).
    const since = (from: number) => asked.slice(from).filter((path) => path.startsWith('/ok/'));
    const from = asked.length;
    const judged = await new StartCache().files(`${base}/ok`, DEFAULT);
    expect(judged.networks.judge).not.toBeNull();
    const withJudge = since(from);
    expect(withJudge.some((path) => path.startsWith(judge))).toBe(true);
    const at = asked.length;
    const files = await new StartCache(false).files(`${base}/ok`, DEFAULT);
    expect(files.networks.judge).toBeNull();
    const without = since(at);
    // The same requests less the judge's (they go out together, so in no set order).
    expect(without.sort()).toEqual(withJudge.filter((path) => !path.startsWith(judge)).sort());
    expect(files.networks.encoder.artifacts).toEqual(judged.networks.encoder.artifacts);
  });

  it('makes networks from the same files twice on one backend, each its own', async () => {
    const files = await new StartCache().files(`${base}/ok`, DEFAULT);
    const [a, b] = [await bundleFromFiles(files), await bundleFromFiles(files)];
    expect(a.models.encoder).not.toBe(b.models.encoder);
    a.models.encoder.dispose();
    // Disposing one copy leaves the other whole.
    const z = tf.tidy(() => b.models.encoder.predict(tf.zeros([1, 28, 28, 1])) as tf.Tensor);
    expect(z.shape).toEqual([1, 64]);
    z.dispose();
    for (const bundle of [a, b]) for (const m of [bundle.models.decoder, bundle.models.dynamics, bundle.map.projector, bundle.models.judge]) m?.dispose();
    b.models.encoder.dispose();
  });
});
