import type { Db, Tx } from '../../../db/database.js';
import type { EventCallsTable } from '../../../db/schema-events.js';
import type { CallView } from '../../../../contracts/events-proposals.js';
import { sessionLevels } from '../../../../contracts/events-proposals.js';

/*
 * Reads shared by the parts of events/proposals: sessions as slots, an event's call as the public sees it.
 */

export type CoSpeaker = { name: string; email: string };
export const coSpeakersOf = (json: string): CoSpeaker[] => JSON.parse(json) as CoSpeaker[];

export type SlotView = { sessionId: string; room: string | null; startsAt: string; endsAt: string; timeZone: string };

/** Sessions by id as slots (room name, times, the event's zone). */
export async function slotsById(q: Db | Tx, sessionIds: readonly string[]): Promise<Map<string, SlotView & { title: string; eventId: string }>> {
  if (sessionIds.length === 0) return new Map();
  const rows = await q
    .selectFrom('event_sessions as s')
    .innerJoin('events as e', 'e.id', 's.event_id')
    .leftJoin('event_rooms as r', 'r.id', 's.room_id')
    .select(['s.id', 's.title', 's.event_id', 's.starts_at', 's.ends_at', 'r.name as room', 'e.time_zone'])
    .where('s.id', 'in', [...new Set(sessionIds)])
    .execute();
  return new Map(rows.map((r) => [r.id, { sessionId: r.id, title: r.title, eventId: r.event_id, room: r.room, startsAt: r.starts_at, endsAt: r.ends_at, timeZone: r.time_zone }]));
}

export const slotOnly = (s: SlotView): SlotView => ({ sessionId: s.sessionId, room: s.room, startsAt: s.startsAt, endsAt: s.endsAt, timeZone: s.timeZone });

/** Whether the call takes proposals at `now`. */
export const callIsOpen = (call: Pick<EventCallsTable, 'status' | 'closes_at'> | undefined, now: Date) => !!call && call.status === 'open' && now.toISOString() < call.closes_at;

/** The call of an event as anyone may read it (no call: status 'none'). */
export async function callView(q: Db | Tx, event: { id: string; slug: string; title: string; time_zone: string }, now: Date): Promise<CallView> {
  const call = await q.selectFrom('event_calls').selectAll().where('event_id', '=', event.id).executeTakeFirst();
  const trackIds = call ? (JSON.parse(call.track_ids) as string[]) : [];
  const tracks = trackIds.length ? await q.selectFrom('event_tracks').select(['id', 'name', 'position']).where('id', 'in', trackIds).orderBy('position').execute() : [];
  return {
    eventId: event.id,
    eventSlug: event.slug,
    eventTitle: event.title,
    timeZone: event.time_zone,
    open: callIsOpen(call, now),
    status: call ? call.status : 'none',
    closesAt: call?.closes_at ?? null,
    guidance: call?.guidance ?? '',
    formats: call ? JSON.parse(call.formats) : [],
    levels: [...sessionLevels],
    tracks: tracks.map((t) => ({ id: t.id, name: t.name })),
  };
}
