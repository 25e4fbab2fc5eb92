// The worker side of the background checkpointer (checkpointer.ts): its own connection to the database
// file, copying the write-ahead log back into the database every so often. PASSIVE never waits for the
// server's connection: it copies what no reader still needs and leaves the rest for the next round.
import { parentPort, workerData } from 'node:worker_threads';
import SQLite from 'better-sqlite3';

const { file, everyMs } = workerData as { file: string; everyMs: number };
const sqlite = new SQLite(file, { fileMustExist: true });
sqlite.pragma('busy_timeout = 1000');
const checkpoint = sqlite.prepare('PRAGMA wal_checkpoint(PASSIVE)');

const round = () => {
  try {
    const r = checkpoint.get() as { busy: number; log: number; checkpointed: number };
    if (r.checkpointed > 0) parentPort?.postMessage({ frames: r.checkpointed });
  } catch (err) {
    // SQLITE_BUSY and friends: try again next round; anything lasting shows in the log file's growth.
    parentPort?.postMessage({ error: err instanceof Error ? err.message : String(err) });
  }
};
const timer = setInterval(round, everyMs);
parentPort?.on('message', (m: string) => {
  if (m !== 'stop') return;
  clearInterval(timer);
  round();
  sqlite.close();
  parentPort?.postMessage({ stopped: true });
});
