/** Worker thread: one recipe and seed trained end to end (see seed-run.ts). */
import type { SeedRecord } from '../manifest';
import { runSeed, type SeedRunOptions } from './seed-run';
import { openDawn, useWebGpuBackend } from './dawn';
import { useWasmBackend } from './wasm-backend';
import { serveWorker } from './workers';

await serveWorker<SeedRunOptions, SeedRecord>(async (options, progress) => {
  if (options.backend === 'webgpu') {
    const dawn = await openDawn({ allowSoftware: true });
    progress(`webgpu: ${dawn.info.software ? 'software' : 'hardware'} adapter ${dawn.info.description || dawn.info.device || dawn.info.vendor} (Vulkan driver ${dawn.driver.driver}: ${dawn.driver.reason})`);
    await useWebGpuBackend(dawn.device);
  } else {
    await useWasmBackend();
  }
  let last = 0;
  return runSeed(
    options,
    (p) => {
      // Progress crosses threads as text, a few lines a minute.
      if (performance.now() - last < 5000 && !(p.batch === p.batches - 1 && p.epoch === p.epochs - 1)) return;
      last = performance.now();
      progress(`${p.phase} epoch ${p.epoch + 1}/${p.epochs} batch ${p.batch + 1}/${p.batches} loss ${p.loss.toFixed(5)}`);
    },
    progress,
  );
});
