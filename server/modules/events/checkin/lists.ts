import type { Db, Tx } from '../../../db/database.js';
import { newId } from '../../../platform/ids.js';
import type { CheckInList } from '../../../../contracts/events-checkin.js';
import { dayName, daysOf as daysBetween, localDay, localTime } from '../time.js';

/*
 * Check-in lists: one door list per day of the event and one per scheduled session, made when first
 * needed and kept in step with the programme (a session added later gets its list when a scanner next
 * loads the kit). Unique indexes (migration 0023) keep one list each when many scanners make them at once.
 */

type EventDays = { id: string; starts_on: string; ends_on: string; time_zone: string };

export async function ensureLists(db: Db | Tx, event: EventDays, now: Date): Promise<void> {
  const [sessions, lists] = await Promise.all([
    db.selectFrom('event_sessions').select(['id', 'title', 'starts_at']).where('event_id', '=', event.id).where('status', '=', 'scheduled').execute(),
    db.selectFrom('event_checkin_lists').select(['kind', 'day', 'session_id']).where('event_id', '=', event.id).execute(),
  ]);
  const doors = new Set(lists.filter((l) => l.kind === 'door').map((l) => l.day));
  const withList = new Set(lists.map((l) => l.session_id));
  const at = now.toISOString();
  const missing = [
    ...daysBetween(event.starts_on, event.ends_on)
      .filter((d) => !doors.has(d))
      .map((d) => ({ id: newId(), event_id: event.id, kind: 'door' as const, day: d, session_id: null, name: `Door, ${dayName(d)}`, created_at: at })),
    ...sessions
      .filter((s) => !withList.has(s.id))
      .map((s) => ({ id: newId(), event_id: event.id, kind: 'session' as const, day: null, session_id: s.id, name: `${s.title} (${localTime(s.starts_at, event.time_zone)})`, created_at: at })),
  ];
  // Each row stands alone: a list another scanner made meanwhile is left as it is.
  if (missing.length) await db.insertInto('event_checkin_lists').values(missing).onConflict((oc) => oc.doNothing()).execute();
}

/** A list as scanners see it, with the day it admits people on. */
export type ListRow = {
  id: string;
  event_id: string;
  kind: 'door' | 'session';
  name: string;
  day: string | null;
  session_id: string | null;
  session_title: string | null;
  starts_at: string | null;
  ends_at: string | null;
  session_status: string | null;
};

const listColumns = [
  'l.id',
  'l.event_id',
  'l.kind',
  'l.name',
  'l.day',
  'l.session_id',
  's.title as session_title',
  's.starts_at',
  's.ends_at',
  's.status as session_status',
] as const;

export const listsOf = (db: Db | Tx, eventId: string): Promise<ListRow[]> =>
  db
    .selectFrom('event_checkin_lists as l')
    .leftJoin('event_sessions as s', 's.id', 'l.session_id')
    .select(listColumns)
    .where('l.event_id', '=', eventId)
    .orderBy('l.kind')
    .orderBy('l.day')
    .orderBy('s.starts_at')
    .execute();

/** One list by its id (a query to run or to compile once). */
export const listByIdQuery = (db: Db, listId: string) =>
  db.selectFrom('event_checkin_lists as l').leftJoin('event_sessions as s', 's.id', 'l.session_id').select(listColumns).where('l.id', '=', listId);

export const listById = (db: Db, listId: string): Promise<ListRow | undefined> => listByIdQuery(db, listId).executeTakeFirst();

/** The day a list admits people on, in the event's zone. */
export const dayOfList = (l: ListRow, timeZone: string): string => l.day ?? localDay(l.starts_at ?? '', timeZone);

export function listView(l: ListRow, timeZone: string): CheckInList {
  // A session's list is named from the session as it is now (retitled or moved after the list was made).
  const name = l.kind === 'session' && l.session_title && l.starts_at ? `${l.session_title} (${dayName(dayOfList(l, timeZone)).split(' ')[0]} ${localTime(l.starts_at, timeZone)})` : l.name;
  return { id: l.id, kind: l.kind, name, day: dayOfList(l, timeZone), sessionId: l.session_id, startsAt: l.starts_at, endsAt: l.ends_at };
}
