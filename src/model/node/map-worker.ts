/** Worker thread: a seed's map (seed-map.ts) built beside the dynamics training. */
import { copyNetwork, rebuildNetwork, type NetworkCopy } from './network-copy';
import { buildSeedMap, type SeedMap } from './seed-map';
import { useWasmBackend } from './wasm-backend';
import { serveWorker } from './workers';

export type MapJob = { encoder: NetworkCopy; seed: number; quick: boolean };
export type MapResult = Omit<SeedMap, 'projector'> & { projector: NetworkCopy };

await serveWorker<MapJob, MapResult>(async (job) => {
  await useWasmBackend();
  const map = await buildSeedMap(await rebuildNetwork(job.encoder), job.seed, job.quick);
  return { ...map, projector: copyNetwork(map.projector) };
});
