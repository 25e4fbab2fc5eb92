import { Worker } from 'node:worker_threads';
import type SQLite from 'better-sqlite3';
import { siblingModule, workerBootstrap } from '../platform/workers.js';

/*
 * SQLite in WAL mode copies the log back into the database (a checkpoint) inside whichever commit pushes the
 * log past 1,000 pages, and fsyncs the file there: on the server's one connection that blocks the event loop
 * for 5–15 ms now and then, and every request in flight waits (the door rush's p99 was mostly these). A
 * server therefore turns the automatic checkpoint off and runs it on a worker thread with a connection of its
 * own, every `everyMs`. Commits stay as durable as before (the log is written by the commit; a crash replays
 * it on open). Should the worker stop, the connection goes back to checkpointing itself.
 */

const bootstrap = workerBootstrap(siblingModule(import.meta.url, 'checkpoint-worker'));
/** How large the log file is left after a checkpoint, so one busy burst does not keep a huge file. */
const JOURNAL_SIZE_LIMIT = 64 * 1024 * 1024;

export type Checkpointer = { framesCopied: () => number; running: () => boolean; stop: () => Promise<void> };

export function checkpointInBackground(sqlite: SQLite.Database, file: string, everyMs = 200, warn: (message: string) => void = () => {}): Checkpointer {
  sqlite.pragma('wal_autocheckpoint = 0');
  sqlite.pragma(`journal_size_limit = ${JOURNAL_SIZE_LIMIT}`);
  const worker = new Worker(bootstrap, { eval: true, workerData: { file, everyMs } });
  worker.unref(); // a checkpointer alone does not keep the process alive
  let frames = 0;
  let alive = true;
  let stopping = false;
  const fallBack = (why: string) => {
    if (!alive) return;
    alive = false;
    if (stopping || !sqlite.open) return;
    sqlite.pragma('wal_autocheckpoint = 1000');
    warn(`the background checkpointer stopped (${why}); the server's connection checkpoints itself again`);
  };
  worker.on('message', (m: { frames?: number; error?: string }) => {
    if (m.frames) frames += m.frames;
  });
  worker.on('error', (err) => fallBack(err.message));
  worker.on('exit', (code) => fallBack(`exit code ${code}`));
  return {
    framesCopied: () => frames,
    running: () => alive,
    async stop() {
      if (!alive) return;
      stopping = true;
      const done = new Promise<void>((resolve) => {
        worker.on('message', (m: { stopped?: boolean }) => m.stopped && resolve());
        worker.once('exit', () => resolve());
      });
      worker.postMessage('stop');
      await Promise.race([done, new Promise((r) => setTimeout(r, 2000).unref())]);
      alive = false;
      await worker.terminate();
    },
  };
}
