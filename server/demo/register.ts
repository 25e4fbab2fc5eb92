import type { Tx } from '../db/database.js';
import { refreshRegisterEntry } from '../modules/register/index.js';

/**
 * Lists most demo holders in the public register (country shown), so a visitor's search finds people. Left
 * out: every third holder, and `keepOff` with anyone sharing their family name, whose opting in a browser
 * journey shows from an empty search.
 */
export async function seedDemoRegister(tx: Tx, keepOff: { email: string; familyName: string }, now: Date): Promise<number> {
  const holders = await tx
    .selectFrom('users')
    .innerJoin('credentials', 'credentials.holder_id', 'users.id')
    .select(['users.id', 'users.email', 'users.name'])
    .where('users.email_verified_at', 'is not', null)
    .distinct()
    .orderBy('users.id')
    .execute();
  let listed = 0;
  for (const [i, h] of holders.entries()) {
    if (i % 3 === 2 || h.email === keepOff.email || h.name.includes(keepOff.familyName)) continue;
    await tx.insertInto('register_listings').values({ holder_id: h.id, listed: 1, show_country: 1, updated_at: now.toISOString() }).execute();
    await refreshRegisterEntry(tx, h.id, now);
    listed++;
  }
  return listed;
}
