/**
 * The seeded fuzzer (issue 14): a few hundred hostile variants of every file and string the page
 * reads (preset, talk and index files, the URL hash and query, the rotation view, probe codes,
 * manifest.json, index.json, rotation.json, model.json and weight files, and a manifest naming
 * files that are missing). A parser that answers with notices must never throw; a loader may
 * refuse, but only with an Error that says what is wrong (a BundleError naming the file for model
 * files), never a TypeError from deep inside. The count of cases is printed for docs/reliability.md.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BundleError, loadBundle, loadNetwork } from '../../src/model/bundle';
import { parseManifest, parseManifoldIndex } from '../../src/model/manifest';
import { parseRotationScene } from '../../src/model/rotation-scene';
import { parsePreset, parsePresetIndex, parseTalk, presetView } from '../../src/page/present/presets';
import { decodeHash, encodeHash } from '../../src/spec/codec';
import { decodeProbeImage, encodeProbeImage } from '../../src/spec/probe-code';
import { decodeRotationView } from '../../src/spec/rotation-view';
import { defaultState } from '../../src/spec/spec';
import { parseUrlState } from '../../src/spec/url';
import { REPO_ROOT } from '../../harness/browser/server';
import { createRng, mutateBytes, mutateJson, mutateText, type Json } from '../../harness/mutate';

const ASSETS = join(REPO_ROOT, 'assets');
const json = (path: string): Json => JSON.parse(readFileSync(join(ASSETS, path), 'utf8')) as Json;
const CASES = 40;
let tried = 0;

interface Target {
  name: string;
  cases(rng: ReturnType<typeof createRng>): unknown[];
  run(input: unknown): unknown;
  /** A refusal by exception is allowed (the loader's contract), but only as a plain Error with a message. */
  mayThrow: boolean;
}

const hash = encodeHash({ ...defaultState(), u: -0.5, particles: 5000, target: 3 });
const probe = encodeProbeImage(Float32Array.from({ length: 784 }, (_, i) => ((i * 7) % 13) / 12));

const TARGETS: Target[] = [
  { name: 'preset file', mayThrow: false, cases: (r) => Array.from({ length: CASES }, () => mutateJson(json('presets/steer.json'), r)), run: (v) => {
    const { preset } = parsePreset('fuzz', v);
    if (preset !== null) return preset.scene === 'rotation' ? decodeRotationView(preset.view) : presetView(preset);
    return null;
  } },
  { name: 'rotation preset', mayThrow: false, cases: (r) => Array.from({ length: CASES }, () => mutateJson(json('presets/rotation.json'), r)), run: (v) => {
    const { preset } = parsePreset('fuzz', v);
    return preset === null ? null : decodeRotationView(preset.view);
  } },
  { name: 'talk file', mayThrow: false, cases: (r) => Array.from({ length: CASES }, () => mutateJson(json('talks/latent-dynamics.json'), r)), run: (v) => parseTalk('fuzz', v) },
  { name: 'preset index', mayThrow: false, cases: (r) => Array.from({ length: CASES }, () => mutateJson(json('presets/index.json'), r)), run: (v) => parsePresetIndex(v) },
  { name: 'URL hash', mayThrow: false, cases: (r) => Array.from({ length: CASES }, () => mutateText(hash, r)), run: (v) => decodeHash(v as string) },
  { name: 'URL query', mayThrow: false, cases: (r) => Array.from({ length: CASES }, () => mutateText('?backend=webgl&preset=steer&talk=latent-dynamics&step=2&particles=5000&u=-0.5&assets=/models-dev', r)), run: (v) => parseUrlState(v as string) },
  { name: 'probe code', mayThrow: false, cases: (r) => Array.from({ length: CASES }, () => mutateText(probe, r)), run: (v) => decodeProbeImage(v as string) },
  { name: 'manifest.json', mayThrow: true, cases: (r) => Array.from({ length: CASES }, () => JSON.stringify(mutateJson(json('models/ssl/manifest.json'), r))), run: (v) => parseManifest(v as string) },
  { name: 'index.json', mayThrow: true, cases: (r) => Array.from({ length: CASES }, (_, i) => (i % 4 === 0 ? mutateText(JSON.stringify(json('models/index.json')), r) : JSON.stringify(mutateJson(json('models/index.json'), r)))), run: (v) => parseManifoldIndex(v as string) },
  { name: 'rotation.json', mayThrow: true, cases: (r) => Array.from({ length: CASES }, () => mutateJson(json('models/rotation.json'), r)), run: (v) => parseRotationScene(v) },
];

