import type { Db, Tx } from '../../../db/database.js';

/** The organisation that pays an application's fee (an accepted or paid sponsorship), if any. */
export async function sponsorOfApplication(q: Db | Tx, applicationId: string): Promise<{ id: string; name: string } | null> {
  const row = await q
    .selectFrom('sponsorships as s')
    .innerJoin('organisations as o', 'o.id', 's.organisation_id')
    .select(['o.id', 'o.name'])
    .where('s.application_id', '=', applicationId)
    .where('s.status', 'in', ['accepted', 'paid'])
    .executeTakeFirst();
  return row ?? null;
}
