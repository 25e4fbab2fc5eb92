import type { Attendance, CloseResult, EveryoneAttendance, MyAttendance } from '../../../../contracts/events-closing.js';
import { type Platform, type RequestContext, auditCtx, requireActor } from '../../../platform/context.js';
import { DomainError, notFound } from '../../../platform/errors.js';
import { EVENTS_PROVIDER_SLUG } from '../../cpd/event-credits.js';
import { toCsv } from '../../cpd/csv.js';
import { requireEventAccess } from '../access.js';
import { eventDates, sessionTime } from './attendance-credential.js';
import type { AttendanceCertificateInput } from './certificate.js';
import { closingRepository as repo } from './closing.repository.js';
import { dayIn, itemsOf, programme } from './credits.rules.js';
import { closeInTransaction } from './close.js';
import { type AttendanceIssuer, attended, attendedItems } from './issue.js';

export type ClosingDeps = {
  issuer: AttendanceIssuer;
  /** The body's name (the issuer profile's): the "organiser" of every credit and the certificate's heading. */
  bodyName: () => Promise<string>;
  /** The cpd module's standing recheck, for members whose CPD just changed (after the commit). */
  afterCredit: (memberIds: readonly string[]) => Promise<void>;
  drawCertificate: (input: AttendanceCertificateInput) => Promise<Uint8Array>;
};

const hours = (q: number) => q / 4;

/**
 * Closing an event or one session: credits CPD through the cpd module's provider path for exactly the
 * sessions each person was checked into and for speaking (credits.rules.ts), records what each person was
 * credited, and (for the event) queues the credentials of attendance. Closing again, or after a late scan,
 * credits only what is new: the credits are keyed, and each person's record is the union of every close.
 */