function checkRefusal(e: unknown, where: string): void {
  expect(e, where).toBeInstanceOf(Error);
  expect(e, `${where}: ${(e as Error).stack}`).not.toBeInstanceOf(TypeError);
  expect(e, where).not.toBeInstanceOf(RangeError);
  expect((e as Error).message.length, where).toBeGreaterThan(5);
}

describe('fuzzing what the page reads', () => {
  it.each(TARGETS.map((t, i) => [t.name, i] as const))('%s: every hostile variant is answered, none crashes', (_name, i) => {
    const target = TARGETS[i]!;
    const cases = target.cases(createRng(1000 + i));
    for (const [k, input] of cases.entries()) {
      tried++;
      const where = `${target.name} case ${k}: ${JSON.stringify(input)?.slice(0, 200)}`;
      try {
        target.run(input);
      } catch (e) {
        if (!target.mayThrow) throw new Error(`${where} threw ${(e as Error).stack}`);
        checkRefusal(e, where);
      }
    }
  });
});

/** Serves files from memory to fetch() (the loaders' only door), by URL path. */
const served = new Map<string, Uint8Array | string>();
const realFetch = globalThis.fetch;
beforeAll(async () => {
  await tf.setBackend('cpu');
  globalThis.fetch = (async (input: RequestInfo | URL) => {
    const path = new URL(input instanceof Request ? input.url : String(input)).pathname.replace(/\/\.\//g, '/');
    const body = served.get(path);
    if (body === undefined) return new Response('not found', { status: 404, statusText: 'Not Found' });
    return new Response(typeof body === 'string' ? body : body.slice().buffer, { status: 200, headers: { 'content-type': path.endsWith('.json') ? 'application/json' : 'application/octet-stream' } });
  }) as typeof fetch;
});
afterAll(() => {
  globalThis.fetch = realFetch;
  console.log(`[fuzz] ${tried} hostile cases tried`);
});

describe('fuzzing model files', () => {
  const folder = 'models/ssl/seed-3/dynamics';
  const modelJson = json(`${folder}/model.json`);
  const weights = new Uint8Array(readFileSync(join(ASSETS, folder, 'weights.bin')));

  async function load(model: Json | string, bin: Uint8Array | null, what: string): Promise<tf.LayersModel | BundleError> {
    tried++;
    const prefix = `/fuzz-${tried}`;
    served.set(`${prefix}/model.json`, typeof model === 'string' ? model : JSON.stringify(model));
    if (bin !== null) served.set(`${prefix}/weights.bin`, bin);
    try {
      return await loadNetwork(`http://fuzz${prefix}/model.json`);
    } catch (e) {
      checkRefusal(e, what);
      expect(e, what).toBeInstanceOf(BundleError);
      expect((e as BundleError).file, what).toMatch(new RegExp(`^http://fuzz${prefix}/[^/]+$`));
      return e as BundleError;
    }
  }

  it('refuses the named kinds of damage, each naming its file', async () => {
    const layers = (modelJson as { modelTopology: { model_config?: unknown; config?: unknown } }).modelTopology;
    expect(layers).toBeDefined();
    const wrongShape = JSON.parse(JSON.stringify(modelJson).replace(/"units":\s*256/, '"units":255')) as Json;
    const nan = weights.slice();
    new Float32Array(nan.buffer)[17] = NaN;
    const inf = weights.slice();
    new Float32Array(inf.buffer)[3] = Infinity;
    const missingFile = JSON.parse(JSON.stringify(modelJson).replace(/weights\.bin/, 'no-such-weights.bin')) as Json;
    const cases: [Json | string, Uint8Array | null, RegExp][] = [
      [wrongShape, weights, /model\.json: is not a loadable tfjs model/],
      [modelJson, nan, /weights\.bin: weight 17 is NaN/],
      [modelJson, inf, /weights\.bin: weight 3 is Infinity/],
      ['{"modelTopology": ', weights, /model\.json/],
      ['<!doctype html>', weights, /model\.json/],
      [missingFile, weights, /no-such-weights\.bin: HTTP 404/],
      [modelJson, weights.slice(0, 1001), /weights\.bin: holds 1001 bytes/],
      [modelJson, weights.slice(0, 4000), /weights\.bin|model\.json/],
    ];
    for (const [model, bin, message] of cases) {
      const got = await load(model, bin, String(message));
      expect(got, String(message)).toBeInstanceOf(BundleError);
      expect((got as BundleError).message).toMatch(message);
    }
  });

  it('answers every random damage to model.json and weights.bin by loading or by a BundleError', async () => {
    const rng = createRng(77);
    for (let k = 0; k < CASES * 2; k++) {
      const damageJson = k % 2 === 0;
      const damaged = damageJson ? mutateJson(modelJson, rng) : modelJson;
      const bytes = damageJson ? { bytes: weights, what: 'intact' } : mutateBytes(weights, rng);
      const got = await load(damaged, bytes.bytes, `case ${k} (${bytes.what}): ${JSON.stringify(damaged).slice(0, 120)}`);
      if (!(got instanceof BundleError)) {
        // Loaded: then it must still be a network whose weights are all finite.
        for (const w of got.getWeights()) expect((w.dataSync() as Float32Array).every(Number.isFinite)).toBe(true);
        got.dispose();
      }
    }
  });
});

describe('a manifest naming files that are missing', () => {
  it('stops with a BundleError naming each missing file', async () => {
    const manifest = json('models/ssl/manifest.json') as Record<string, Json>;
    // Serve the real bundle under /b/, then a manifest whose every listed file in turn is absent.
    const add = (path: string) => served.set(`/b/${path}`, new Uint8Array(readFileSync(join(ASSETS, path))));
    served.set('/b/models/ssl/manifest.json', JSON.stringify(manifest));
    const files = ['data/training.u8', 'data/heldout.u8', 'models/judge/model.json', 'models/judge/weights.bin'];
    for (const name of ['encoder', 'decoder', 'dynamics', 'projector']) {
      const p = (manifest.models as Record<string, { path: string }>)[name]!.path;
      files.push(`models/ssl/${p}/model.json`, `models/ssl/${p}/weights.bin`);
    }
    const map = manifest.map as Record<string, string>;
    files.push(`models/ssl/${map.positions}`, `models/ssl/${map.labels}`, `models/ssl/${map.heldOutPositions}`);
    const latents = (manifest.digits as { training: { latents?: string } }).training.latents;
    if (latents) files.push(`models/ssl/${latents}`);
    files.forEach(add);
    const optional = /judge/;
    for (const file of files) {
      tried++;
      const body = served.get(`/b/${file}`)!;
      served.delete(`/b/${file}`);
      try {
        const bundle = await loadBundle('http://fuzz/b', 'ssl');
        // Only the judge is optional: without it the bundle loads, judge null.
        expect(file, `${file} missing, yet the bundle loaded`).toMatch(optional);
        expect(bundle.models.judge).toBeNull();
        for (const m of [bundle.models.encoder, bundle.models.decoder, bundle.models.dynamics, bundle.map.projector]) m.dispose();
      } catch (e) {
        expect(e, file).toBeInstanceOf(BundleError);
        expect((e as BundleError).file.replace(/\/\.\//g, '/')).toBe(`http://fuzz/b/${file}`);
      } finally {
        served.set(`/b/${file}`, body);
      }
    }
  }, 120_000);
});
