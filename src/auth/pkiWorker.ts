// Makes the certificates of a new data directory on a worker thread, while the
// main thread loads the server's modules (start-up on a fresh data dir).
import { parentPort, workerData } from 'node:worker_threads';
import { ensurePki, type PkiOptions } from './pki.js';

ensurePki(workerData as PkiOptions).then(
  () => parentPort?.postMessage({ ok: true }),
  (e: unknown) => parentPort?.postMessage({ ok: false, error: String(e) }),
);
