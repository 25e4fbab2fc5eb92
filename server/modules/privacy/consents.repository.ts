import type { ConsentPurpose } from '../../../contracts/privacy.js';
import type { Db, Tx } from '../../db/database.js';
import { newId } from '../../platform/ids.js';
import { privacyTexts } from './consent-texts.js';

/** The member's consent records of this module, newest first. */
export function consentsOf(q: Db | Tx, userId: string) {
  return q.selectFrom('consents').selectAll().where('user_id', '=', userId).orderBy('agreed_at', 'desc').orderBy('id', 'desc').execute();
}

/** Sharing with organisations, read from organisations/consent's own grants (not copied). */
export function organisationGrantsOf(q: Db | Tx, userId: string) {
  return q
    .selectFrom('consent_grants as g')
    .innerJoin('organisations as o', 'o.id', 'g.organisation_id')
    .select(['g.id', 'g.organisation_id', 'o.name as organisation_name', 'g.scope', 'g.text', 'g.text_version', 'g.granted_at', 'g.revoked_at'])
    .where('g.member_id', '=', userId)
    .execute();
}

/**
 * Records a choice: agreeing opens a record with the words in force (unless one is open already);
 * withdrawing closes the open one. Answers whether anything changed.
 */
export async function recordChoice(tx: Tx, userId: string, purpose: ConsentPurpose, agreed: boolean, now: Date): Promise<boolean> {
  const open = await tx.selectFrom('consents').select('id').where('user_id', '=', userId).where('purpose', '=', purpose).where('withdrawn_at', 'is', null).executeTakeFirst();
  if (agreed === Boolean(open)) return false;
  if (open) {
    await tx.updateTable('consents').set({ withdrawn_at: now.toISOString() }).where('id', '=', open.id).execute();
    return true;
  }
  const t = privacyTexts[purpose];
  await tx.insertInto('consents').values({ id: newId(), user_id: userId, purpose, text: t.text, text_version: t.version, agreed_at: now.toISOString(), withdrawn_at: null }).execute();
  return true;
}
