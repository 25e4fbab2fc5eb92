import type { ManagedEvent, ManagedSession } from '../../../../contracts/events.js';
import type { Db, Tx } from '../../../db/database.js';
import type { EventsTable } from '../../../db/schema-events.js';
import type { EventSessionsTable, EventSpeakersTable } from '../../../db/schema-events.js';
import { eventRow } from './checks.js';
import { momentOf } from '../time.js';

/** The event's rooms, tracks and ticket types, in their order. */
export async function partsOf(q: Db | Tx, eventId: string) {
  const [rooms, tracks, tickets] = await Promise.all([
    q.selectFrom('event_rooms').select(['id', 'name', 'capacity']).where('event_id', '=', eventId).orderBy('position').orderBy('id').execute(),
    q.selectFrom('event_tracks').select(['id', 'name', 'description']).where('event_id', '=', eventId).orderBy('position').orderBy('id').execute(),
    q.selectFrom('event_ticket_types').selectAll().where('event_id', '=', eventId).orderBy('position').orderBy('id').execute(),
  ]);
  return {
    rooms,
    tracks,
    ticketTypes: tickets.map((t) => ({ id: t.id, name: t.name, kind: t.kind, priceMinor: t.price_minor, currency: t.currency, capacity: t.capacity, days: t.days ? (JSON.parse(t.days) as string[]) : null, public: t.public === 1 })),
  };
}

/** A session as organisers see it, its times both ways. */
export function managedSession(s: EventSessionsTable, speakers: EventSpeakersTable[], zone: string): ManagedSession {
  return {
    id: s.id,
    title: s.title,
    abstract: s.abstract,
    format: s.format,
    status: s.status,
    roomId: s.room_id,
    trackId: s.track_id,
    startsAt: momentOf(s.starts_at, zone),
    endsAt: momentOf(s.ends_at, zone),
    capacity: s.capacity,
    cpdType: s.cpd_type,
    cpdHours: s.cpd_quarters / 4,
    speakers: speakers.map((x) => ({ id: x.id, userId: x.user_id, name: x.name, email: x.email, bio: x.bio, status: x.status })),
  };
}

/** The event's sessions in time order with their speakers (cancelled ones too when asked). */
export async function sessionsOf(q: Db | Tx, eventId: string, zone: string, withCancelled: boolean): Promise<ManagedSession[]> {
  let sq = q.selectFrom('event_sessions').selectAll().where('event_id', '=', eventId);
  if (!withCancelled) sq = sq.where('status', '=', 'scheduled');
  const [sessions, speakers] = await Promise.all([
    sq.orderBy('starts_at').orderBy('id').execute(),
    q.selectFrom('event_speakers').selectAll().where('event_id', '=', eventId).orderBy('created_at').orderBy('id').execute(),
  ]);
  const by = new Map<string, EventSpeakersTable[]>();
  for (const s of speakers) by.set(s.session_id, [...(by.get(s.session_id) ?? []), s]);
  return sessions.map((s) => managedSession(s, by.get(s.id) ?? [], zone));
}

/** What both the public programme and the organiser's view say of an event itself. */
export function factsOf(e: EventsTable) {
  return {
    id: e.id,
    slug: e.slug,
    title: e.title,
    summary: e.summary,
    kind: e.kind,
    format: e.format,
    startsOn: e.starts_on,
    endsOn: e.ends_on,
    timeZone: e.time_zone,
    venueName: e.venue_name,
    venueAddress: e.venue_address,
  };
}

/** Everything an organiser edits of one event. */
export async function managedEvent(q: Db | Tx, eventId: string): Promise<ManagedEvent> {
  const e = await eventRow(q, eventId);
  const zone = e.time_zone;
  const [parts, team, sessions] = await Promise.all([
    partsOf(q, eventId),
    q
      .selectFrom('event_team')
      .innerJoin('users', 'users.id', 'event_team.user_id')
      .select(['event_team.user_id', 'users.name', 'users.email', 'event_team.role', 'event_team.added_at'])
      .where('event_team.event_id', '=', eventId)
      .orderBy('event_team.added_at')
      .orderBy('event_team.user_id')
      .execute(),
    sessionsOf(q, eventId, zone, true),
  ]);
  const moment = (iso: string | null) => (iso ? momentOf(iso, zone) : null);
  return {
    ...factsOf(e),
    joinUrl: e.join_url,
    status: e.status,
    registrationOpensAt: moment(e.registration_opens_at),
    registrationClosesAt: moment(e.registration_closes_at),
    cancelCutoffAt: moment(e.cancel_cutoff_at),
    revision: e.revision,
    createdAt: e.created_at,
    updatedAt: e.updated_at,
    ...parts,
    team: team.map((t) => ({ userId: t.user_id, name: t.name, email: t.email, role: t.role, addedAt: t.added_at })),
    sessions,
  };
}

/** The columns of an event's summary in lists, with its count of scheduled sessions. */
export function eventSummaries(q: Db | Tx) {
  return q
    .selectFrom('events')
    .select(['id', 'slug', 'title', 'summary', 'kind', 'format', 'starts_on', 'ends_on', 'time_zone', 'venue_name', 'venue_address', 'status', 'revision'])
    .select((eb) => eb.selectFrom('event_sessions').select((e) => e.fn.countAll<number>().as('n')).whereRef('event_sessions.event_id', '=', 'events.id').where('event_sessions.status', '=', 'scheduled').as('sessions'));
}

type SummaryRow = Pick<EventsTable, 'id' | 'slug' | 'title' | 'summary' | 'kind' | 'format' | 'starts_on' | 'ends_on' | 'time_zone' | 'venue_name' | 'venue_address' | 'status' | 'revision'> & { sessions: number | string | null };

/** One row of eventSummaries as the API lists it. */
export const summaryOf = (r: SummaryRow) => ({
  id: r.id,
  slug: r.slug,
  title: r.title,
  summary: r.summary,
  kind: r.kind,
  format: r.format,
  startsOn: r.starts_on,
  endsOn: r.ends_on,
  timeZone: r.time_zone,
  venueName: r.venue_name,
  venueAddress: r.venue_address,
  status: r.status,
  revision: r.revision,
  sessions: Number(r.sessions ?? 0),
});