export function closingService(p: Platform, deps: ClosingDeps) {
  const db = p.database.db;

  /** Everything a close or a view reads of one event. */
  async function load(eventId: string) {
    const [sessions, lists, checkins, registrations, speakers, attendance] = await Promise.all([
      repo.sessions(db, eventId),
      repo.lists(db, eventId),
      repo.checkins(db, eventId),
      repo.registrations(db, eventId),
      repo.speakers(db, eventId),
      repo.attendance(db, eventId),
    ]);
    return { sessions, lists, checkins, registrations, speakers, attendance };
  }

  async function close(ctx: RequestContext, eventId: string, sessionId: string | null): Promise<CloseResult> {
    await requireEventAccess(db, ctx, eventId, 'organise');
    const event = (await repo.event(db, eventId))!;
    if (event.status === 'draft' || event.status === 'cancelled') throw new DomainError('CONFLICT', `${event.title} is ${event.status === 'draft' ? 'a draft' : 'cancelled'}; only a published event that has taken place can be closed.`, { status: event.status });
    const now = p.clock.now();
    if (dayIn(event.time_zone, now.toISOString()) < event.starts_on) throw new DomainError('CONFLICT', `${event.title} begins on ${event.starts_on}; close it once it has taken place.`, { startsOn: event.starts_on });
    if (sessionId !== null) {
      const s = (await repo.sessions(db, eventId)).find((x) => x.id === sessionId);
      if (!s) throw notFound('The session');
      if (s.status !== 'scheduled') throw new DomainError('CONFLICT', `${s.title} was cancelled, so there is nothing to credit for it.`);
      if (s.starts_at > now.toISOString()) throw new DomainError('CONFLICT', `${s.title} has not begun yet; close it once it has taken place.`, { startsAt: s.starts_at });
    }
    const bodyName = await deps.bodyName();
    const at = now.toISOString();
    const result = await db.transaction().execute((tx) => closeInTransaction(p.database, tx, { event, sessionId, bodyName, publicUrl: p.config.publicUrl, by: auditCtx(ctx), now }));
    await deps.afterCredit([...new Set([...result.memberIds, ...result.withdrawn])]);
    p.nudgeJobs();
    const counts = await deps.issuer.counts(eventId);
    return {
      eventId,
      sessionId,
      closedAt: at,
      attendees: result.attendees,
      newCredits: result.credited,
      membersCredited: result.memberIds.length,
      credentials: { ...counts, queued: sessionId === null },
    };
  }

  async function visibleEvent(ref: string) {
    const event = await repo.event(db, ref);
    if (!event || event.status === 'draft') throw notFound('The event');
    return event;
  }

  async function mine(ctx: RequestContext, ref: string): Promise<MyAttendance> {
    const actor = requireActor(ctx);
    const event = await visibleEvent(ref);
    const [reg, sessions, lists, row, credential, provider] = await Promise.all([
      repo.registrationOf(db, event.id, actor.userId),
      repo.sessions(db, event.id),
      repo.lists(db, event.id),
      repo.attendanceOf(db, event.id, actor.userId),
      repo.liveCredentialOf(db, event.id, actor.userId),
      db.selectFrom('cpd_providers').select('id').where('slug', '=', EVENTS_PROVIDER_SLUG).executeTakeFirst(),
    ]);
    const live = reg ? await repo.checkins(db, event.id, reg.id) : [];
    const listById = new Map(lists.map((l) => [l.id, l]));
    const seen = new Set(live.flatMap((c) => listById.get(c.list_id)?.session_id ?? []));
    const credits = provider ? await repo.credits(db, provider.id, event.id, actor.userId) : [];
    const base = `/api/v1/events/${encodeURIComponent(event.id)}/attendance`;
    return {
      event: { id: event.id, slug: event.slug, title: event.title, startsOn: event.starts_on, endsOn: event.ends_on, timeZone: event.time_zone, closed: event.status === 'closed' },
      checkedIn: live.length > 0,
      sessions: sessions.filter((s) => seen.has(s.id)).map((s) => ({ id: s.id, title: s.title, startsAt: s.starts_at, endsAt: s.ends_at, hours: hours(s.cpd_quarters) })),
      hours: hours(row?.attended_quarters ?? 0),
      speakingHours: hours(row?.speaking_quarters ?? 0),
      credits: credits.map((c) => ({ type: c.type, title: c.title, occurredOn: c.occurred_on, hours: hours(c.quarters) })),
      credential: credential ? { id: credential.id, issuedAt: credential.issued_at, verifyUrl: `${p.config.publicUrl}/verify?credential=${credential.id}`, downloadUrl: `${base}/credential` } : null,
      certificateUrl: live.length > 0 && row && attended(itemsOf(row)) ? `${base}/certificate` : null,
    };
  }

  async function everyone(ctx: RequestContext, eventId: string): Promise<EveryoneAttendance> {
    await requireEventAccess(db, ctx, eventId, 'organise');
    const event = (await repo.event(db, eventId))!;
    const [data, live, counts] = await Promise.all([load(eventId), repo.liveCredentials(db, eventId), deps.issuer.counts(eventId)]);
    const listById = new Map(data.lists.map((l) => [l.id, l]));
    const byReg = new Map<string, { door: string[]; sessions: string[] }>();
    const perSession = new Map<string, number>();
    for (const c of data.checkins) {
      const l = listById.get(c.list_id);
      if (!l) continue;
      const x = byReg.get(c.registration_id) ?? { door: [], sessions: [] };
      if (l.kind === 'door' && l.day) x.door.push(l.day);
      if (l.kind === 'session' && l.session_id) {
        x.sessions.push(l.session_id);
        perSession.set(l.session_id, (perSession.get(l.session_id) ?? 0) + 1);
      }
      byReg.set(c.registration_id, x);
    }
    const att = new Map(data.attendance.map((a) => [a.user_id, a]));
    const cred = new Map(live.map((c) => [c.user_id, c.id]));
    return {
      event: { id: event.id, slug: event.slug, title: event.title, status: event.status, closedAt: event.closed_at },
      sessions: data.sessions.filter((s) => s.status === 'scheduled').map((s) => ({ id: s.id, title: s.title, startsAt: s.starts_at, closedAt: s.closed_at, checkedIn: perSession.get(s.id) ?? 0 })),
      credentials: counts,
      people: data.registrations
        .filter((r) => r.status === 'confirmed' || byReg.has(r.id))
        .map((r) => ({
          userId: r.user_id,
          name: r.name,
          email: r.email,
          reference: r.reference,
          doorDays: [...new Set(byReg.get(r.id)?.door ?? [])].sort(),
          sessionIds: byReg.get(r.id)?.sessions ?? [],
          attendedHours: hours(att.get(r.user_id)?.attended_quarters ?? 0),
          speakingHours: hours(att.get(r.user_id)?.speaking_quarters ?? 0),
          credentialId: cred.get(r.user_id) ?? null,
        })),
    };
  }

  return {
    closeEvent: (ctx: RequestContext, eventId: string) => close(ctx, eventId, null),
    closeSession: (ctx: RequestContext, eventId: string, sessionId: string) => close(ctx, eventId, sessionId),

    async attendance(ctx: RequestContext, ref: string, view: 'mine' | 'everyone'): Promise<Attendance> {
      if (view === 'mine') return { view, mine: await mine(ctx, ref), everyone: null };
      const event = await repo.event(db, ref);
      return { view, mine: null, everyone: await everyone(ctx, event?.id ?? ref) };
    },

    /** The organiser's table as RFC 4180 CSV (formula-like cells defused). */
    async attendanceCsv(ctx: RequestContext, eventId: string): Promise<{ name: string; csv: string }> {
      const e = await everyone(ctx, eventId);
      const titles = new Map(e.sessions.map((s) => [s.id, s.title]));
      const rows = e.people.map((r) => [r.name, r.email, r.reference, r.doorDays.join('; '), r.sessionIds.map((s) => titles.get(s) ?? s).join('; '), r.attendedHours, r.speakingHours, r.credentialId ?? '']);
      return { name: `attendance-${e.event.slug}`, csv: toCsv([['name', 'email', 'reference', 'door_days', 'sessions', 'attended_hours', 'speaking_hours', 'credential_id'], ...rows]) };
    },

    /** The member's certificate of attendance; refused to someone never checked in. */
    async certificate(ctx: RequestContext, ref: string): Promise<{ name: string; pdf: Uint8Array }> {
      const actor = requireActor(ctx);
      const event = await visibleEvent(ref);
      const reg = await repo.registrationOf(db, event.id, actor.userId);
      const live = reg ? await repo.checkins(db, event.id, reg.id) : [];
      if (!reg || live.length === 0) throw new DomainError('FORBIDDEN', `You were not checked in at ${event.title}, so there is no certificate of attendance for you.`);
      const row = await repo.attendanceOf(db, event.id, actor.userId);
      if (!row || !attended(itemsOf(row))) throw new DomainError('CONFLICT', `Your certificate of attendance is ready once the organisers have closed ${event.title}.`);
      const [sessions, lists, credential] = await Promise.all([repo.sessions(db, event.id), repo.lists(db, event.id), repo.liveCredentialOf(db, event.id, actor.userId)]);
      const prog = programme(event.time_zone, sessions, lists);
      const listed = attendedItems(itemsOf(row), prog.byId, prog.doorQuarters);
      const pdf = await deps.drawCertificate({
        bodyName: await deps.bodyName(),
        holderName: reg.name,
        eventTitle: event.title,
        eventDates: eventDates(event.starts_on, event.ends_on),
        venue: event.venue_name,
        sessions: listed.map((i) => ({ title: i.title, when: sessionTime(i, event.time_zone), hours: hours(i.quarters) })),
        hours: hours(listed.reduce((a, i) => a + i.quarters, 0)),
        verifyUrl: credential ? `${p.config.publicUrl}/verify?credential=${credential.id}` : null,
        now: p.clock.now(),
      });
      return { name: `attendance-${event.slug}`, pdf };
    },

    /** The member's signed credential of attendance (JSON-LD), to keep or to show anyone. */
    async credential(ctx: RequestContext, ref: string): Promise<{ name: string; json: string }> {
      const actor = requireActor(ctx);
      const event = await visibleEvent(ref);
      const c = await repo.liveCredentialOf(db, event.id, actor.userId);
      if (!c) throw notFound('A credential of attendance for you at this event');
      return { name: `attendance-${event.slug}`, json: c.jsonld };
    },
  };
}
export type ClosingService = ReturnType<typeof closingService>;
