import type { Db, Tx } from '../../../db/database.js';
import type { EventTicketTypesTable, EventsTable } from '../../../db/schema-events.js';
import { DomainError } from '../../../platform/errors.js';

/*
 * Places on a ticket type: confirmed registrations and outstanding waiting-list offers (a place offered is
 * held for 48 hours) count against its capacity. Every writer that may fill a place reads the count and
 * writes in one transaction holding the ticket type: on PostgreSQL the row is locked FOR UPDATE; SQLite
 * runs one write transaction at a time.
 */

const isPostgres = (q: Db | Tx) => q.getExecutor().adapter.constructor.name.startsWith('Postgres');

export type TicketRow = Pick<EventTicketTypesTable, 'id' | 'event_id' | 'name' | 'kind' | 'price_minor' | 'currency' | 'capacity' | 'public'>;

/** The event's ticket type, locked for the rest of the transaction; NOT_FOUND if it is not the event's. */
export async function lockTicketType(tx: Tx, eventId: string, ticketTypeId: string): Promise<TicketRow> {
  const q = tx
    .selectFrom('event_ticket_types')
    .select(['id', 'event_id', 'name', 'kind', 'price_minor', 'currency', 'capacity', 'public'])
    .where('id', '=', ticketTypeId)
    .where('event_id', '=', eventId);
  const row = await (isPostgres(tx) ? q.forUpdate() : q).executeTakeFirst();
  if (!row) throw new DomainError('NOT_FOUND', 'The ticket type was not found for this event: choose one of the event’s ticket types.', { field: 'ticketTypeId' });
  return row;
}

/** Places taken on a ticket type now: confirmed registrations and offers not yet expired. */
export async function placesTaken(q: Db | Tx, ticketTypeId: string, now: Date): Promise<number> {
  const [regs, offers] = await Promise.all([
    q.selectFrom('event_registrations').select((e) => e.fn.countAll<number>().as('n')).where('ticket_type_id', '=', ticketTypeId).where('status', '=', 'confirmed').executeTakeFirstOrThrow(),
    q
      .selectFrom('event_waitlist')
      .select((e) => e.fn.countAll<number>().as('n'))
      .where('ticket_type_id', '=', ticketTypeId)
      .where('status', '=', 'offered')
      .where('offer_expires_at', '>', now.toISOString())
      .executeTakeFirstOrThrow(),
  ]);
  return Number(regs.n) + Number(offers.n);
}

/** Places left (null: no limit). */
export async function placesLeft(q: Db | Tx, t: Pick<TicketRow, 'id' | 'capacity'>, now: Date): Promise<number | null> {
  if (t.capacity === null) return null;
  return Math.max(0, t.capacity - (await placesTaken(q, t.id, now)));
}

/** The refusal of a full ticket type (the same for members and guests, whoever asks). */
export function ticketFull(t: Pick<TicketRow, 'id' | 'name' | 'capacity'>): DomainError {
  return new DomainError('CONFLICT', `The ${t.name} ticket is full (${t.capacity} places): join the waiting list to be offered a place that frees up.`, { full: true, ticketTypeId: t.id });
}

/** The refusal of a waiting list for a ticket type with places left. */
export function ticketNotFull(t: Pick<TicketRow, 'name'>): DomainError {
  return new DomainError('CONFLICT', `The ${t.name} ticket still has places: register instead.`, { full: false });
}

/** A time in the event's zone, for messages: "10 Mar 2027, 18:00 (Europe/London)". */
export function inZone(iso: string, timeZone: string): string {
  const s = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(iso));
  return `${s} (${timeZone})`;
}

type WindowEvent = Pick<EventsTable, 'status' | 'registration_opens_at' | 'registration_closes_at' | 'time_zone' | 'ends_on'>;

/** Why registration is closed now, in words, or null when it is open. */
export function closedReason(e: WindowEvent, now: Date): string | null {
  if (e.status !== 'published') return e.status === 'draft' ? 'The event is not published yet.' : `The event is ${e.status}.`;
  if (e.registration_opens_at && now.toISOString() < e.registration_opens_at) return `Registration opens on ${inZone(e.registration_opens_at, e.time_zone)}.`;
  if (e.registration_closes_at && now.toISOString() >= e.registration_closes_at) return `Registration closed on ${inZone(e.registration_closes_at, e.time_zone)}.`;
  // The day after the last day, give or take the zone: late enough for any zone.
  if (Date.parse(`${e.ends_on}T00:00:00Z`) + 2 * 86_400_000 <= now.getTime()) return 'The event is over.';
  return null;
}
