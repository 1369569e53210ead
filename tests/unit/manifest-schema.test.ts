/**
 * The manifest contract (src/model/manifest-schema.ts, docs/models.md "Bring your own model"):
 * every shipped manifest and seed record passes; a bundle of its own needs only the networks, the
 * digits and the latent size; each bad field is named once, with its path and what was expected;
 * the networks are checked against the declared latent size; a bundle without a projector gets a
 * linear map onto its latents' principal axes.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { BundleError, checkNetworkShapes } from '../../src/model/bundle';
import { pcaProjector, principalAxes } from '../../src/model/derived-map';
import { declaredLatentDim, ManifestError, parseBundleManifest, parseManifest, parseManifoldIndex, parseSeedRecord } from '../../src/model/manifest';
import { buildDecoder, buildDynamics, buildEncoder } from '../../src/model/networks';
import { MODELS_DIR } from '../../src/model/node/shipped';
import { buildProjector } from '../../src/model/projector';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Every manifest.json and seed-<n>/seed.json shipped. */
const SHIPPED = readdirSync(MODELS_DIR, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .flatMap((e) => {
    const folder = join(MODELS_DIR, e.name);
    const names = readdirSync(folder);
    return [
      ...(names.includes('manifest.json') ? [join(folder, 'manifest.json')] : []),
      ...names.filter((n) => /^seed-\d+$/.test(n)).map((n) => join(folder, n, 'seed.json')),
    ];
  });

const labels = (n: number) => Array.from({ length: n }, (_, i) => i % 10);

/** The least a bundle of one's own needs. */
function minimal(): Record<string, unknown> {
  return {
    version: 2,
    manifold: 'toy-32',
    latent_dim: 32,
    models: { encoder: { path: 'encoder' }, decoder: { path: 'decoder' }, dynamics: { path: 'dynamics' } },
    digits: { training: { file: 'training.u8', count: 20, labels: labels(20) }, heldOut: { file: 'heldout.u8', count: 10, labels: labels(10) } },
  };
}

function issuesOf(manifest: unknown): { path: string; message: string }[] {
  try {
    parseBundleManifest(JSON.stringify(manifest));
  } catch (e) {
    expect(e).toBeInstanceOf(ManifestError);
    return [...(e as ManifestError).issues];
  }
  return [];
}

describe('the manifest contract', () => {
  it('passes every shipped manifest and seed record, as a bundle and as a training record', () => {
    expect(SHIPPED.length).toBeGreaterThanOrEqual(8);
    for (const file of SHIPPED) {
      const text = readFileSync(file, 'utf8');
      expect(declaredLatentDim(parseBundleManifest(text)), file).toBe(64);
      const parse = file.endsWith('seed.json') ? parseSeedRecord : parseManifest;
      expect(parse(text).config.autoencoder.latentDim, file).toBe(64);
    }
  });

  it('passes a seed record without a map (only the shipped seed gets one), and no manifold manifest without one', () => {
    const file = SHIPPED.find((f) => f.endsWith('manifest.json'))!;
    const { map: _map, ...unmapped } = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown> & { models: Record<string, unknown> };
    const { projector: _projector, ...networks } = unmapped.models;
    const record = JSON.stringify({ ...unmapped, models: networks });
    expect(parseSeedRecord(record).map).toBeUndefined();
    expect(() => parseManifest(record)).toThrow(/models\.projector: missing.*map: missing/);
  });

  it('passes a bundle of its own with only networks, digits and latent_dim, and with the optional parts', () => {
    expect(declaredLatentDim(parseBundleManifest(JSON.stringify(minimal())))).toBe(32);
    const full = {
      ...minimal(),
      recipe: 'mine',
      signal: 'a VAE',
      seed: 7,
      notes: 'fields of its own are kept',
      models: { ...(minimal().models as object), projector: { path: 'projector', parameters: 10 } },
      judge: { path: '../judge' },
      map: { count: 20, positions: 'map.f32', labels: 'map-labels.u8', heldOutPositions: 'map-heldout.f32' },
    };
    expect(parseBundleManifest(JSON.stringify(full))).toMatchObject({ notes: 'fields of its own are kept', seed: 7 });
    // The training record needs more than the contract: a bundle of one's own is not one.
    expect(() => parseManifest(JSON.stringify(full))).toThrow(/config: missing/);
  });

  it.each([
    ['a wrong type', (m: Record<string, unknown>) => ((m.models as Record<string, unknown>).encoder = { path: 3 }), 'models.encoder.path', 'expected a path (a string), got 3'],
    ['a missing network', (m: Record<string, unknown>) => delete (m.models as Record<string, unknown>).dynamics, 'models.dynamics', 'missing, expected {"path": "<folder holding model.json>"}'],
    ['an out-of-range number', (m: Record<string, unknown>) => (m.latent_dim = 1), 'latent_dim', 'expected an integer >= 2, got 1'],
    ['no latent size at all', (m: Record<string, unknown>) => delete m.latent_dim, 'latent_dim', 'missing, expected an integer >= 2'],
    ['another format', (m: Record<string, unknown>) => (m.version = 1), 'version', 'expected 2'],
    ['a bad name', (m: Record<string, unknown>) => (m.manifold = '../x'), 'manifold', 'expected a name of letters, digits, - and _'],
    ['a bad label', (m: Record<string, unknown>) => ((m.digits as { training: { labels: unknown[] } }).training.labels[4] = 10), 'digits.training.labels[4]', 'expected an integer from 0 to 9, got 10'],
    ['labels and count apart', (m: Record<string, unknown>) => ((m.digits as { heldOut: { count: number } }).heldOut.count = 11), 'digits.heldOut.labels', 'expected 11 labels (digits.heldOut.count), got 10'],
    ['a map without its projector', (m: Record<string, unknown>) => (m.map = { count: 20, positions: 'a', labels: 'b', heldOutPositions: 'c' }), 'models.projector', 'missing, expected one with a map'],
    ['two latent sizes', (m: Record<string, unknown>) => (m.config = { autoencoder: { latentDim: 64 } }), 'latent_dim', 'is 32 but config.autoencoder.latentDim is 64'],
    ['a null section', (m: Record<string, unknown>) => (m.digits = null), 'digits', 'expected an object ({"training", "heldOut"}), got null'],
  ])('names %s with its path and what was expected', (_what, edit, path, message) => {
    const m = minimal();
    edit(m);
    const issues = issuesOf(m);
    expect(issues.map((i) => i.path)).toEqual([path]);
    expect(issues[0]!.message).toContain(message);
  });

  it('names each of several bad fields once, in one message that starts with the file', () => {
    const m = minimal();
    m.latent_dim = 0.5;
    (m.models as Record<string, unknown>).encoder = { path: 3 };
    delete (m.models as Record<string, unknown>).decoder;
    const training = (m.digits as { training: { labels: unknown[] } }).training;
    training.labels = training.labels.map(() => 'seven');
    m.judge = 'judge';
    let error: ManifestError | null = null;
    try {
      parseBundleManifest(JSON.stringify(m), 'models/mine/manifest.json');
    } catch (e) {
      error = e as ManifestError;
    }
    expect(error).toBeInstanceOf(ManifestError);
    const paths = error!.issues.map((i) => i.path);
    expect(paths.sort()).toEqual(['digits.training.labels[0]', 'judge', 'latent_dim', 'models.decoder', 'models.encoder.path']);
    expect(error!.message.startsWith('models/mine/manifest.json: ')).toBe(true);
    expect(error!.message).toContain('latent_dim: expected an integer >= 2, got 0.5');
    expect(error!.message).toContain('models.encoder.path: expected a path (a string), got 3');
    // Twenty bad labels are one entry.
    expect(error!.message).toContain('digits.training.labels[0]: expected an integer from 0 to 9, got "seven" (and 19 more items)');
    expect(error!.message.split('; ')).toHaveLength(5);
  });

  it('refuses text that is not a JSON object, saying so', () => {
    expect(() => parseBundleManifest('{"version": 2, "models": ')).toThrow(/manifest\.json is not valid JSON/);
    expect(() => parseBundleManifest('[]')).toThrow(/manifest\.json is not an object/);
  });
});

describe('the bundle index (models/index.json)', () => {
  it('passes the shipped index and a bundle of its own that names only ids and the default', () => {
    expect(parseManifoldIndex(readFileSync(join(MODELS_DIR, 'index.json'), 'utf8')).manifolds.length).toBeGreaterThan(0);
    expect(parseManifoldIndex('{"version": 1, "default": "toy-32", "manifolds": [{"id": "toy-32"}]}').default).toBe('toy-32');
  });

  it('names each bad field, and a default that is not among the manifolds', () => {
    expect(() => parseManifoldIndex('{"version": 1, "default": "b", "manifolds": [{"id": "a"}]}')).toThrow('index.json: default: "b" is not among its manifolds (a)');
    expect(() => parseManifoldIndex('{"version": 2, "default": "a", "manifolds": [{"id": "a"}, null]}')).toThrow(
      'index.json: version: expected 1 (the index format this page reads), got 2; manifolds[1]: expected an object ({"id", ...}), got null',
    );
  });
});

describe('the networks against the declared latent size', () => {
  const arch = { channels: [2, 4] as const, kernel: 3, latentDim: 32 };
  const models = () => ({ encoder: buildEncoder(arch, 1), decoder: buildDecoder(arch, 1), dynamics: buildDynamics(1, 32), projector: buildProjector(1, 32, { width: 8, depth: 1 }) });

  it('accepts encoder 28x28x1 -> d, decoder d -> 28x28x1, dynamics d + 1 -> d, projector d -> 3', () => {
    const m = models();
    expect(() => checkNetworkShapes(32, m)).not.toThrow();
    expect(() => checkNetworkShapes(32, { ...m, projector: null })).not.toThrow();
    tf.dispose(Object.values(m).map((x) => x.getWeights()).flat());
  });

  it('refuses a network of another size with a BundleError naming its file and both sizes', () => {
    const m = models();
    const urls = { encoder: 'b/encoder/model.json', dynamics: 'b/dynamics/model.json' };
    expect(() => checkNetworkShapes(16, m, urls)).toThrow(BundleError);
    expect(() => checkNetworkShapes(16, m, urls)).toThrow('b/encoder/model.json: the encoder maps [28, 28, 1] -> [32], but latent size 16 (the manifest\'s) needs [28, 28, 1] -> [16]');
    expect(() => checkNetworkShapes(32, { ...m, dynamics: buildDynamics(1, 64) }, urls)).toThrow('b/dynamics/model.json: the dynamics maps [65] -> [64], but latent size 32');
    expect(() => checkNetworkShapes(32, { ...m, projector: buildProjector(1, 64, { width: 8, depth: 1 }) }, urls)).toThrow(/projector: the projector maps \[64\] -> \[3\]/);
  });
});

describe('the map made for a bundle without one', () => {
  it('finds the principal axes of latents stretched along known directions', () => {
    const dim = 8;
    const n = 400;
    const latents = new Float32Array(n * dim);
    for (let r = 0; r < n; r++) {
      // Axis 2 varies most, then axis 5, then axis 0; the rest a little.
      const s = Math.sin(r * 1.3);
      const c = Math.cos(r * 0.7);
      const t = Math.sin(r * 2.9 + 1);
      for (let j = 0; j < dim; j++) latents[r * dim + j] = 0.01 * Math.sin(r * (j + 3)) + 1;
      latents[r * dim + 2] += 10 * s;
      latents[r * dim + 5] += 5 * c;
      latents[r * dim + 0] += 2 * t;
    }
    const { mean, axes } = principalAxes(latents, dim);
    expect(mean[3]!).toBeCloseTo(1, 1);
    expect(axes.map((a) => a.reduce((best, x, j) => (Math.abs(x) > Math.abs(a[best]!) ? j : best), 0))).toEqual([2, 5, 0]);
  });

  it('places latents with one linear layer, 99% of the training coordinates within [-1, 1]', () => {
    const dim = 32;
    const latents = Float32Array.from({ length: 300 * dim }, (_, i) => Math.sin(i * 0.37) * ((i % dim) + 1));
    const projector = pcaProjector(latents, dim);
    expect(projector.layers).toHaveLength(1);
    expect(projector.outputs[0]!.shape).toEqual([null, 3]);
    const placed = tf.tidy(() => (projector.predict(tf.tensor2d(latents, [300, dim])) as tf.Tensor).dataSync());
    const inside = Array.from(placed).filter((v) => Math.abs(v) <= 1.0001).length;
    expect(inside / placed.length).toBeGreaterThanOrEqual(0.99);
    expect(Math.max(...Array.from(placed, Math.abs))).toBeGreaterThan(0.5);
    projector.dispose();
  });
});
