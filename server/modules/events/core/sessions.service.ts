import type { z } from 'zod';
import { cpdActivityTypes } from '../../../../contracts/cpd-types.js';
import type { ManagedSession, SessionBody, SpeakerInput } from '../../../../contracts/events.js';
import type { Tx } from '../../../db/database.js';
import type { EventSessionsTable, EventsTable } from '../../../db/schema-events.js';
import { audit } from '../../../platform/audit.js';
import { type Platform, type RequestContext, auditCtx } from '../../../platform/context.js';
import { DomainError } from '../../../platform/errors.js';
import { newId } from '../../../platform/ids.js';
import { requireEventAccess } from '../access.js';
import { refuseClashes } from '../clash.js';
import { speakerKey } from '../clash.rules.js';
import { touchEvent } from '../revision.js';
import { eventRow, invalid } from './checks.js';
import { inviteSpeakers } from '../speaker-invites.js';
import { localToUtc, quartersOf, slotLabel, utcToLocal } from '../time.js';
import { sessionsOf } from './views.js';

type Body = z.output<typeof SessionBody>;
type SpeakerIn = z.output<typeof SpeakerInput>;
type Resolved = { userId: string | null; name: string; email: string; bio: string | null };

/** Serialises programme changes of one event on PostgreSQL, so two clashing sessions cannot both be checked clear. */
async function lockEvent(tx: Tx, p: Platform, eventId: string): Promise<EventsTable> {
  if (p.database.dialect === 'postgres') await tx.selectFrom('events').select('id').where('id', '=', eventId).forUpdate().execute();
  return eventRow(tx, eventId);
}

/** Members by their account's address (name from the account), guests by name and address. */
async function resolveSpeakers(tx: Tx, speakers: SpeakerIn[]): Promise<Resolved[]> {
  const emails = [...new Set(speakers.map((s) => s.email))];
  if (emails.length !== speakers.length) throw invalid('speakers', 'A speaker is named twice');
  const users = emails.length ? await tx.selectFrom('users').select(['id', 'name', 'email']).where('email', 'in', emails).where('status', '=', 'active').execute() : [];
  const byEmail = new Map(users.map((u) => [u.email, u]));
  return speakers.map((s, i) => {
    const u = byEmail.get(s.email);
    if (!u && !s.name) throw invalid(`speakers.${i}.name`, `${s.email} is not a member's account: give the guest speaker's name`);
    return { userId: u?.id ?? null, name: u?.name ?? (s.name as string), email: s.email, bio: s.bio ?? null };
  });
}

/** The session's place in time, checked against the event's zone and days. */
function timesOf(b: Pick<Body, 'day' | 'startTime' | 'endTime'>, e: EventsTable) {
  if (b.day < e.starts_on || b.day > e.ends_on) throw invalid('day', `${b.day} is not one of the event's days (${e.starts_on} to ${e.ends_on})`);
  const from = localToUtc(b.day, b.startTime, e.time_zone);
  if (!from.ok) throw invalid('startTime', from.problem);
  const to = localToUtc(b.day, b.endTime, e.time_zone);
  if (!to.ok) throw invalid('endTime', to.problem);
  if (to.utc <= from.utc) throw invalid('endTime', 'The session must end after it starts (on the same day)');
  return { starts_at: from.utc, ends_at: to.utc };
}

