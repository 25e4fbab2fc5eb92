// The status epoch: one number in the database, bumped in the same transaction as every change of
// a credential's status and every change of the issuer's keys. Each in-memory cache of status lists,
// status bits and keys is tagged with the epoch it was read at and used only while it still matches,
// so a change made by any process is seen without each read going to the tables.
//
// On SQLite the epoch is read on every use through a prepared statement on the raw connection (a
// documented hot path, docs/decisions/0004-hot-paths.md): a few microseconds, and exact. On
// PostgreSQL it costs a round trip, so it is re-read at most every RECHECK_MS; a change made in this
// process through this module's services is seen at once (they call `changed` after committing),
// one made by another process within RECHECK_MS.
import type { Statement } from 'better-sqlite3';
import type { Platform } from '../../../platform/context.js';
import type { CredentialsRepository } from '../credentials.repository.js';

export const RECHECK_MS = 250;

export type Epoch = {
  /** The epoch now (on PostgreSQL, as read within the last RECHECK_MS). */
  current: () => Promise<number>;
  /** Call after committing a transaction that bumped the epoch, so this process re-reads it. */
  changed: () => void;
};

export function statusEpoch(p: Pick<Platform, 'database'>, repo: Pick<CredentialsRepository, 'epoch'>): Epoch {
  const { sqlite, db } = p.database;
  let statement: Statement<[], number> | null = null;
  let known = 0;
  let checkedAt = Number.NEGATIVE_INFINITY;
  return {
    async current() {
      if (sqlite) {
        statement ??= sqlite.prepare<[], number>('SELECT epoch FROM credential_status_epoch WHERE id = 1').pluck();
        return statement.get() as number;
      }
      const t = performance.now();
      if (t - checkedAt >= RECHECK_MS) {
        known = await repo.epoch(db);
        checkedAt = t;
      }
      return known;
    },
    changed() {
      checkedAt = Number.NEGATIVE_INFINITY;
    },
  };
}
