/**
 * A trained seed's map written into its folder: the 3D map (seed-map.ts) from the seed's saved
 * encoder, the projector beside the other networks, the map files, and seed.json updated to name
 * them. `npm run train` does this only for the seed each manifold ships, after choosing it.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SeedRecord } from '../manifest';
import type { ManifoldId } from '../recipes';
import { loadModel, saveModel } from './model-files';
import { buildSeedMap } from './seed-map';
import { manifestFile, readSeedRecord } from './shipped';

export interface SeedMapJob {
  modelsDir: string;
  manifold: ManifoldId;
  seed: number;
  quick: boolean;
}

/** Files a seed's map writes, relative to its folder: none of them may outlive a retrained encoder. */
export const MAP_FILES = { projector: 'projector', positions: 'map.f32', labels: 'map-labels.u8', heldOutPositions: 'map-heldout.f32' } as const;

export async function writeSeedMap(job: SeedMapJob): Promise<SeedRecord> {
  const file = manifestFile(job.modelsDir, job.manifold, job.seed);
  const record = readSeedRecord(file);
  const folder = join(job.modelsDir, job.manifold, `seed-${job.seed}`);
  const encoder = await loadModel(join(folder, record.models.encoder.path));
  const map = await buildSeedMap(encoder, job.seed, job.quick);
  encoder.dispose();
  await saveModel(map.projector, join(folder, MAP_FILES.projector));
  const write = (name: string, bytes: Uint8Array) => {
    writeFileSync(join(folder, name), bytes);
    return name;
  };
  const floats = (v: Float32Array) => new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
  const seconds = Math.round(map.seconds * 10) / 10;
  const mapped: SeedRecord = {
    ...record,
    models: { ...record.models, projector: { path: MAP_FILES.projector, parameters: map.projector.countParams() } },
    map: {
      ...map.summary,
      positions: write(MAP_FILES.positions, floats(map.embedding)),
      labels: write(MAP_FILES.labels, map.labels),
      rows: map.rows,
      heldOutPositions: write(MAP_FILES.heldOutPositions, floats(map.heldOutProjected)),
    },
    training_seconds: { ...record.training_seconds, map: seconds, total: Math.round(((record.training_seconds.total ?? 0) + seconds) * 10) / 10 },
  };
  map.projector.dispose();
  writeFileSync(file, `${JSON.stringify(mapped, null, 2)}\n`);
  return mapped;
}
