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
import { BundleError, loadBundle } from '../src/model/bundle';
import { resolveFrom } from '../src/model/manifest';
import { manifestFile, MODELS_DIR, readManifest, readManifoldIndex } from '../src/model/node/shipped';
import { REPO_ROOT } from './browser/server';

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

beforeAll(async () => {
  await tf.setBackend('cpu');
  server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
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
