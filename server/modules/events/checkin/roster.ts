import type { Db } from '../../../db/database.js';
import type { RosterEntry } from '../../../../contracts/events-checkin.js';
import { daysOf as daysBetween } from '../time.js';

/*
 * Who is registered, as a scanner needs it: names for the answer and the days each ticket admits on, so a
 * scan made offline is judged at once and settled later.
 */

type EventDays = { id: string; starts_on: string; ends_on: string };

/** The days a ticket admits on: its own list, or every day of the event. */
export function ticketDays(days: string | null, event: EventDays): string[] {
  if (days) {
    try {
      const parsed = JSON.parse(days) as unknown;
      if (Array.isArray(parsed)) return parsed.filter((d): d is string => typeof d === 'string');
    } catch {
      // A malformed list admits on no day rather than every day.
      return [];
    }
  }
  return daysBetween(event.starts_on, event.ends_on);
}

export const registrationColumns = ['r.id', 'r.event_id', 'r.reference', 'r.name', 'r.status', 't.name as ticket', 't.days'] as const;

export async function rosterOf(db: Db, event: EventDays): Promise<RosterEntry[]> {
  const rows = await db
    .selectFrom('event_registrations as r')
    .innerJoin('event_ticket_types as t', 't.id', 'r.ticket_type_id')
    .select(registrationColumns)
    .where('r.event_id', '=', event.id)
    .orderBy('r.name')
    .execute();
  return rows.map((r) => ({ registrationId: r.id, reference: r.reference, name: r.name, ticket: r.ticket, days: ticketDays(r.days, event), status: r.status }));
}

/**
 * Changes whenever the kit would: the event's revision (the programme), the registrations and the lists.
 * Scanners poll the status, which carries it, and refetch the kit when it moves.
 */
export async function kitRevision(db: Db, eventId: string): Promise<string> {
  const row = await db
    .selectFrom('events as e')
    .select((eb) => [
      'e.revision',
      eb.selectFrom('event_registrations').select((x) => x.fn.countAll<number>().as('n')).where('event_id', '=', eventId).as('registrations'),
      eb.selectFrom('event_registrations').select((x) => x.fn.max('updated_at').as('m')).where('event_id', '=', eventId).as('updated'),
      eb.selectFrom('event_checkin_lists').select((x) => x.fn.countAll<number>().as('n')).where('event_id', '=', eventId).as('lists'),
    ])
    .where('e.id', '=', eventId)
    .executeTakeFirst();
  if (!row) return '0';
  return [row.revision, Number(row.registrations ?? 0), row.updated ?? '', Number(row.lists ?? 0)].join('.');
}
