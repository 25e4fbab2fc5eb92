import type { FeedbackBody } from '../../../../contracts/events-proposals.js';
import type { z } from 'zod';
import type { Db, Tx } from '../../../db/database.js';
import { audit } from '../../../platform/audit.js';
import { type Platform, type RequestContext, auditCtx, requireActor } from '../../../platform/context.js';
import { DomainError, notFound } from '../../../platform/errors.js';
import { newId } from '../../../platform/ids.js';
import { toCsv } from '../../cpd/csv.js';
import { requireEventAccess } from '../access.js';

/*
 * Session feedback: a rating and a comment from someone checked in to the session (a live check-in on the
 * session's list), one per person and session. Speakers read their own sessions' feedback without the
 * attendees' names; organisers read all of it, named, and export it.
 */

/** Live check-ins on session lists (c), with their list (l) and registration (r). */
export function sessionCheckins(q: Db | Tx) {
  return q
    .selectFrom('event_checkins as c')
    .innerJoin('event_checkin_lists as l', 'l.id', 'c.list_id')
    .innerJoin('event_registrations as r', 'r.id', 'c.registration_id')
    .where('l.kind', '=', 'session')
    .where('c.undone_at', 'is', null);
}

/** The check-ins of `userId` to sessions. */
const attendedQuery = (q: Db | Tx, userId: string) => sessionCheckins(q).where('r.user_id', '=', userId);

type Row = { id: string; session_id: string; rating: number; comment: string; updated_at: string; user_id: string };

