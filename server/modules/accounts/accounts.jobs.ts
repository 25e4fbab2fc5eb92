import type { Db } from '../../db/database.js';
import { DAY } from '../../platform/clock.js';
import { accountsRepository } from './accounts.repository.js';

/** Deletes expired sessions, and one-time tokens a month past their expiry (kept that long for support questions). */
export async function sweepAccounts(db: Db, now: Date): Promise<void> {
  const repo = accountsRepository();
  await repo.deleteExpiredSessions(db, now.toISOString());
  await repo.deleteOneTimeTokensExpiredBefore(db, new Date(now.getTime() - 30 * DAY).toISOString());
}
