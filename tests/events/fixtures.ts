import { newCheckInKey, signCheckInCode } from '../../server/modules/events/codes.js';
import { createRegistration } from '../../server/modules/events/registration/tickets.js';
import type { EventStatus, TicketKind } from '../../server/db/schema-events.js';
import { newId } from '../../server/platform/ids.js';
import { sealingSecret } from '../../server/platform/sealed.js';
import type { TestApp } from '../support/app.js';

/*
 * An event written straight into its tables, as the core part's operations would leave it: two days in
 * London, two rooms, two tracks, ticket types and sessions. Tests of the other parts start from it; the
 * core's own tests use the API.
 */

export type EventFixture = {
  id: string;
  slug: string;
  rooms: string[];
  tracks: string[];
  tickets: Record<'member' | 'non_member' | 'speaker' | 'exhibitor' | 'day', string>;
  sessions: string[];
  publicKey: string;
};

const secretOf = (app: TestApp) => sealingSecret(app.config, () => {});

/** Sessions by default: four on the first day (two rooms, two slots), one on the second. */
export async function insertEvent(
  app: TestApp,
  opts: { title?: string; status?: EventStatus; startsOn?: string; createdBy: string; sessions?: number; ticketCapacity?: number | null; sessionCapacity?: number | null } = { createdBy: '' },
): Promise<EventFixture> {
  const db = app.platform.database.db;
  const id = newId();
  const at = app.clock.now().toISOString();
  const title = opts.title ?? 'Service Management Summit';
  const slug = `${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${id.slice(-6)}`;
  const startsOn = opts.startsOn ?? '2027-03-10';
  const day2 = new Date(Date.parse(`${startsOn}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  const key = newCheckInKey(secretOf(app), id);
  await db
    .insertInto('events')
    .values({
      id,
      slug,
      title,
      summary: 'Two days of talks and workshops on running IT services well.',
      kind: 'conference',
      format: 'in_person',
      starts_on: startsOn,
      ends_on: day2,
      time_zone: 'Europe/London',
      venue_name: 'Riverside Centre',
      venue_address: '1 River Street, London',
      join_url: null,
      status: opts.status ?? 'published',
      registration_opens_at: null,
      registration_closes_at: null,
      cancel_cutoff_at: null,
      checkin_public_key: key.publicKey,
      checkin_private_key: key.sealedPrivateKey,
      revision: 1,
      created_by: opts.createdBy,
      created_at: at,
      updated_at: at,
      closed_at: null,
    })
    .execute();
  const rooms = [newId(), newId()];
  await db.insertInto('event_rooms').values(rooms.map((r, i) => ({ id: r, event_id: id, name: `Room ${i + 1}`, capacity: 100, position: i }))).execute();
  const tracks = [newId(), newId()];
  await db.insertInto('event_tracks').values(tracks.map((t, i) => ({ id: t, event_id: id, name: i === 0 ? 'Practice' : 'Strategy', description: null, position: i }))).execute();
  const kinds: TicketKind[] = ['member', 'non_member', 'speaker', 'exhibitor', 'day'];
  const tickets = Object.fromEntries(kinds.map((k) => [k, newId()])) as EventFixture['tickets'];
  await db
    .insertInto('event_ticket_types')
    .values(
      kinds.map((k, i) => ({
        id: tickets[k],
        event_id: id,
        name: { member: 'Member', non_member: 'Non-member', speaker: 'Speaker', exhibitor: 'Exhibitor staff', day: 'Day ticket (day one)' }[k],
        kind: k,
        price_minor: k === 'non_member' ? 25000 : k === 'day' ? 9000 : 0,
        currency: 'GBP',
        capacity: k === 'member' || k === 'non_member' ? (opts.ticketCapacity ?? null) : null,
        days: k === 'day' ? JSON.stringify([startsOn]) : null,
        public: k === 'speaker' || k === 'exhibitor' ? 0 : 1,
        position: i,
      })),
    )
    .execute();
  const slots = [
    [startsOn, '09:00', '10:00', 0],
    [startsOn, '09:00', '10:00', 1],
    [startsOn, '10:30', '11:30', 0],
    [startsOn, '10:30', '11:30', 1],
    [day2, '09:00', '10:30', 0],
  ] as const;
  const sessions: string[] = [];
  for (let i = 0; i < (opts.sessions ?? slots.length); i++) {
    const [day, from, to, room] = slots[i % slots.length] as (typeof slots)[number];
    const sid = newId();
    sessions.push(sid);
    // Europe/London is UTC in March before the clocks change.
    const startsAt = new Date(Date.parse(`${day}T${from}:00Z`) + Math.floor(i / slots.length) * 7_200_000).toISOString();
    const endsAt = new Date(Date.parse(`${day}T${to}:00Z`) + Math.floor(i / slots.length) * 7_200_000).toISOString();
    await db
      .insertInto('event_sessions')
      .values({
        id: sid,
        event_id: id,
        title: `Session ${i + 1}`,
        abstract: 'What we learned running a service desk for ten thousand people.',
        format: 'talk',
        level: 'intermediate',
        room_id: rooms[room] as string,
        track_id: tracks[i % 2] as string,
        starts_at: startsAt,
        ends_at: endsAt,
        capacity: opts.sessionCapacity ?? null,
        cpd_type: 'event',
        cpd_quarters: Math.round((Date.parse(endsAt) - Date.parse(startsAt)) / 900_000),
        status: 'scheduled',
        proposal_id: null,
        closed_at: null,
        created_at: at,
        updated_at: at,
      })
      .execute();
  }
  return { id, slug, rooms, tracks, tickets, sessions, publicKey: key.publicKey };
}

/** A confirmed registration of a user on a ticket (the member ticket unless said), with its signed check-in code. */
export async function insertRegistration(
  app: TestApp,
  event: EventFixture,
  user: { id: string; name?: string; email: string },
  opts: { ticket?: keyof EventFixture['tickets']; shareWithExhibitors?: boolean } = {},
): Promise<{ id: string; reference: string; code: string }> {
  const db = app.platform.database.db;
  const reg = await db.transaction().execute((tx) =>
    createRegistration(
      tx,
      {
        eventId: event.id,
        userId: user.id,
        ticketTypeId: event.tickets[opts.ticket ?? 'member'],
        name: user.name ?? user.email,
        email: user.email,
        organisationName: null,
        shareWithExhibitors: opts.shareWithExhibitors ?? false,
        feeMinor: 0,
        source: 'self',
      },
      app.clock.now(),
    ),
  );
  const row = await db.selectFrom('events').select(['id', 'checkin_private_key']).where('id', '=', event.id).executeTakeFirstOrThrow();
  return { ...reg, code: signCheckInCode(row, reg.id, secretOf(app)) };
}
