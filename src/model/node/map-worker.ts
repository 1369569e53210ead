/** Worker thread: one trained seed's map (seed-map-files.ts), so maps of two manifolds build at once. */
import type { SeedRecord } from '../manifest';
import { writeSeedMap, type SeedMapJob } from './seed-map-files';
import { useWasmBackend } from './wasm-backend';
import { serveWorker } from './workers';

await serveWorker<SeedMapJob, SeedRecord>(async (job) => {
  await useWasmBackend();
  return writeSeedMap(job);
});
