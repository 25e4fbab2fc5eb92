import type { Tx } from '../../db/database.js';
import type { EventSessionsTable } from '../../db/schema-events.js';
import type { Platform } from '../../platform/context.js';
import { newId } from '../../platform/ids.js';
import { sealingSecret } from '../../platform/sealed.js';
import { newCheckInKey } from '../../modules/events/codes.js';
import { localToUtc, quartersOf } from '../../modules/events/time.js';
import { daySlots, guestSpeakers, keynotes, pastTitles, titles, tracks } from './core-programme.js';
import type { DemoEvents } from './types.js';

const ZONE = 'Europe/London';
const rooms = [
  { name: 'Main hall', capacity: 600 },
  { name: 'Room A', capacity: 200 },
  { name: 'Room B', capacity: 120 },
];
type Speaker = { userId: string | null; name: string; email: string; bio: string | null };
type Planned = { title: string; day: string; from: string; to: string; room: number; speakers: Speaker[] };

const dayAfter = (date: string, n: number) => new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const utc = (day: string, time: string) => {
  const r = localToUtc(day, time, ZONE);
  if (!r.ok) throw new Error(r.problem);
  return r.utc;
};
const formatOf = (title: string): EventSessionsTable['format'] =>
  title.startsWith('Workshop') ? 'workshop' : title.startsWith('Panel') || title.startsWith('Closing panel') ? 'panel' : title.startsWith('Keynote') || title.startsWith('Opening keynote') ? 'keynote' : 'talk';

/** Writes one published two-day conference with its rooms, tracks, tickets and programme. */
async function writeConference(tx: Tx, p: Platform, now: Date, c: { title: string; slug: string; startsOn: string; venue: string; address: string; organiserId: string; sessions: Planned[]; smallDayTicket: boolean }): Promise<string> {
  const id = newId();
  const at = now.toISOString();
  const endsOn = dayAfter(c.startsOn, 1);
  const key = newCheckInKey(sealingSecret(p.config, () => {}), id);
  await tx
    .insertInto('events')
    .values({
      id,
      slug: c.slug,
      title: c.title,
      summary: `The ITSM Guild's annual conference: two days of keynotes, talks, panels and hands-on workshops on running IT services well, with the exhibition hall open throughout. Every session you attend is credited to your CPD.`,
      kind: 'conference',
      format: 'in_person',
      starts_on: c.startsOn,
      ends_on: endsOn,
      time_zone: ZONE,
      venue_name: c.venue,
      venue_address: c.address,
      join_url: null,
      status: 'published',
      registration_opens_at: utc(dayAfter(c.startsOn, -120), '09:00'),
      registration_closes_at: utc(dayAfter(c.startsOn, -1), '17:00'),
      cancel_cutoff_at: utc(dayAfter(c.startsOn, -7), '23:59'),
      checkin_public_key: key.publicKey,
      checkin_private_key: key.sealedPrivateKey,
      revision: 1,
      created_by: c.organiserId,
      created_at: at,
      updated_at: at,
      closed_at: null,
    })
    .execute();
  const roomIds = rooms.map(() => newId());
  await tx.insertInto('event_rooms').values(rooms.map((r, i) => ({ id: roomIds[i] as string, event_id: id, ...r, position: i }))).execute();
  const trackIds = tracks.map(() => newId());
  await tx.insertInto('event_tracks').values(tracks.map((t, i) => ({ id: trackIds[i] as string, event_id: id, ...t, position: i }))).execute();
  const tickets = [
    { name: 'Member, both days', kind: 'member' as const, price_minor: 29500, capacity: null, days: null, public: 1 },
    { name: 'Non-member, both days', kind: 'non_member' as const, price_minor: 49500, capacity: null, days: null, public: 1 },
    { name: 'Speaker', kind: 'speaker' as const, price_minor: 0, capacity: null, days: null, public: 0 },
    { name: 'Exhibitor staff', kind: 'exhibitor' as const, price_minor: 0, capacity: null, days: null, public: 0 },
    { name: 'Day ticket, day one', kind: 'day' as const, price_minor: 19500, capacity: 150, days: JSON.stringify([c.startsOn]), public: 1 },
    // Small on purpose: it fills, so the demo has a waiting list.
    { name: 'Day ticket, day two', kind: 'day' as const, price_minor: 19500, capacity: c.smallDayTicket ? 5 : 150, days: JSON.stringify([endsOn]), public: 1 },
  ];
  await tx.insertInto('event_ticket_types').values(tickets.map((t, i) => ({ id: newId(), event_id: id, currency: 'GBP', position: i, ...t }))).execute();
  for (const [i, s] of c.sessions.entries()) {
    const sid = newId();
    const startsAt = utc(s.day, s.from);
    const endsAt = utc(s.day, s.to);
    const format = formatOf(s.title);
    await tx
      .insertInto('event_sessions')
      .values({
        id: sid,
        event_id: id,
        title: s.title,
        abstract: `${s.title}: what the speakers learned, what went wrong and what they would do again, with time for questions.`,
        format,
        level: format === 'workshop' ? 'intermediate' : 'introductory',
        room_id: roomIds[s.room] as string,
        track_id: trackIds[i % trackIds.length] as string,
        starts_at: startsAt,
        ends_at: endsAt,
        capacity: format === 'workshop' ? 40 : null,
        cpd_type: 'event',
        cpd_quarters: quartersOf(startsAt, endsAt),
        status: 'scheduled',
        proposal_id: null,
        closed_at: null,
        created_at: at,
        updated_at: at,
      })
      .execute();
    if (s.speakers.length) {
      await tx
        .insertInto('event_speakers')
        .values(s.speakers.map((x) => ({ id: newId(), event_id: id, session_id: sid, user_id: x.userId, name: x.name, email: x.email, bio: x.bio, status: 'confirmed' as const, token_hash: null, responded_at: at, created_at: at })))
        .execute();
    }
  }
  return id;
}

