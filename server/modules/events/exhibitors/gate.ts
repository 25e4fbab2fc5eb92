import type { Db, Tx } from '../../../db/database.js';
import type { EventExhibitorsTable } from '../../../db/schema-events.js';
import { type Actor, type RequestContext, requireActor } from '../../../platform/context.js';
import { DomainError } from '../../../platform/errors.js';
import { organisationRoleOf } from '../../organisations/membership.js';
import { isOrganiser } from '../access.js';

/*
 * Who may act on one stand. Organisers may do everything; a stand's own staff may scan and read its leads;
 * the administrators of the organisation an exhibitor is linked to may also choose its staff. Anyone else
 * is told the exhibitor was not found, so one exhibitor's staff learn nothing of another's.
 */

export type Stand = { actor: Actor; organiser: boolean; exhibitor: EventExhibitorsTable; event: { id: string; slug: string; title: string; status: string } };

const notFound = () => new DomainError('NOT_FOUND', 'The exhibitor was not found.');

async function load(q: Db | Tx, ctx: RequestContext, eventId: string, exhibitorId: string) {
  const actor = requireActor(ctx);
  const exhibitor = await q.selectFrom('event_exhibitors').selectAll().where('id', '=', exhibitorId).where('event_id', '=', eventId).executeTakeFirst();
  if (!exhibitor) throw notFound();
  const event = await q.selectFrom('events').select(['id', 'slug', 'title', 'status']).where('id', '=', eventId).executeTakeFirstOrThrow();
  return { actor, exhibitor, event };
}

export async function isStaffOf(q: Db | Tx, exhibitorId: string, userId: string): Promise<boolean> {
  return !!(await q.selectFrom('event_exhibitor_staff').select('user_id').where('exhibitor_id', '=', exhibitorId).where('user_id', '=', userId).executeTakeFirst());
}

/** An organiser, or one of this stand's staff: scanning and reading leads. */
export async function requireStandStaff(q: Db | Tx, ctx: RequestContext, eventId: string, exhibitorId: string): Promise<Stand> {
  const s = await load(q, ctx, eventId, exhibitorId);
  if (isOrganiser(s.actor)) return { ...s, organiser: true };
  if (await isStaffOf(q, exhibitorId, s.actor.userId)) return { ...s, organiser: false };
  throw notFound();
}

/** An organiser, or an administrator of the organisation the exhibitor is linked to: choosing its staff. */
export async function requireStandManager(q: Db | Tx, ctx: RequestContext, eventId: string, exhibitorId: string): Promise<Stand> {
  const s = await load(q, ctx, eventId, exhibitorId);
  if (isOrganiser(s.actor)) return { ...s, organiser: true };
  const orgId = s.exhibitor.organisation_id;
  if (orgId && (await organisationRoleOf(q, orgId, s.actor.userId)) === 'admin') return { ...s, organiser: false };
  if (await isStaffOf(q, exhibitorId, s.actor.userId)) {
    throw new DomainError('FORBIDDEN', "Only an event organiser or an administrator of the exhibitor's organisation may change its staff.");
  }
  throw notFound();
}