export function feedbackService(p: Platform) {
  const db = p.database.db;

  async function attended(ctx: RequestContext, slug: string) {
    const actor = requireActor(ctx);
    const event = await db.selectFrom('events').select(['id', 'slug', 'title', 'time_zone', 'status']).where('slug', '=', slug).executeTakeFirst();
    if (!event || event.status === 'draft') throw notFound('The event');
    const ids = (await attendedQuery(db, actor.userId).select('l.session_id').where('c.event_id', '=', event.id).execute()).flatMap((r) => (r.session_id ? [r.session_id] : []));
    const sessions = ids.length ? await db.selectFrom('event_sessions').select(['id', 'title', 'starts_at', 'ends_at']).where('id', 'in', ids).orderBy('starts_at').execute() : [];
    const mine = ids.length ? await db.selectFrom('event_session_feedback').selectAll().where('user_id', '=', actor.userId).where('session_id', 'in', ids).execute() : [];
    return {
      event: { id: event.id, slug: event.slug, title: event.title, timeZone: event.time_zone },
      sessions: sessions.map((s) => {
        const f = mine.find((m) => m.session_id === s.id);
        return { id: s.id, title: s.title, startsAt: s.starts_at, endsAt: s.ends_at, myFeedback: f ? { id: f.id, rating: f.rating, comment: f.comment, at: f.updated_at } : null };
      }),
    };
  }

  async function submit(ctx: RequestContext, sessionId: string, body: z.infer<typeof FeedbackBody>) {
    const actor = requireActor(ctx);
    const now = p.clock.now();
    return db.transaction().execute(async (tx) => {
      const session = await tx.selectFrom('event_sessions as s').innerJoin('events as e', 'e.id', 's.event_id').select(['s.id', 's.title', 's.event_id', 'e.status']).where('s.id', '=', sessionId).executeTakeFirst();
      if (!session || session.status === 'draft') throw notFound('The session');
      const inside = await attendedQuery(tx, actor.userId).select('c.id').where('l.session_id', '=', sessionId).executeTakeFirst();
      if (!inside) throw new DomainError('FORBIDDEN', `Only people checked in to “${session.title}” may give feedback on it; your check-in to that session was not recorded.`);
      const had = await tx.selectFrom('event_session_feedback').select('id').where('session_id', '=', sessionId).where('user_id', '=', actor.userId).executeTakeFirst();
      // One per person and session: a second (even one sent at the same moment) replaces the first.
      const saved = await tx
        .insertInto('event_session_feedback')
        .values({ id: newId(), event_id: session.event_id, session_id: sessionId, user_id: actor.userId, rating: body.rating, comment: body.comment, created_at: now.toISOString(), updated_at: now.toISOString() })
        .onConflict((oc) => oc.columns(['session_id', 'user_id']).doUpdateSet({ rating: body.rating, comment: body.comment, updated_at: now.toISOString() }))
        .returning('id')
        .executeTakeFirstOrThrow();
      const id = saved.id;
      await audit(tx, auditCtx(ctx), { action: had ? 'event.feedback_replaced' : 'event.feedback_given', subjectType: 'event_session', subjectId: sessionId, details: { rating: body.rating } }, now);
      return { id, sessionId, rating: body.rating, comment: body.comment, replaced: !!had };
    });
  }

  /** Feedback grouped by session, in programme order. */
  async function summaries(q: Db | Tx, sessions: { id: string; title: string; starts_at: string; event_id: string }[]) {
    const ids = sessions.map((s) => s.id);
    const rows: Row[] = ids.length ? await q.selectFrom('event_session_feedback').select(['id', 'session_id', 'rating', 'comment', 'updated_at', 'user_id']).where('session_id', 'in', ids).orderBy('updated_at').orderBy('id').execute() : [];
    const events = ids.length ? await q.selectFrom('events').select(['id', 'slug', 'title']).where('id', 'in', [...new Set(sessions.map((s) => s.event_id))]).execute() : [];
    return sessions.map((s) => {
      const mine = rows.filter((r) => r.session_id === s.id);
      const e = events.find((x) => x.id === s.event_id);
      return {
        sessionId: s.id,
        title: s.title,
        event: { id: s.event_id, slug: e?.slug ?? '', title: e?.title ?? '' },
        startsAt: s.starts_at,
        count: mine.length,
        meanRating: mine.length ? Math.round((mine.reduce((a, r) => a + r.rating, 0) / mine.length) * 100) / 100 : null,
        rows: mine,
      };
    });
  }

  /** A speaker's own sessions (not declined), the attendees unnamed. */
  async function listMine(ctx: RequestContext) {
    const actor = requireActor(ctx);
    const sessions = await db
      .selectFrom('event_sessions as s')
      .innerJoin('event_speakers as sp', 'sp.session_id', 's.id')
      .select(['s.id', 's.title', 's.starts_at', 's.event_id'])
      .where('sp.user_id', '=', actor.userId)
      .where('sp.status', '!=', 'declined')
      .where('s.status', '=', 'scheduled')
      .orderBy('s.starts_at', 'desc')
      .execute();
    const out = await summaries(db, sessions);
    return { sessions: out.map(({ rows, ...s }) => ({ ...s, feedback: rows.map((r) => ({ id: r.id, rating: r.rating, comment: r.comment, at: r.updated_at })) })) };
  }

  async function eventSummaries(ctx: RequestContext, eventId: string) {
    await requireEventAccess(db, ctx, eventId, 'organise');
    const sessions = await db.selectFrom('event_sessions').select(['id', 'title', 'starts_at', 'event_id']).where('event_id', '=', eventId).orderBy('starts_at').orderBy('title').execute();
    const out = await summaries(db, sessions);
    const userIds = [...new Set(out.flatMap((s) => s.rows.map((r) => r.user_id)))];
    const users = userIds.length ? await db.selectFrom('users').select(['id', 'name']).where('id', 'in', userIds).execute() : [];
    const name = new Map(users.map((u) => [u.id, u.name]));
    return out.map(({ rows, ...s }) => ({ ...s, feedback: rows.map((r) => ({ id: r.id, rating: r.rating, comment: r.comment, at: r.updated_at, attendee: { id: r.user_id, name: name.get(r.user_id) ?? '' } })) }));
  }

  const listEvent = async (ctx: RequestContext, eventId: string) => ({ sessions: await eventSummaries(ctx, eventId) });

  /** Spreadsheet-safe CSV (toCsv escapes cells a spreadsheet would run as formulas). */
  async function csv(ctx: RequestContext, eventId: string): Promise<string> {
    const sessions = await eventSummaries(ctx, eventId);
    const rows: (string | number)[][] = [['session', 'starts_at', 'attendee', 'rating', 'comment', 'given_at']];
    for (const s of sessions) for (const f of s.feedback) rows.push([s.title, s.startsAt, f.attendee.name, f.rating, f.comment, f.at]);
    return toCsv(rows);
  }

  return { attended, submit, listMine, listEvent, csv };
}
export type FeedbackService = ReturnType<typeof feedbackService>;
