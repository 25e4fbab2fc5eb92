import type { Tx } from '../../db/database.js';
import { newId } from '../../platform/ids.js';
import type { DemoOrganisations } from './core.js';
import { demoEmploymentLink } from './employment-links.js';

const DAY_MS = 86_400_000;

/**
 * Contoso (the sponsoring organisation) pays the fee of a demo application awaiting it: the applicant's job is
 * confirmed by Contoso, the offer was accepted three days ago and is not yet paid.
 */
export async function seedDemoSponsorship(tx: Tx, orgs: DemoOrganisations, now: Date): Promise<void> {
  if (!orgs.sponsor) return;
  const app = await tx.selectFrom('applications').select(['id', 'applicant_id']).where('state', '=', 'awaiting_fee').orderBy('id').executeTakeFirst();
  const admin = await tx.selectFrom('organisation_members').select('user_id').where('organisation_id', '=', orgs.sponsor).where('role', 'in', ['admin', 'hr']).orderBy('role').executeTakeFirst();
  if (!app || !admin) return;
  const at = (days: number) => new Date(now.getTime() - days * DAY_MS).toISOString();
  await demoEmploymentLink(tx, orgs.sponsor, app.applicant_id, 'confirmed', new Date(now.getTime() - 30 * DAY_MS), admin.user_id);
  await tx
    .insertInto('sponsorships')
    .values({ id: newId(), organisation_id: orgs.sponsor, member_id: app.applicant_id, kind: 'application_fee', application_id: app.id, note: 'Contoso pays for its staff’s professional recognition.', status: 'accepted', offered_by: admin.user_id, offered_at: at(5), answered_at: at(3), paid_at: null, paid_by: null })
    .execute();
}
