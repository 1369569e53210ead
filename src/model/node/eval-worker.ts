/** Worker thread: one evaluation job (see eval-run.ts). */
import { runEvalJob, type EvalJob, type EvalJobResult } from './eval-run';
import { useWasmBackend } from './wasm-backend';
import { serveWorker } from './workers';

await serveWorker<EvalJob, EvalJobResult>(async (job, progress) => {
  await useWasmBackend();
  return runEvalJob(job, progress);
});
