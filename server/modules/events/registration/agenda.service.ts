import ical, { ICalEventStatus } from 'ical-generator';
import type { MyAgenda } from '../../../../contracts/events-registration.js';
import type { Db, Tx } from '../../../db/database.js';
import { audit } from '../../../platform/audit.js';
import { type Platform, type RequestContext, auditCtx, requireActor } from '../../../platform/context.js';
import { DomainError } from '../../../platform/errors.js';
import { randomToken, sha256 } from '../../../platform/secrets.js';
import { eventSummary } from './views.js';

/*
 * A registered person's agenda: the sessions they chose, each within its capacity (the session's own, or
 * its room's), and the agenda as an iCalendar feed at a secret address (one a registration; making a new
 * one retires the old, revoking removes it).
 */

const isPostgres = (q: Db | Tx) => q.getExecutor().adapter.constructor.name.startsWith('Postgres');

export function agendaService(p: Platform) {
  const db = p.database.db;

  /** The caller's own registration, or NOT_FOUND (someone else's id is not theirs to name). */
  async function ownRegistration(q: Db | Tx, ctx: RequestContext, registrationId: string) {
    const actor = requireActor(ctx);
    const r = await q.selectFrom('event_registrations').selectAll().where('id', '=', registrationId).where('user_id', '=', actor.userId).executeTakeFirst();
    if (!r) throw new DomainError('NOT_FOUND', 'The registration was not found.');
    return r;
  }

  async function sessionsOf(q: Db | Tx, eventId: string) {
    return q
      .selectFrom('event_sessions as s')
      .leftJoin('event_rooms as r', 'r.id', 's.room_id')
      .leftJoin('event_tracks as t', 't.id', 's.track_id')
      .select(['s.id', 's.title', 's.format', 's.abstract', 's.starts_at', 's.ends_at', 's.capacity', 'r.capacity as room_capacity', 'r.name as room', 't.name as track'])
      .where('s.event_id', '=', eventId)
      .where('s.status', '=', 'scheduled')
      .orderBy('s.starts_at')
      .orderBy('s.id')
      .execute();
  }

  async function takenOf(q: Db | Tx, sessionIds: string[]) {
    if (sessionIds.length === 0) return new Map<string, number>();
    const rows = await q.selectFrom('event_agenda_items').select('session_id').select((e) => e.fn.countAll<number>().as('n')).where('session_id', 'in', sessionIds).groupBy('session_id').execute();
    return new Map(rows.map((r) => [r.session_id, Number(r.n)]));
  }

  async function agenda(ctx: RequestContext, registrationId: string): Promise<MyAgenda> {
    const r = await ownRegistration(db, ctx, registrationId);
    const e = await db.selectFrom('events').selectAll().where('id', '=', r.event_id).executeTakeFirstOrThrow();
    const sessions = await sessionsOf(db, e.id);
    const taken = await takenOf(db, sessions.map((s) => s.id));
    const chosen = new Set((await db.selectFrom('event_agenda_items').select('session_id').where('registration_id', '=', r.id).execute()).map((x) => x.session_id));
    const feed = await db.selectFrom('event_agenda_feeds').select('registration_id').where('registration_id', '=', r.id).executeTakeFirst();
    return {
      registrationId: r.id,
      event: eventSummary(e),
      sessions: sessions.map((s) => ({
        id: s.id,
        title: s.title,
        format: s.format,
        startsAt: s.starts_at,
        endsAt: s.ends_at,
        room: s.room ?? null,
        track: s.track ?? null,
        capacity: s.capacity ?? s.room_capacity ?? null,
        taken: taken.get(s.id) ?? 0,
        chosen: chosen.has(s.id),
      })),
      hasFeed: !!feed,
    };
  }

  return {
    agenda,

    /** Adds a session of the event to a confirmed registration's agenda, within the session's capacity. */
    async add(ctx: RequestContext, registrationId: string, sessionId: string): Promise<MyAgenda> {
      const now = p.clock.now();
      await db.transaction().execute(async (tx) => {
        const r = await ownRegistration(tx, ctx, registrationId);
        if (r.status !== 'confirmed') throw new DomainError('CONFLICT', 'This registration is cancelled: register again to choose sessions.');
        let q = tx
          .selectFrom('event_sessions as s')
          .leftJoin('event_rooms as r', 'r.id', 's.room_id')
          .select(['s.id', 's.title', 's.starts_at', 's.capacity', 'r.capacity as room_capacity'])
          .where('s.id', '=', sessionId)
          .where('s.event_id', '=', r.event_id)
          .where('s.status', '=', 'scheduled');
        // Hold the session while its places are counted (PostgreSQL; SQLite writes one transaction at a time).
        if (isPostgres(tx)) q = q.forUpdate('s');
        const s = await q.executeTakeFirst();
        if (!s) throw new DomainError('NOT_FOUND', 'The session was not found in this event’s programme.');
        // A day ticket admits on its days only: a session on another day is not the ticket's to choose.
        const ticket = await tx.selectFrom('event_ticket_types').select(['name', 'days']).where('id', '=', r.ticket_type_id).executeTakeFirstOrThrow();
        const days = ticket.days ? (JSON.parse(ticket.days) as string[]) : null;
        if (days) {
          const e = await tx.selectFrom('events').select('time_zone').where('id', '=', r.event_id).executeTakeFirstOrThrow();
          const day = new Intl.DateTimeFormat('en-CA', { timeZone: e.time_zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(s.starts_at));
          if (!days.includes(day)) throw new DomainError('CONFLICT', `Your ${ticket.name} admits on ${days.join(', ')} only; “${s.title}” is on ${day}.`, { days, day });
        }
        const has = await tx.selectFrom('event_agenda_items').select('session_id').where('registration_id', '=', r.id).where('session_id', '=', s.id).executeTakeFirst();
        if (has) return;
        const capacity = s.capacity ?? s.room_capacity ?? null;
        const taken = (await takenOf(tx, [s.id])).get(s.id) ?? 0;
        if (capacity !== null && taken >= capacity) throw new DomainError('CONFLICT', `“${s.title}” is full: ${taken} of ${capacity} places are taken.`, { taken, capacity });
        await tx.insertInto('event_agenda_items').values({ registration_id: r.id, session_id: s.id, added_at: now.toISOString() }).execute();
      });
      return agenda(ctx, registrationId);
    },

    async remove(ctx: RequestContext, registrationId: string, sessionId: string): Promise<MyAgenda> {
      const r = await ownRegistration(db, ctx, registrationId);
      await db.deleteFrom('event_agenda_items').where('registration_id', '=', r.id).where('session_id', '=', sessionId).execute();
      return agenda(ctx, registrationId);
    },

    /** A new secret feed address for the agenda (the old one stops working). Shown once. */
    async createFeed(ctx: RequestContext, registrationId: string) {
      const now = p.clock.now();
      const token = randomToken();
      await db.transaction().execute(async (tx) => {
        const r = await ownRegistration(tx, ctx, registrationId);
        if (r.status !== 'confirmed') throw new DomainError('CONFLICT', 'This registration is cancelled: it has no agenda to follow.');
        await tx.deleteFrom('event_agenda_feeds').where('registration_id', '=', r.id).execute();
        await tx.insertInto('event_agenda_feeds').values({ registration_id: r.id, token_hash: sha256(token), created_at: now.toISOString() }).execute();
        await audit(tx, auditCtx(ctx), { action: 'event.agenda_feed_made', subjectType: 'event_registration', subjectId: r.id }, now);
      });
      return { url: `${p.config.publicUrl}/api/v1/agenda-feeds/${token}` };
    },

    async revokeFeed(ctx: RequestContext, registrationId: string) {
      const now = p.clock.now();
      await db.transaction().execute(async (tx) => {
        const r = await ownRegistration(tx, ctx, registrationId);
        await tx.deleteFrom('event_agenda_feeds').where('registration_id', '=', r.id).execute();
        await audit(tx, auditCtx(ctx), { action: 'event.agenda_feed_revoked', subjectType: 'event_registration', subjectId: r.id }, now);
      });
      return { status: 'ok' as const };
    },

    /** The feed itself, by its secret address (no sign-in: calendar programs fetch it). */
    async feed(token: string): Promise<string> {
      const f = await db.selectFrom('event_agenda_feeds').select('registration_id').where('token_hash', '=', sha256(token)).executeTakeFirst();
      const r = f && (await db.selectFrom('event_registrations').select(['id', 'event_id', 'status']).where('id', '=', f.registration_id).executeTakeFirst());
      if (!r || r.status !== 'confirmed') throw new DomainError('NOT_FOUND', 'This calendar feed was not found: it may have been replaced or revoked.');
      const e = await db.selectFrom('events').selectAll().where('id', '=', r.event_id).executeTakeFirstOrThrow();
      const chosen = await db
        .selectFrom('event_agenda_items as a')
        .innerJoin('event_sessions as s', 's.id', 'a.session_id')
        .leftJoin('event_rooms as r', 'r.id', 's.room_id')
        .select(['s.id', 's.title', 's.abstract', 's.starts_at', 's.ends_at', 's.status', 's.updated_at', 'r.name as room'])
        .where('a.registration_id', '=', r.id)
        .orderBy('s.starts_at')
        .execute();
      const host = new URL(p.config.publicUrl).host;
      const cal = ical({ name: `${e.title}: my agenda`, prodId: { company: 'Guildhall', product: 'events', language: 'EN' }, ttl: 3600 });
      for (const s of chosen) {
        cal.createEvent({
          id: `${s.id}@${host}`,
          start: new Date(s.starts_at),
          end: new Date(s.ends_at),
          stamp: new Date(s.updated_at),
          summary: s.title,
          description: s.abstract,
          location: [s.room, e.venue_name].filter(Boolean).join(', ') || null,
          url: `${p.config.publicUrl}/events/${e.slug}`,
          status: s.status === 'cancelled' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
        });
      }
      return cal.toString();
    },
  };
}

export type AgendaService = ReturnType<typeof agendaService>;
