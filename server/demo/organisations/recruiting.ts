import type { Tx } from '../../db/database.js';
import { refreshCandidate } from '../../modules/organisations/recruiting/candidates.repository.js';
import { newId } from '../../platform/ids.js';
import { randomToken, sha256 } from '../../platform/secrets.js';
import type { DemoOrganisations } from './core.js';

const DAY = 86_400_000;

/**
 * Candidate search has something to find: every other listed holder lists their certifications, every
 * third their responsibility level. Fabrikam Recruitment (the recruiting organisation) has written to
 * two of them, and one has replied.
 */
export async function seedDemoRecruiting(tx: Tx, orgs: DemoOrganisations, now: Date): Promise<void> {
  const listed = await tx
    .selectFrom('register_entries as e')
    .innerJoin('users as u', 'u.id', 'e.holder_id')
    .select(['e.holder_id as id', 'u.email', 'u.name'])
    .orderBy('e.sort_name')
    .orderBy('e.holder_id')
    .execute();
  for (const [i, h] of listed.entries()) {
    const certs = i % 2 === 0 ? 1 : 0;
    const level = i % 3 === 0 ? 1 : 0;
    if (!certs && !level) continue;
    await tx.updateTable('register_listings').set({ list_certifications: certs, list_responsibility: level }).where('holder_id', '=', h.id).execute();
    await refreshCandidate(tx, h.id, now);
  }

  const sender = orgs.recruiter
    ? await tx.selectFrom('organisation_members').select('user_id').where('organisation_id', '=', orgs.recruiter).orderBy('role').orderBy('user_id').executeTakeFirst()
    : undefined;
  const [first, second] = listed.filter((_, i) => i % 2 === 0);
  if (!sender || !first || !second) return;
  const message = (to: { id: string }, daysAgo: number, subject: string, body: string) => ({
    id: newId(),
    organisation_id: orgs.recruiter,
    sender_id: sender.user_id,
    member_id: to.id,
    subject,
    body,
    token_hash: sha256(randomToken()),
    sent_at: new Date(now.getTime() - daysAgo * DAY).toISOString(),
    reply_body: null as string | null,
    reply_email: null as string | null,
    replied_at: null as string | null,
  });
  const replied = message(first, 3, 'Service delivery manager, Manchester', 'We are recruiting a service delivery manager for a client in Manchester and your ITIL background stood out. Would you be open to a short call?');
  replied.reply_body = 'Thank you, yes. I am free on Thursday afternoon; please write to me at this address.';
  replied.reply_email = first.email;
  replied.replied_at = new Date(now.getTime() - 2 * DAY).toISOString();
  const waiting = message(second, 1, 'Problem manager role (hybrid)', 'A client of ours is looking for an experienced problem manager, hybrid in Leeds. Let us know if you would like the details.');
  await tx.insertInto('contact_messages').values([replied, waiting]).execute();
}
