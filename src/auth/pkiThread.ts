// Runs ensurePki on a worker thread: certificates are made there (the
// certificate library is slow to load and to use) while the main thread goes on
// serving or loading modules. Resolves when the worker is done, whatever the
// outcome: a caller that still misses a file makes it itself.
import { Worker } from 'node:worker_threads';
import type { PkiOptions } from './pki.js';

export function ensurePkiOnWorker(opts: PkiOptions): Promise<void> {
  return new Promise((resolve) => {
    const w = new Worker(new URL('./pkiWorker.js', import.meta.url), { workerData: opts });
    const done = () => {
      resolve();
      void w.terminate();
    };
    w.once('message', done);
    w.once('error', done);
    w.once('exit', done);
  });
}
