import type { Db, Tx } from '../../db/database.js';
import { newId } from '../../platform/ids.js';
import { randomToken, sha256 } from '../../platform/secrets.js';

/** How long a claim link from a register import stays usable: long, as holders read such mail late. */
export const CLAIM_TTL_MS = 60 * 86_400_000;

/** The last day a claim link issued at `now` works, as the mails say it (YYYY-MM-DD). */
export const claimExpiresOn = (now: Date): string => new Date(now.getTime() + CLAIM_TTL_MS).toISOString().slice(0, 10);

/**
 * A single-use link token for an invited account (made by a register import): opening it sets the first
 * password and signs the holder in. A new token replaces any earlier unused one. Returns the token itself,
 * which is stored only hashed.
 */
export async function issueClaimToken(tx: Db | Tx, userId: string, now: Date): Promise<string> {
  const token = randomToken();
  const at = now.toISOString();
  await tx.updateTable('one_time_tokens').set({ used_at: at }).where('user_id', '=', userId).where('purpose', '=', 'claim_account').where('used_at', 'is', null).execute();
  await tx
    .insertInto('one_time_tokens')
    .values({ id: newId(), user_id: userId, purpose: 'claim_account', token_hash: sha256(token), created_at: at, expires_at: new Date(now.getTime() + CLAIM_TTL_MS).toISOString(), used_at: null })
    .execute();
  return token;
}
