import type { z } from 'zod';
import type { DecideProposalBody, EventProposalList, ReviewBody, ReviewedProposal } from '../../../../contracts/events-proposals.js';
import type { Tx } from '../../../db/database.js';
import { audit } from '../../../platform/audit.js';
import { type Platform, type RequestContext, auditCtx } from '../../../platform/context.js';
import { DomainError, notFound } from '../../../platform/errors.js';
import { queueMail } from '../../../platform/mail/outbox.js';
import { type EventCaller, requireEventAccess } from '../access.js';
import { acceptIntoSlot } from './accept.js';
import { callView, coSpeakersOf, slotOnly, slotsById } from './views.js';

/*
 * Reviewing and deciding. Reviews are blind: a reviewer reads only their own review of each proposal;
 * organisers read every review, the mean and the count, and decide. No one reviews a proposal they speak on.
 */

/** The proposal and the caller's part in its event (NOT_FOUND for an unknown proposal). */
async function proposalFor(tx: Tx, ctx: RequestContext, proposalId: string, capability: 'review' | 'organise') {
  const row = await tx.selectFrom('event_proposals').selectAll().where('id', '=', proposalId).executeTakeFirst();
  if (!row) throw notFound('The proposal');
  const caller = await requireEventAccess(tx, ctx, row.event_id, capability);
  return { row, caller };
}

const isSpeakerOn = (row: { submitter_id: string; co_speakers: string }, caller: EventCaller) =>
  row.submitter_id === caller.actor.userId || coSpeakersOf(row.co_speakers).some((c) => c.email === caller.actor.email.toLowerCase());