/** Adding, changing and cancelling sessions of an event's programme, refusing room and speaker clashes. */
export function sessionsService(p: Platform) {
  const db = p.database.db;

  async function checkPlace(tx: Tx, eventId: string, roomId: string | null, trackId: string | null, capacity: number | null) {
    const room = roomId ? await tx.selectFrom('event_rooms').select(['name', 'capacity']).where('id', '=', roomId).where('event_id', '=', eventId).executeTakeFirst() : null;
    if (roomId && !room) throw invalid('roomId', 'Choose one of the event’s rooms');
    if (room && capacity !== null && capacity > room.capacity) throw invalid('capacity', `${room.name} holds ${room.capacity}: give at most ${room.capacity} places`);
    if (trackId && !(await tx.selectFrom('event_tracks').select('id').where('id', '=', trackId).where('event_id', '=', eventId).executeTakeFirst())) throw invalid('trackId', 'Choose one of the event’s tracks');
  }

  /** Writes the session (new or changed) and its speakers after the checks, in the caller's transaction. */
  async function save(tx: Tx, e: EventsTable, current: EventSessionsTable | null, b: Body, now: Date): Promise<string> {
    const at = now.toISOString();
    const times = timesOf(b, e);
    const roomId = b.roomId ?? null;
    const trackId = b.trackId ?? null;
    await checkPlace(tx, e.id, roomId, trackId, b.capacity ?? null);
    const cpdType = b.cpdType ?? current?.cpd_type ?? 'event';
    if (!(cpdActivityTypes as readonly string[]).includes(cpdType)) throw invalid('cpdType', `${cpdType} is not a CPD activity type; use one of ${cpdActivityTypes.join(', ')}`);
    const lengthChanged = !current || current.starts_at !== times.starts_at || current.ends_at !== times.ends_at;
    const quarters = b.cpdHours !== undefined ? Math.round(b.cpdHours * 4) : lengthChanged ? quartersOf(times.starts_at, times.ends_at) : (current?.cpd_quarters ?? 0);
    const speakers = b.speakers ? await resolveSpeakers(tx, b.speakers) : null;
    const id = current?.id ?? newId();
    const existing = current ? await tx.selectFrom('event_speakers').selectAll().where('session_id', '=', id).execute() : [];
    const keys = speakers ? speakers.map((s) => speakerKey(s)) : existing.filter((s) => s.status !== 'declined').map((s) => speakerKey({ userId: s.user_id, email: s.email }));
    // A clash names the speaker as the programme already shows them.
    const known = await tx.selectFrom('event_speakers').select(['user_id', 'email', 'name']).where('event_id', '=', e.id).execute();
    const names = new Map([...(speakers ?? []).map((s) => [speakerKey(s), s.name] as const), ...known.map((s) => [speakerKey({ userId: s.user_id, email: s.email }), s.name] as const)]);
    await refuseClashes(tx, e.id, { id, title: b.title, roomId, startsAt: times.starts_at, endsAt: times.ends_at, speakers: keys }, (k) => names.get(k) ?? k);
    const row = { title: b.title, abstract: b.abstract, format: b.format, room_id: roomId, track_id: trackId, ...times, capacity: b.capacity ?? null, cpd_type: cpdType, cpd_quarters: quarters, updated_at: at };
    if (current) await tx.updateTable('event_sessions').set(row).where('id', '=', id).execute();
    else await tx.insertInto('event_sessions').values({ id, event_id: e.id, ...row, level: null, status: 'scheduled', proposal_id: null, closed_at: null, created_at: at }).execute();
    if (speakers) {
      // Speakers who stay keep their row (and their answer); the rest are replaced.
      const kept = new Set(speakers.map((s) => speakerKey(s)));
      const gone = existing.filter((s) => !kept.has(speakerKey({ userId: s.user_id, email: s.email })));
      if (gone.length) await tx.deleteFrom('event_speakers').where('id', 'in', gone.map((s) => s.id)).execute();
      const had = new Set(existing.map((s) => speakerKey({ userId: s.user_id, email: s.email })));
      const added = speakers.filter((s) => !had.has(speakerKey(s)));
      if (added.length) await inviteSpeakers(tx, p, { event: e, sessionId: id, sessionTitle: b.title, slot: slotLabel(times.starts_at, times.ends_at, e.time_zone), speakers: added }, now);
    }
    await touchEvent(tx, e.id, now);
    return id;
  }

  async function one(eventId: string, sessionId: string): Promise<ManagedSession> {
    const e = await eventRow(db, eventId);
    const s = (await sessionsOf(db, eventId, e.time_zone, true)).find((x) => x.id === sessionId);
    if (!s) throw new DomainError('NOT_FOUND', 'The session was not found in this event.');
    return s;
  }

  async function sessionRow(tx: Tx, eventId: string, sessionId: string): Promise<EventSessionsTable> {
    const s = await tx.selectFrom('event_sessions').selectAll().where('id', '=', sessionId).where('event_id', '=', eventId).executeTakeFirst();
    if (!s) throw new DomainError('NOT_FOUND', 'The session was not found in this event.');
    return s;
  }

  return {
    /** addSession */
    async add(ctx: RequestContext, eventId: string, b: Body): Promise<ManagedSession> {
      await requireEventAccess(db, ctx, eventId, 'organise');
      const now = p.clock.now();
      const id = await db.transaction().execute(async (tx) => {
        const e = await lockEvent(tx, p, eventId);
        const sid = await save(tx, e, null, b, now);
        await audit(tx, auditCtx(ctx), { action: 'event.session_added', subjectType: 'event_session', subjectId: sid, details: { eventId, title: b.title } }, now);
        return sid;
      });
      return one(eventId, id);
    },

    /** updateSession: any of the fields; a scheduled session is checked for clashes again. */
    async update(ctx: RequestContext, eventId: string, sessionId: string, b: Partial<Body>): Promise<ManagedSession> {
      await requireEventAccess(db, ctx, eventId, 'organise');
      const now = p.clock.now();
      await db.transaction().execute(async (tx) => {
        const e = await lockEvent(tx, p, eventId);
        const s = await sessionRow(tx, eventId, sessionId);
        if (s.status === 'cancelled') throw new DomainError('CONFLICT', 'The session is cancelled; add it again instead.');
        const start = utcToLocal(s.starts_at, e.time_zone);
        const merged: Body = {
          title: b.title ?? s.title,
          abstract: b.abstract ?? s.abstract,
          format: b.format ?? s.format,
          roomId: b.roomId !== undefined ? b.roomId : s.room_id,
          trackId: b.trackId !== undefined ? b.trackId : s.track_id,
          day: b.day ?? start.date,
          startTime: b.startTime ?? start.time,
          endTime: b.endTime ?? utcToLocal(s.ends_at, e.time_zone).time,
          capacity: b.capacity !== undefined ? b.capacity : s.capacity,
          ...(b.cpdType !== undefined ? { cpdType: b.cpdType } : {}),
          ...(b.cpdHours !== undefined ? { cpdHours: b.cpdHours } : {}),
          ...(b.speakers !== undefined ? { speakers: b.speakers } : {}),
        };
        await save(tx, e, s, merged, now);
        await audit(tx, auditCtx(ctx), { action: 'event.session_updated', subjectType: 'event_session', subjectId: sessionId, details: { eventId, fields: Object.keys(b) } }, now);
      });
      return one(eventId, sessionId);
    },

    /** cancelSession: kept (with its speakers) but off the programme; check-ins and CPD no longer count it. */
    async cancel(ctx: RequestContext, eventId: string, sessionId: string, reason?: string): Promise<ManagedSession> {
      await requireEventAccess(db, ctx, eventId, 'organise');
      const now = p.clock.now();
      await db.transaction().execute(async (tx) => {
        const s = await sessionRow(tx, eventId, sessionId);
        if (s.closed_at) throw new DomainError('CONFLICT', 'The session is closed and its CPD credited; it cannot be cancelled.');
        if (s.status === 'cancelled') return;
        await tx.updateTable('event_sessions').set({ status: 'cancelled', updated_at: now.toISOString() }).where('id', '=', sessionId).execute();
        await touchEvent(tx, eventId, now);
        await audit(tx, auditCtx(ctx), { action: 'event.session_cancelled', subjectType: 'event_session', subjectId: sessionId, details: { eventId, ...(reason ? { reason } : {}) } }, now);
      });
      return one(eventId, sessionId);
    },
  };
}

export type SessionsService = ReturnType<typeof sessionsService>;
