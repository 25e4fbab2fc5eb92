import type { OrganisationStand, OrganisationStands } from '../../../../contracts/events-stands.js';
import type { Db } from '../../../db/database.js';
import type { Platform, RequestContext } from '../../../platform/context.js';
import { requireOrganisationRole } from '../../organisations/membership.js';
import { leadCounts, staffOf } from './views.js';

/*
 * The organisation's side of its stands: every exhibitor linked to it at an event that is not a draft
 * (a draft is nobody's business but its organisers'), with the staff, their tickets and whether they
 * have been checked in. Only the organisation's administrators see it, as only they may change the staff
 * (gate.ts requireStandManager).
 */

/** The people an administrator may put on a stand by choosing them: the organisation's members and its confirmed staff. */
async function peopleOf(db: Db, organisationId: string) {
  const members = db.selectFrom('organisation_members as m').innerJoin('users as u', 'u.id', 'm.user_id').select(['u.id', 'u.name', 'u.email']).where('m.organisation_id', '=', organisationId);
  const employed = db
    .selectFrom('employment_links as l')
    .innerJoin('users as u', 'u.id', 'l.member_id')
    .select(['u.id', 'u.name', 'u.email'])
    .where('l.organisation_id', '=', organisationId)
    .where('l.status', '=', 'confirmed')
    .where('l.ended_at', 'is', null);
  // Bounded like the sponsorship list: a choice among more people than this is made by typing the address.
  const rows = await members.union(employed).orderBy('name').limit(1000).execute();
  return rows.sort((a, b) => a.name.localeCompare(b.name, 'en') || a.email.localeCompare(b.email)).map((r) => ({ userId: r.id, name: r.name, email: r.email }));
}

/** Each registration's first live check-in at its event. */
async function firstCheckIns(db: Db, registrationIds: string[]): Promise<Map<string, string>> {
  if (registrationIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('event_checkins')
    .select(['registration_id', (eb) => eb.fn.min('scanned_at').as('at')])
    .where('registration_id', 'in', registrationIds)
    .where('undone_at', 'is', null)
    .groupBy('registration_id')
    .execute();
  return new Map(rows.map((r) => [r.registration_id, String(r.at)]));
}

export function standsService(p: Platform) {
  const db = p.database.db;

  return {
    /** listOrganisationStands */
    async ofOrganisation(ctx: RequestContext, organisationId: string): Promise<OrganisationStands> {
      const { actor } = await requireOrganisationRole(db, ctx, organisationId, ['admin']);
      const organisation = await db.selectFrom('organisations').select(['id', 'name']).where('id', '=', organisationId).executeTakeFirstOrThrow();
      const rows = await db
        .selectFrom('event_exhibitors as x')
        .innerJoin('events as e', 'e.id', 'x.event_id')
        .select(['x.id', 'x.name', 'x.kind', 'x.tier', 'x.stand', 'e.id as event_id', 'e.slug', 'e.title', 'e.starts_on', 'e.ends_on', 'e.status'])
        .where('x.organisation_id', '=', organisationId)
        .where('e.status', '!=', 'draft')
        .orderBy('e.starts_on', 'desc')
        .orderBy('x.name')
        .limit(200)
        .execute();
      const ids = rows.map((r) => r.id);
      const staff = await staffOf(db, ids);
      const [checkedIn, counts, people] = await Promise.all([firstCheckIns(db, [...new Set(staff.map((s) => s.registration_id))]), leadCounts(db, ids), peopleOf(db, organisationId)]);
      const stands: OrganisationStand[] = rows.map((x) => {
        const mine = staff.filter((s) => s.exhibitor_id === x.id);
        return {
          event: { id: x.event_id, slug: x.slug, title: x.title, startsOn: x.starts_on, endsOn: x.ends_on, status: x.status as OrganisationStand['event']['status'] },
          exhibitor: { id: x.id, name: x.name, kind: x.kind, tier: x.tier, stand: x.stand },
          staff: mine.map((s) => ({ userId: s.user_id, name: s.name, email: s.email, reference: s.reference, ticketStatus: s.status, ticketMade: s.ticket_made === 1, checkedInAt: checkedIn.get(s.registration_id) ?? null })),
          namedLeads: counts.get(x.id)?.named ?? 0,
          countedLeads: counts.get(x.id)?.counted ?? 0,
          callerIsStaff: mine.some((s) => s.user_id === actor.userId),
        };
      });
      return { organisation, stands, people };
    },
  };
}
export type StandsService = ReturnType<typeof standsService>;
