// Worker threads start without tsx's loader: register it here, then run the TypeScript module
// named in workerData.module (a file URL).
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.module);
