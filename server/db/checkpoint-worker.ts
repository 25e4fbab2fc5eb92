// The worker side of background checkpoints (checkpoints.ts): its own connection to the database file,
// copying the write-ahead log back into the database every `everyMs` without blocking anyone (PASSIVE).
import { parentPort, workerData } from 'node:worker_threads';
import SQLite from 'better-sqlite3';

const { file, everyMs } = workerData as { file: string; everyMs: number };
const db = new SQLite(file);
db.pragma('busy_timeout = 1000');

function checkpoint(): void {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (err) {
    // Told once; the server's own connection takes the checkpoints over.
    parentPort?.postMessage({ failed: err instanceof Error ? err.message : String(err) });
    clearInterval(timer);
    db.close();
    parentPort?.close();
  }
}

const timer = setInterval(checkpoint, everyMs);
parentPort?.on('message', (message) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  db.close();
  parentPort?.close();
});
