import type { Db, Tx } from '../../db/database.js';
import type { EventsTable } from '../../db/schema-events.js';
import type { Role } from '../../../contracts/roles.js';
import { type Actor, type RequestContext, requireActor } from '../../platform/context.js';
import { DomainError } from '../../platform/errors.js';

/*
 * The one gate of every event-scoped staff operation. Organisers (the global roles below) may do
 * everything to every event; others hold a part in one event through `event_team`: volunteers check people
 * in, reviewers score proposals (assessors may review any event's proposals). Someone with no part is told
 * a draft event was not found (as for an id that does not exist) and is refused a published one by name.
 */

export const organiserRoles: readonly Role[] = ['event_organiser', 'system_admin'];

/** What a caller may do to one event. */
export type EventCapability = 'organise' | 'checkin' | 'review';

export type EventCaller = { actor: Actor; organiser: boolean; event: Pick<EventsTable, 'id' | 'slug' | 'title' | 'status' | 'time_zone' | 'starts_on' | 'ends_on'> };

/** The event's columns a caller gets with its access. */
export const eventCallerColumns = ['id', 'slug', 'title', 'status', 'time_zone', 'starts_on', 'ends_on'] as const;

export const isOrganiser = (actor: Actor) => organiserRoles.some((r) => actor.roles.has(r));

/** The actor and the event if they may do `capability` to it; NOT_FOUND or FORBIDDEN otherwise. */
export async function requireEventAccess(q: Db | Tx, ctx: RequestContext, eventId: string, capability: EventCapability): Promise<EventCaller> {
  const actor = requireActor(ctx);
  const event = await q.selectFrom('events').select(eventCallerColumns).where('id', '=', eventId).executeTakeFirst();
  const needsTeam = event && !isOrganiser(actor) && capability !== 'organise';
  const roles = needsTeam ? await q.selectFrom('event_team').select('role').where('event_id', '=', eventId).where('user_id', '=', actor.userId).execute() : [];
  return eventAccessOf(actor, event, roles, capability);
}

/**
 * The decision of requireEventAccess once its two reads are made (the event, and the caller's parts in its
 * team when they are not an organiser): for a caller that reads them its own way (the check-in fast path).
 */
export function eventAccessOf(actor: Actor, event: EventCaller['event'] | undefined, team: ReadonlyArray<{ role: string }>, capability: EventCapability): EventCaller {
  if (!event) throw new DomainError('NOT_FOUND', 'The event was not found.');
  if (isOrganiser(actor)) return { actor, organiser: true, event };
  if (capability !== 'organise') {
    const has = (r: string) => team.some((x) => x.role === r);
    if (capability === 'checkin' && has('volunteer')) return { actor, organiser: false, event };
    if (capability === 'review' && (has('reviewer') || actor.roles.has('assessor'))) return { actor, organiser: false, event };
  }
  if (event.status === 'draft') throw new DomainError('NOT_FOUND', 'The event was not found.');
  const needs = { organise: 'an event organiser', checkin: "an event organiser or one of this event's volunteers", review: "an event organiser, an assessor or one of this event's reviewers" }[capability];
  throw new DomainError('FORBIDDEN', `Only ${needs} may do this.`);
}
