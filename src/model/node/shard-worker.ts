/** The helper thread of shard-helper.ts: rebuilds the networks, trains shard 1, then exits. */
import { trainAutoencoder, trainDynamics } from '../training';
import type { HelperJob } from './shard-helper';
import { rebuildNetwork } from './network-copy';
import { sharedExchange, type ShardChannel } from './shared-shards';
import { useWasmBackend } from './wasm-backend';
import { serveWorker } from './workers';

await serveWorker<{ job: HelperJob; channel: ShardChannel }, null>(async ({ job, channel }) => {
  await useWasmBackend();
  const exchange = sharedExchange(channel, 1);
  if (job.kind === 'autoencoder') {
    await trainAutoencoder(await rebuildNetwork(job.encoder), await rebuildNetwork(job.decoder), job.digits, job.config, undefined, exchange);
  } else {
    const pairs = { inputs: new Float32Array(job.pairs.inputs), targets: new Float32Array(job.pairs.targets), count: job.pairs.count, dim: job.pairs.dim };
    await trainDynamics(await rebuildNetwork(job.dynamics), pairs, job.config, undefined, exchange);
  }
  return null;
});
