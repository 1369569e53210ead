/**
 * The recipe switch end to end, on quick settings: each recipe trains into its own manifold
 * folder, the ssl recipe without labels in the encoder and ssl+labels with the contrastive term;
 * the shipped seed gets its map; the manifolds' manifests and the index are written from the
 * seeds' validation figures.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SeedRecord } from '../../src/model/manifest';
import { writeManifolds } from '../../src/model/node/manifold-files';
import { runSeed, writeSharedDigits } from '../../src/model/node/seed-run';
import { MAP_FILES, writeSeedMap } from '../../src/model/node/seed-map-files';
import { loadMnistPackage } from '../../src/model/node/mnist-source';
import { loadManifold, MODELS_DIR, readManifoldIndex } from '../../src/model/node/shipped';
import { useWasmBackend } from '../../src/model/node/wasm-backend';
import { recipeConfig } from '../../src/model/recipes';

let dir = '';
const trained: Record<string, SeedRecord> = {};
const MAP_PATHS = ['projector/model.json', 'map.f32', 'map-labels.u8', 'map-heldout.f32'];

beforeAll(async () => {
  await useWasmBackend();
  dir = mkdtempSync(join(tmpdir(), 'latentflow-recipes-'));
  cpSync(join(MODELS_DIR, 'judge'), join(dir, 'models', 'judge'), { recursive: true });
  writeSharedDigits(join(dir, 'models'), loadMnistPackage());
  // A map left from an earlier encoder of seed 7: retraining the seed must not keep it.
  mkdirSync(join(dir, 'models', 'ssl', 'seed-7'), { recursive: true });
  writeFileSync(join(dir, 'models', 'ssl', 'seed-7', MAP_FILES.positions), new Uint8Array(12));
  for (const recipe of ['ssl', 'ssl+labels'] as const) {
    trained[recipe] = await runSeed({ recipe, seed: 7, quick: true, modelsDir: join(dir, 'models') });
  }
}, 400_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('training recipes', () => {
  it('grounds ssl without labels and ssl+labels with the supervised contrastive term', () => {
    expect(recipeConfig('ssl', 1).contrastive).toBeNull();
    expect(recipeConfig('ssl+labels', 1).contrastive).toEqual({ weight: expect.any(Number), temperature: expect.any(Number) });
    expect(trained.ssl!.config.contrastive).toBeNull();
    expect(trained['ssl+labels']!.config.contrastive).not.toBeNull();
    // Apart from the grounding term, the two recipes share every setting.
    const { contrastive: _a, recipe: _r1, ...ssl } = trained.ssl!.config;
    const { contrastive: _b, recipe: _r2, ...labels } = trained['ssl+labels']!.config;
    expect(labels).toEqual(ssl);
  });

  it('writes each recipe into its own manifold folder, every network beside seed.json and no map yet', () => {
    for (const [folder, m] of [['ssl', trained.ssl!], ['ssl-labels', trained['ssl+labels']!]] as const) {
      const seedDir = join(dir, 'models', folder, 'seed-7');
      expect(m.manifold).toBe(folder);
      for (const f of ['encoder/model.json', 'decoder/weights.bin', 'dynamics/model.json', 'latents.f32', 'seed.json']) {
        expect(existsSync(join(seedDir, f)), f).toBe(true);
      }
      for (const f of MAP_PATHS) expect(existsSync(join(seedDir, f)), f).toBe(false);
      expect(m.map).toBeUndefined();
      expect(m.models.projector).toBeUndefined();
      expect(m.digits.training.latents).toBe('latents.f32');
      expect(readFileSync(join(seedDir, 'latents.f32')).length).toBe(m.digits.training.count * 64 * 4);
      expect(m.dynamics_stages.filter((s) => s.kept)).toHaveLength(1);
    }
    expect(readFileSync(join(dir, 'data', 'heldout.u8')).length).toBeGreaterThan(0);
  });

  it("writes each manifold's manifest from its seeds once the shipped seed has its map, and they load", async () => {
    expect(() => writeManifolds(join(dir, 'models'), ['ssl'])).toThrow(/seed-7\/seed\.json: seed 7 has no map/);
    for (const manifold of ['ssl', 'ssl-labels'] as const) {
      const mapped = await writeSeedMap({ modelsDir: join(dir, 'models'), manifold, seed: 7, quick: true });
      for (const f of MAP_PATHS) expect(existsSync(join(dir, 'models', manifold, 'seed-7', f)), f).toBe(true);
      expect(mapped.map!.rows.training).toBe(mapped.digits.training.count);
      expect(readFileSync(join(dir, 'models', manifold, 'seed-7', MAP_FILES.positions)).length).toBe(mapped.map!.count * 3 * 4);
      expect(mapped.training_seconds.map).toBeGreaterThan(0);
    }
    const index = writeManifolds(join(dir, 'models'), ['ssl', 'ssl-labels']);
    expect(readManifoldIndex(join(dir, 'models'))).toEqual(index);
    expect(index.manifolds.map((m) => m.id).sort()).toEqual(['ssl', 'ssl-labels']);
    const loaded = await loadManifold('ssl-labels', join(dir, 'models'));
    expect(loaded.manifest.seeds).toEqual([expect.objectContaining({ seed: 7, chosen: true })]);
    expect(loaded.manifest.models.encoder.path).toBe('seed-7/encoder');
    expect(loaded.models.dynamics.inputs[0]!.shape).toEqual([null, 65]);
    expect(loaded.models.projector.outputs[0]!.shape).toEqual([null, 3]);
  });
});
