import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Manifest, ManifoldIndex } from '../manifest';
import type { ManifoldId } from '../recipes';
import { chooseDefault, chooseSeed, manifoldManifest } from '../seed-choice';
import { manifestFile, readManifest, readSeedRecord, trainedSeeds } from './shipped';

/**
 * Rewrites each named manifold's manifest.json from its trained seeds (the one that counts best
 * on validation is shipped), then index.json over every manifold that has one.
 */
export function writeManifolds(modelsDir: string, touched: readonly ManifoldId[]): ManifoldIndex {
  for (const id of touched) {
    const seeds = trainedSeeds(modelsDir, id).map((s) => readSeedRecord(manifestFile(modelsDir, id, s)));
    if (seeds.length === 0) continue;
    const { chosen, choices } = chooseSeed(seeds);
    writeFileSync(manifestFile(modelsDir, id), `${JSON.stringify(manifoldManifest(chosen, choices), null, 2)}\n`);
  }
  const manifolds: Manifest[] = readdirSync(modelsDir)
    .filter((name) => existsSync(join(modelsDir, name, 'manifest.json')))
    .sort()
    .map((name) => readManifest(join(modelsDir, name, 'manifest.json')));
  const index = chooseDefault(manifolds);
  writeFileSync(join(modelsDir, 'index.json'), `${JSON.stringify(index, null, 2)}\n`);
  return index;
}