/** This year's programme: an opening keynote, seven slots in three rooms and a closing panel each day. */
function thisYear(startsOn: string, pool: Speaker[]): Planned[] {
  const out: Planned[] = [];
  const panel = (k: number) => [pool[k % pool.length], pool[(k + 10) % pool.length], pool[(k + 20) % pool.length]] as Speaker[];
  for (const d of [0, 1]) {
    const day = dayAfter(startsOn, d);
    out.push({ title: keynotes[d * 2] as string, day, from: '09:00', to: '09:45', room: 0, speakers: [pool[pool.length - 1 - d] as Speaker] });
    for (const [s, [from, to]] of daySlots.entries()) {
      for (const room of [0, 1, 2]) {
        const k = (d * daySlots.length + s) * 3 + room;
        const title = titles[k] as string;
        out.push({ title, day, from, to, room, speakers: title.startsWith('Panel') ? panel(k) : [pool[k % pool.length] as Speaker] });
      }
    }
    out.push({ title: keynotes[d * 2 + 1] as string, day, from: '17:45', to: '18:30', room: 0, speakers: panel(d * 7 + 3) });
  }
  return out;
}

/** Last year's: six sessions a day. */
function lastYear(startsOn: string, pool: Speaker[]): Planned[] {
  const at: Array<[string, string, number]> = [['09:00', '09:45', 0], ['10:00', '10:45', 0], ['10:00', '10:45', 1], ['10:00', '10:45', 2], ['11:00', '11:45', 0], ['11:00', '11:45', 1]];
  return pastTitles.map((title, i) => {
    const [from, to, room] = at[i % 6] as [string, string, number];
    return { title, day: dayAfter(startsOn, Math.floor(i / 6)), from, to, room, speakers: [pool[(i * 7) % pool.length] as Speaker] };
  });
}

/** This year's conference (published, two days, three rooms, ~45 sessions with speakers) and last year's. */
export async function seedDemoEventsCore(tx: Tx, now: Date, p: Platform): Promise<DemoEvents> {
  const organiser = await tx.selectFrom('users').select('id').where('email', '=', 'organiser@demo.guildhall.test').executeTakeFirstOrThrow();
  // Some speakers are members, by their accounts; the rest are guests.
  const members = await tx.selectFrom('users').select(['id', 'name', 'email']).where('email', 'like', '%@members.guildhall.test').where('status', '=', 'active').orderBy('email').limit(10).execute();
  const pool: Speaker[] = [...members.map((m) => ({ userId: m.id, name: m.name, email: m.email, bio: null })), ...guestSpeakers.map((g) => ({ userId: null, ...g }))];
  const startsOn = dayAfter(now.toISOString().slice(0, 10), 60);
  const pastStartsOn = dayAfter(now.toISOString().slice(0, 10), -360);
  // Each named by the year it is held in (60 days ahead may be next year).
  const year = Number(startsOn.slice(0, 4));
  const pastYear = Number(pastStartsOn.slice(0, 4));
  const conferenceId = await writeConference(tx, p, now, {
    title: `ITSM Guild Annual Conference ${year}`,
    slug: `annual-conference-${year}`,
    startsOn,
    venue: 'Manchester Central',
    address: 'Windmill Street, Manchester M2 3GX',
    organiserId: organiser.id,
    sessions: thisYear(startsOn, pool),
    smallDayTicket: true,
  });
  const pastConferenceId = await writeConference(tx, p, now, {
    title: `ITSM Guild Annual Conference ${pastYear}`,
    slug: `annual-conference-${pastYear}`,
    startsOn: pastStartsOn,
    venue: 'The ICC Birmingham',
    address: 'Broad Street, Birmingham B1 2EA',
    organiserId: organiser.id,
    sessions: lastYear(pastStartsOn, pool),
    smallDayTicket: false,
  });
  return { conferenceId, pastConferenceId };
}
