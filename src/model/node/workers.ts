/**
 * The wasm backend runs one thread per process, so training and evaluation use both cores by
 * running independent jobs (seeds, manifolds) in worker threads, a pool of them at a time.
 */
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';

/** A worker's messages: progress lines while it runs, then exactly one result or error. */
export type WorkerMessage<R> = { kind: 'progress'; text: string } | { kind: 'result'; value: R } | { kind: 'error'; message: string };

/** Runs `module` (a TypeScript file URL that reads `workerData.input`) in a worker thread. */
export function runInWorker<I, R>(module: URL, input: I, onProgress?: (text: string) => void): Promise<R> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./worker-entry.mjs', import.meta.url), { workerData: { module: module.href, input } });
    let settled = false;
    worker.on('message', (m: WorkerMessage<R>) => {
      if (m.kind === 'progress') onProgress?.(m.text);
      else {
        settled = true;
        if (m.kind === 'result') resolve(m.value);
        else reject(new Error(m.message));
        void worker.terminate();
      }
    });
    worker.on('error', (e) => {
      settled = true;
      reject(e);
    });
    worker.on('exit', (code) => {
      if (!settled) reject(new Error(`worker ${module.pathname} exited with code ${code} before it answered`));
    });
  });
}

/** Runs every item through `run`, at most `width` at a time; results in the items' order. */
export async function inPool<T, R>(items: readonly T[], width: number, run: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await run(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(width, items.length)) }, lane));
  return results;
}

/** Lanes for CPU-bound jobs: one per core, the machine's two here. */
export function cpuLanes(): number {
  return Math.max(1, availableParallelism());
}

/** Inside a worker: runs `job` on the input it was given and posts its progress and result. */
export async function serveWorker<I, R>(job: (input: I, progress: (text: string) => void) => Promise<R>): Promise<void> {
  const { parentPort, workerData } = await import('node:worker_threads');
  if (!parentPort) throw new Error('serveWorker runs only inside a worker thread');
  const post = (m: WorkerMessage<R>) => parentPort.postMessage(m);
  try {
    post({ kind: 'result', value: await job((workerData as { input: I }).input, (text) => post({ kind: 'progress', text })) });
  } catch (e) {
    post({ kind: 'error', message: e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e) });
  }
}