export function reviewsService(p: Platform) {
  const db = p.database.db;
  const link = (path: string) => `${p.config.publicUrl}${path}`;

  async function list(ctx: RequestContext, eventId: string): Promise<z.infer<typeof EventProposalList>> {
    return db.transaction().execute(async (tx) => {
      const caller = await requireEventAccess(tx, ctx, eventId, 'review');
      const { event, organiser } = caller;
      let q = tx.selectFrom('event_proposals').selectAll().where('event_id', '=', eventId);
      if (!organiser) q = q.where('status', '!=', 'withdrawn');
      const rows = await q.orderBy('created_at').orderBy('id').execute();
      const ids = rows.map((r) => r.id);
      // A reviewer's query is limited to their own reviews: the others' never leave the database.
      let rq = tx.selectFrom('event_proposal_reviews as v').innerJoin('users as u', 'u.id', 'v.reviewer_id').select(['v.proposal_id', 'v.reviewer_id', 'v.score', 'v.comment', 'v.updated_at', 'u.name']);
      if (!organiser) rq = rq.where('v.reviewer_id', '=', caller.actor.userId);
      const reviews = ids.length ? await rq.where('v.proposal_id', 'in', ids).orderBy('v.created_at').execute() : [];
      const submitters = ids.length ? await tx.selectFrom('users').select(['id', 'name']).where('id', 'in', [...new Set(rows.map((r) => r.submitter_id))]).execute() : [];
      const [rooms, tracks, slots] = await Promise.all([
        tx.selectFrom('event_rooms').select(['id', 'name']).where('event_id', '=', eventId).orderBy('position').execute(),
        tx.selectFrom('event_tracks').select(['id', 'name']).where('event_id', '=', eventId).orderBy('position').execute(),
        slotsById(tx, rows.flatMap((r) => (r.session_id ? [r.session_id] : []))),
      ]);
      const who = new Map(submitters.map((u) => [u.id, u]));
      const coEmails = [...new Set(rows.flatMap((r) => coSpeakersOf(r.co_speakers).map((c) => c.email)))];
      const members = new Set(coEmails.length ? (await tx.selectFrom('users').select('email').where('email', 'in', coEmails).execute()).map((u) => u.email) : []);
      const proposals: ReviewedProposal[] = rows.map((r) => {
        const mine = reviews.filter((v) => v.proposal_id === r.id);
        const own = mine.find((v) => v.reviewer_id === caller.actor.userId);
        const sub = who.get(r.submitter_id);
        const track = tracks.find((t) => t.id === r.track_id);
        const slot = r.session_id ? slots.get(r.session_id) : undefined;
        return {
          id: r.id,
          title: r.title,
          abstract: r.abstract,
          format: r.format,
          level: r.level,
          track: track ? { id: track.id, name: track.name } : null,
          speakers: [{ name: sub?.name ?? '', member: true }, ...coSpeakersOf(r.co_speakers).map((c) => ({ name: c.name, member: members.has(c.email) }))],
          status: r.status,
          submittedAt: r.created_at,
          ownProposal: isSpeakerOn(r, caller),
          myReview: own ? { score: own.score, comment: own.comment, updatedAt: own.updated_at } : null,
          reviews: organiser ? mine.map((v) => ({ reviewer: { id: v.reviewer_id, name: v.name }, score: v.score, comment: v.comment, updatedAt: v.updated_at })) : null,
          meanScore: organiser ? (mine.length ? Math.round((mine.reduce((a, v) => a + v.score, 0) / mine.length) * 100) / 100 : null) : null,
          reviewCount: organiser ? mine.length : null,
          session: slot ? slotOnly(slot) : null,
        };
      });
      return {
        event: { id: event.id, slug: event.slug, title: event.title, timeZone: event.time_zone, startsOn: event.starts_on, endsOn: event.ends_on },
        organiser,
        call: await callView(tx, event, p.clock.now()),
        rooms,
        tracks,
        proposals,
      };
    });
  }

  async function review(ctx: RequestContext, proposalId: string, body: z.infer<typeof ReviewBody>) {
    const now = p.clock.now();
    return db.transaction().execute(async (tx) => {
      const { row, caller } = await proposalFor(tx, ctx, proposalId, 'review');
      if (isSpeakerOn(row, caller)) throw new DomainError('FORBIDDEN', `You are a speaker on “${row.title}”, so you may not review it.`);
      if (row.status !== 'submitted') throw new DomainError('CONFLICT', `The proposal is ${row.status}; it is no longer reviewed.`);
      const had = await tx.selectFrom('event_proposal_reviews').select('created_at').where('proposal_id', '=', row.id).where('reviewer_id', '=', caller.actor.userId).executeTakeFirst();
      // An upsert: the same reviewer sending twice at once changes one review rather than failing.
      await tx
        .insertInto('event_proposal_reviews')
        .values({ proposal_id: row.id, reviewer_id: caller.actor.userId, score: body.score, comment: body.comment, created_at: now.toISOString(), updated_at: now.toISOString() })
        .onConflict((oc) => oc.columns(['proposal_id', 'reviewer_id']).doUpdateSet({ score: body.score, comment: body.comment, updated_at: now.toISOString() }))
        .execute();
      // The comment stays out of the audit log, which others read.
      await audit(tx, auditCtx(ctx), { action: had ? 'event.proposal_review_changed' : 'event.proposal_reviewed', subjectType: 'event_proposal', subjectId: row.id, details: { score: body.score } }, now);
      return { proposalId: row.id, score: body.score, comment: body.comment, updatedAt: now.toISOString() };
    });
  }

  async function decide(ctx: RequestContext, proposalId: string, body: DecideProposalBody) {
    const now = p.clock.now();
    const out = await db.transaction().execute(async (tx) => {
      const { row, caller } = await proposalFor(tx, ctx, proposalId, 'organise');
      const status: 'accepted' | 'rejected' = body.outcome === 'accept' ? 'accepted' : 'rejected';
      // Claimed first, so two organisers deciding at once cannot both make a session of it.
      const claimed = await tx.updateTable('event_proposals').set({ status, decided_by: caller.actor.userId, decided_at: now.toISOString(), updated_at: now.toISOString() }).where('id', '=', row.id).where('status', '=', 'submitted').executeTakeFirst();
      if (row.status !== 'submitted' || Number(claimed.numUpdatedRows) !== 1) throw new DomainError('CONFLICT', `The proposal is already ${row.status === 'submitted' ? 'decided' : row.status}.`);
      const submitter = await tx.selectFrom('users').select(['id', 'name', 'email']).where('id', '=', row.submitter_id).executeTakeFirstOrThrow();
      let slot: string | null = null;
      let sessionId: string | null = null;
      if (body.outcome === 'accept') {
        const accepted = await acceptIntoSlot(tx, p, { proposal: row, event: caller.event, submitter, body, now });
        slot = accepted.slot;
        sessionId = accepted.sessionId;
      }
      if (sessionId) await tx.updateTable('event_proposals').set({ session_id: sessionId }).where('id', '=', row.id).execute();
      await queueMail(tx, submitter.email, 'event_proposal_decided', { name: submitter.name, eventTitle: caller.event.title, title: row.title, outcome: status, slot, link: link('/events/talks') }, now);
      await audit(tx, auditCtx(ctx), { action: `event.proposal_${status}`, subjectType: 'event_proposal', subjectId: row.id, details: { eventId: row.event_id, sessionId } }, now);
      return { proposalId: row.id, status, sessionId };
    });
    p.nudgeJobs();
    return out;
  }

  return { list, review, decide };
}
export type ReviewsService = ReturnType<typeof reviewsService>;
