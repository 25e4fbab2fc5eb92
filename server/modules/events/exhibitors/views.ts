import { type ExhibitorTier, exhibitorTiers } from '../../../../contracts/events-exhibitors.js';
import type { Db, Tx } from '../../../db/database.js';
import type { EventExhibitorsTable } from '../../../db/schema-events.js';

/*
 * How exhibitors are shown: the public card (by tier, highest first) and the organiser's row with its staff
 * and how many leads each stand has gathered.
 */

/** Where an exhibitor's logo is served; the digest in the query makes a new logo a new URL (cached a day). */
export const exhibitorLogoUrl = (slug: string, e: Pick<EventExhibitorsTable, 'id' | 'logo_sha256'>) =>
  e.logo_sha256 ? `/events/${encodeURIComponent(slug)}/exhibitors/${encodeURIComponent(e.id)}/logo?v=${e.logo_sha256.slice(0, 12)}` : null;

const tierRank = (t: ExhibitorTier) => exhibitorTiers.indexOf(t);

/** Highest tier first, then by name. */
export const byTier = <T extends Pick<EventExhibitorsTable, 'tier' | 'name'>>(rows: T[]) =>
  [...rows].sort((a, b) => tierRank(a.tier) - tierRank(b.tier) || a.name.localeCompare(b.name, 'en'));

export function publicCard(slug: string, e: EventExhibitorsTable) {
  return { id: e.id, name: e.name, kind: e.kind, tier: e.tier, stand: e.stand, website: e.website, description: e.description, logoUrl: exhibitorLogoUrl(slug, e) };
}

/** Counts of leads per exhibitor: named while the attendee still shares; anyone else only counted. */
export async function leadCounts(q: Db | Tx, exhibitorIds: string[]): Promise<Map<string, { named: number; counted: number }>> {
  const out = new Map(exhibitorIds.map((id) => [id, { named: 0, counted: 0 }]));
  if (exhibitorIds.length === 0) return out;
  const leads = await q
    .selectFrom('event_leads as l')
    .innerJoin('event_registrations as r', 'r.id', 'l.registration_id')
    .select(['l.exhibitor_id', 'r.share_with_exhibitors', (eb) => eb.fn.countAll().as('n')])
    .where('l.exhibitor_id', 'in', exhibitorIds)
    .groupBy(['l.exhibitor_id', 'r.share_with_exhibitors'])
    .execute();
  for (const l of leads) {
    const c = out.get(l.exhibitor_id);
    if (c) c[l.share_with_exhibitors ? 'named' : 'counted'] += Number(l.n);
  }
  const counted = await q
    .selectFrom('event_lead_counts')
    .select(['exhibitor_id', (eb) => eb.fn.countAll().as('n')])
    .where('exhibitor_id', 'in', exhibitorIds)
    .groupBy('exhibitor_id')
    .execute();
  for (const c of counted) {
    const x = out.get(c.exhibitor_id);
    if (x) x.counted += Number(c.n);
  }
  return out;
}

/** The organiser's view of some of an event's exhibitors. */
/** The people on these stands, by name, with their exhibitor tickets (the organiser's list and the organisation's own). */
export async function staffOf(q: Db | Tx, exhibitorIds: string[]) {
  if (exhibitorIds.length === 0) return [];
  return q
    .selectFrom('event_exhibitor_staff as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .innerJoin('event_registrations as r', 'r.id', 's.registration_id')
    .select(['s.exhibitor_id', 's.user_id', 's.ticket_made', 'u.name', 'u.email', 'r.id as registration_id', 'r.reference', 'r.status'])
    .where('s.exhibitor_id', 'in', exhibitorIds)
    .orderBy('u.name')
    .execute();
}

export async function organiserRows(q: Db | Tx, slug: string, rows: EventExhibitorsTable[]) {
  const ids = rows.map((r) => r.id);
  const staff = await staffOf(q, ids);
  const orgIds = [...new Set(rows.map((r) => r.organisation_id).filter((x): x is string => !!x))];
  const orgs = orgIds.length ? await q.selectFrom('organisations').select(['id', 'name']).where('id', 'in', orgIds).execute() : [];
  const counts = await leadCounts(q, ids);
  return byTier(rows).map((e) => ({
    ...publicCard(slug, e),
    organisationId: e.organisation_id,
    organisationName: orgs.find((o) => o.id === e.organisation_id)?.name ?? null,
    staff: staff.filter((s) => s.exhibitor_id === e.id).map((s) => ({ userId: s.user_id, name: s.name, email: s.email, reference: s.reference, ticketMade: s.ticket_made === 1 })),
    namedLeads: counts.get(e.id)?.named ?? 0,
    countedLeads: counts.get(e.id)?.counted ?? 0,
  }));
}
