import type { Db, Tx } from '../../../db/database.js';
import type { EventsTable } from '../../../db/schema-events.js';
import { DomainError } from '../../../platform/errors.js';
import { isDate, isTimeZone, localToUtc } from '../time.js';

/*
 * The problems of an event's details that a schema cannot see (a real zone, real days in order, a time
 * the clocks do not skip), each named by the field the form shows it beside.
 */

/** VALIDATION_FAILED about one field, in the shape the web app's forms place beside the field. */
export const invalid = (field: string, message: string) => new DomainError('VALIDATION_FAILED', `${field}: ${message}`, { fields: { [field]: [message] } });

export function checkZone(zone: string): string {
  if (!isTimeZone(zone)) throw invalid('timeZone', `${zone} is not a time zone: give an IANA name such as Europe/London`);
  return zone;
}

export function checkDays(startsOn: string, endsOn: string): void {
  if (!isDate(startsOn)) throw invalid('startsOn', `${startsOn} is not a date: give it as YYYY-MM-DD`);
  if (!isDate(endsOn)) throw invalid('endsOn', `${endsOn} is not a date: give it as YYYY-MM-DD`);
  if (endsOn < startsOn) throw invalid('endsOn', 'The last day cannot be before the first day');
  if (Date.parse(endsOn) - Date.parse(startsOn) > 30 * 86_400_000) throw invalid('endsOn', 'An event lasts at most 31 days');
}

/** A YYYY-MM-DDTHH:MM wall clock in `zone` as a UTC instant, or null for null. */
export function instantOf(field: string, local: string | null | undefined, zone: string): string | null {
  if (!local) return null;
  const r = localToUtc(local.slice(0, 10), local.slice(11, 16), zone);
  if (!r.ok) throw invalid(field, r.problem);
  return r.utc;
}

/** The event's row for an organiser's change (requireEventAccess has already let them in). */
export async function eventRow(q: Db | Tx, eventId: string): Promise<EventsTable> {
  const row = await q.selectFrom('events').selectAll().where('id', '=', eventId).executeTakeFirst();
  if (!row) throw new DomainError('NOT_FOUND', 'The event was not found.');
  return row;
}
