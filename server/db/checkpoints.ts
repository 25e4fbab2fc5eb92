import { Worker } from 'node:worker_threads';
import type SQLite from 'better-sqlite3';
import { siblingModule, workerBootstrap } from '../platform/workers.js';

/** Pages of write-ahead log after which a commit on the server's connection checkpoints itself (SQLite's default is 1,000). */
export const BACKSTOP_PAGES = 10_000;
const DEFAULT_PAGES = 1000;

type Log = { warn: (obj: object, msg: string) => void };

/**
 * Checkpoints of the write-ahead log on a worker thread with its own connection (decision 0018). SQLite
 * otherwise checkpoints inside a commit once the log holds 1,000 pages: the request that commits then pays
 * for copying pages and an fsync, about 40 % of a write's time in the CPD benchmark. Here a PASSIVE
 * checkpoint runs every `everyMs` beside the requests; the server's connection keeps an automatic
 * checkpoint at 10,000 pages as a backstop, which also restarts a log that never stands still long enough
 * to be copied whole, and goes back to SQLite's default if the worker stops.
 */
export function checkpointInBackground(sqlite: SQLite.Database, file: string, log: Log, everyMs = 200): { stop: () => Promise<void> } {
  if (file === ':memory:') return { stop: async () => {} };
  const worker = new Worker(workerBootstrap(siblingModule(import.meta.url, 'checkpoint-worker')), { eval: true, workerData: { file, everyMs } });
  sqlite.pragma(`wal_autocheckpoint = ${BACKSTOP_PAGES}`);
  let stopping = false;
  const takeOver = (reason: string) => {
    if (stopping) return;
    stopping = true;
    if (sqlite.open) sqlite.pragma(`wal_autocheckpoint = ${DEFAULT_PAGES}`);
    log.warn({ reason }, 'background checkpoints stopped; the server checkpoints in its own commits');
  };
  worker.on('message', (m: { failed?: string }) => m.failed && takeOver(m.failed));
  worker.on('error', (err) => takeOver(err.message));
  worker.on('exit', (code) => takeOver(`the checkpoint thread exited with code ${code}`));
  // The thread must not keep a stopping process alive.
  worker.unref();
  return {
    async stop() {
      if (stopping) return;
      stopping = true;
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      worker.postMessage('stop');
      const timer = setTimeout(() => void worker.terminate(), 2000);
      await exited;
      clearTimeout(timer);
      if (sqlite.open) sqlite.pragma(`wal_autocheckpoint = ${DEFAULT_PAGES}`);
    },
  };
}
