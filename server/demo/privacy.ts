import type { Tx } from '../db/database.js';
import { DAY } from '../platform/clock.js';
import { recordChoice } from '../modules/privacy/consents.repository.js';

/*
 * Consent records for the demo: every listed holder agreed to the register listing when they chose it,
 * and the demo member agreed to news by e-mail a month ago, so the privacy page has something to show.
 */
export async function seedDemoPrivacy(tx: Tx, memberEmail: string, now: Date): Promise<void> {
  const listed = await tx.selectFrom('register_listings').select(['holder_id', 'updated_at']).where('listed', '=', 1).execute();
  for (const l of listed) await recordChoice(tx, l.holder_id, 'register_listing', true, new Date(l.updated_at));
  const member = await tx.selectFrom('users').select('id').where('email', '=', memberEmail).executeTakeFirst();
  if (member) await recordChoice(tx, member.id, 'marketing_mail', true, new Date(now.getTime() - 30 * DAY));
}
