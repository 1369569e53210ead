/**
 * A ShardExchange across threads (see ../shards.ts): each thread writes its shards' gradient sum
 * into a SharedArrayBuffer slot, waits at a barrier, then adds every slot in shard order. Two
 * slot sets alternate by step, so one barrier a step is enough: a slot is only rewritten two
 * steps later, after every thread has read it.
 */
import type { ShardExchange } from '../shards';

export interface ShardChannel {
  /** Gradient values per step: 2 sets x shards x size float32. */
  grads: SharedArrayBuffer;
  /** Losses: 2 sets x shards float64. */
  losses: SharedArrayBuffer;
  /** [arrived, generation, aborted] int32. */
  sync: SharedArrayBuffer;
  size: number;
  shards: number;
}

const ARRIVED = 0;
const GENERATION = 1;
const ABORTED = 2;
/** A thread that waits longer than this for the other has lost it (it crashed or hangs). */
const STALL_MS = 10 * 60_000;

export function createChannel(size: number, shards: number): ShardChannel {
  return {
    grads: new SharedArrayBuffer(2 * shards * size * 4),
    losses: new SharedArrayBuffer(2 * shards * 8),
    sync: new SharedArrayBuffer(3 * 4),
    size,
    shards,
  };
}

/** Tells every thread waiting on the channel to give up (a thread failed). */
export function abortChannel(channel: ShardChannel): void {
  const sync = new Int32Array(channel.sync);
  Atomics.store(sync, ABORTED, 1);
  Atomics.notify(sync, GENERATION);
}

/** The exchange for the thread that computes shard `shard` (one shard per thread). */
export function sharedExchange(channel: ShardChannel, shard: number): ShardExchange {
  const { size, shards } = channel;
  const grads = new Float32Array(channel.grads);
  const losses = new Float64Array(channel.losses);
  const sync = new Int32Array(channel.sync);
  let step = 0;
  const barrier = () => {
    const generation = Atomics.load(sync, GENERATION);
    if (Atomics.add(sync, ARRIVED, 1) === shards - 1) {
      Atomics.store(sync, ARRIVED, 0);
      Atomics.add(sync, GENERATION, 1);
      Atomics.notify(sync, GENERATION);
      return;
    }
    const started = Date.now();
    while (Atomics.load(sync, GENERATION) === generation) {
      if (Atomics.load(sync, ABORTED) === 1) throw new Error('another training thread failed');
      if (Date.now() - started > STALL_MS) throw new Error(`no word from the other training thread in ${STALL_MS / 1000} s`);
      Atomics.wait(sync, GENERATION, generation, 1000);
    }
  };
  return {
    shards,
    local: [shard],
    combine(mine, loss) {
      const set = step++ & 1;
      grads.set(mine, (set * shards + shard) * size);
      losses[set * shards + shard] = loss;
      barrier();
      if (Atomics.load(sync, ABORTED) === 1) throw new Error('another training thread failed');
      const total = new Float32Array(size);
      let totalLoss = 0;
      for (let k = 0; k < shards; k++) {
        const slot = grads.subarray((set * shards + k) * size, (set * shards + k + 1) * size);
        for (let i = 0; i < size; i++) total[i] += slot[i]!;
        totalLoss += losses[set * shards + k]!;
      }
      return { grads: total, loss: totalLoss };
    },
  };
}
