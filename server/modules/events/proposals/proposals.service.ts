import type { Selectable } from 'kysely';
import type { MyProposal, SubmitProposalBody, UpdateProposalBody } from '../../../../contracts/events-proposals.js';
import type { Db, Tx } from '../../../db/database.js';
import type { EventProposalsTable } from '../../../db/schema-events.js';
import { audit } from '../../../platform/audit.js';
import { type Platform, type RequestContext, auditCtx, requireActor } from '../../../platform/context.js';
import { DomainError, notFound } from '../../../platform/errors.js';
import { newId } from '../../../platform/ids.js';
import { callIsOpen, coSpeakersOf, slotOnly, slotsById } from './views.js';

/*
 * A member's side of a call for presentations: submitting a proposal before the deadline, changing or
 * withdrawing it until then, and reading their own proposals and sessions. Nothing here ever reads a review:
 * what a speaker can reach carries no score and no comment.
 */

type ProposalRow = Selectable<EventProposalsTable>;
const invalid = (path: string, message: string) => new DomainError('VALIDATION_FAILED', `${path}: ${message}`, { issues: [{ path, message }] });

/** Checks the fields against the event's call: a format it offers, one of its tracks, sensible co-speakers. */
async function checkAgainstCall(q: Db | Tx, eventId: string, fields: UpdateProposalBody, submitterEmail: string, now: Date) {
  const call = await q.selectFrom('event_calls').selectAll().where('event_id', '=', eventId).executeTakeFirst();
  if (!callIsOpen(call, now)) {
    throw new DomainError('CONFLICT', call ? `The call for presentations closed ${call.closed_at && call.closed_at < call.closes_at ? 'early' : `at its deadline (${call.closes_at})`}; proposals can no longer be submitted or changed.` : 'This event has no call for presentations.');
  }
  const formats = JSON.parse(call?.formats ?? '[]') as string[];
  if (fields.format && !formats.includes(fields.format)) throw invalid('format', `This call takes ${formats.join(', ')}`);
  const tracks = JSON.parse(call?.track_ids ?? '[]') as string[];
  if (fields.trackId && !tracks.includes(fields.trackId)) throw invalid('trackId', 'Choose one of the call’s tracks');
  const seen = new Set<string>([submitterEmail.toLowerCase()]);
  for (const [i, c] of (fields.coSpeakers ?? []).entries()) {
    const email = c.email.toLowerCase();
    if (seen.has(email)) throw invalid(`coSpeakers.${i}.email`, email === submitterEmail.toLowerCase() ? 'You are the submitter; name only your co-speakers' : 'This co-speaker is named twice');
    seen.add(email);
  }
}

const normalised = (c: { name: string; email: string }[] | undefined) => (c ?? []).map((x) => ({ name: x.name, email: x.email.toLowerCase() }));

export function proposalsService(p: Platform) {
  const db = p.database.db;

  async function views(q: Db | Tx, rows: ProposalRow[], now: Date): Promise<MyProposal[]> {
    if (rows.length === 0) return [];
    const eventIds = [...new Set(rows.map((r) => r.event_id))];
    const [events, tracks, calls, slots] = await Promise.all([
      q.selectFrom('events').select(['id', 'slug', 'title']).where('id', 'in', eventIds).execute(),
      q.selectFrom('event_tracks').select(['id', 'name']).where('event_id', 'in', eventIds).execute(),
      q.selectFrom('event_calls').select(['event_id', 'status', 'closes_at']).where('event_id', 'in', eventIds).execute(),
      slotsById(q, rows.flatMap((r) => (r.session_id ? [r.session_id] : []))),
    ]);
    const ev = new Map(events.map((e) => [e.id, e]));
    const tr = new Map(tracks.map((t) => [t.id, t]));
    const open = new Set(calls.filter((c) => callIsOpen(c, now)).map((c) => c.event_id));
    return rows.map((r) => {
      const e = ev.get(r.event_id);
      const t = r.track_id ? tr.get(r.track_id) : undefined;
      const s = r.session_id ? slots.get(r.session_id) : undefined;
      return {
        id: r.id,
        event: { id: r.event_id, slug: e?.slug ?? '', title: e?.title ?? '' },
        title: r.title,
        abstract: r.abstract,
        format: r.format,
        level: r.level,
        track: t ? { id: t.id, name: t.name } : null,
        coSpeakers: coSpeakersOf(r.co_speakers),
        status: r.status,
        editable: r.status === 'submitted' && open.has(r.event_id),
        session: s ? slotOnly(s) : null,
        submittedAt: r.created_at,
        decidedAt: r.decided_at,
      };
    });
  }

  const one = async (id: string) => (await views(db, [await db.selectFrom('event_proposals').selectAll().where('id', '=', id).executeTakeFirstOrThrow()], p.clock.now()))[0] as MyProposal;

  async function submit(ctx: RequestContext, eventId: string, body: SubmitProposalBody): Promise<MyProposal> {
    const actor = requireActor(ctx);
    const now = p.clock.now();
    const id = newId();
    await db.transaction().execute(async (tx) => {
      const event = await tx.selectFrom('events').select(['id', 'status']).where('id', '=', eventId).executeTakeFirst();
      if (!event || event.status === 'draft') throw notFound('The event');
      await checkAgainstCall(tx, eventId, body, actor.email, now);
      await tx
        .insertInto('event_proposals')
        .values({
          id,
          event_id: eventId,
          submitter_id: actor.userId,
          title: body.title,
          abstract: body.abstract,
          format: body.format,
          level: body.level,
          track_id: body.trackId ?? null,
          co_speakers: JSON.stringify(normalised(body.coSpeakers)),
          status: 'submitted',
          session_id: null,
          decided_by: null,
          decided_at: null,
          created_at: now.toISOString(),
          updated_at: now.toISOString(),
        })
        .execute();
      await audit(tx, auditCtx(ctx), { action: 'event.proposal_submitted', subjectType: 'event_proposal', subjectId: id, details: { eventId } }, now);
    });
    return one(id);
  }

  /** The caller's own proposal, still open to change (NOT_FOUND for anyone else's). */
  async function ownOpen(tx: Tx, actorId: string, proposalId: string): Promise<ProposalRow> {
    const row = await tx.selectFrom('event_proposals').selectAll().where('id', '=', proposalId).where('submitter_id', '=', actorId).executeTakeFirst();
    if (!row) throw notFound('The proposal');
    if (row.status !== 'submitted') throw new DomainError('CONFLICT', `The proposal is ${row.status}; it can no longer be changed.`);
    return row;
  }

  async function update(ctx: RequestContext, proposalId: string, body: UpdateProposalBody): Promise<MyProposal> {
    const actor = requireActor(ctx);
    const now = p.clock.now();
    await db.transaction().execute(async (tx) => {
      const row = await ownOpen(tx, actor.userId, proposalId);
      await checkAgainstCall(tx, row.event_id, body, actor.email, now);
      await tx
        .updateTable('event_proposals')
        .set({
          ...(body.title !== undefined ? { title: body.title } : {}),
          ...(body.abstract !== undefined ? { abstract: body.abstract } : {}),
          ...(body.format !== undefined ? { format: body.format } : {}),
          ...(body.level !== undefined ? { level: body.level } : {}),
          ...(body.trackId !== undefined ? { track_id: body.trackId } : {}),
          ...(body.coSpeakers !== undefined ? { co_speakers: JSON.stringify(normalised(body.coSpeakers)) } : {}),
          updated_at: now.toISOString(),
        })
        .where('id', '=', row.id)
        .execute();
      await audit(tx, auditCtx(ctx), { action: 'event.proposal_updated', subjectType: 'event_proposal', subjectId: row.id, details: { fields: Object.keys(body) } }, now);
    });
    return one(proposalId);
  }

  async function withdraw(ctx: RequestContext, proposalId: string): Promise<MyProposal> {
    const actor = requireActor(ctx);
    const now = p.clock.now();
    await db.transaction().execute(async (tx) => {
      const row = await ownOpen(tx, actor.userId, proposalId);
      await checkAgainstCall(tx, row.event_id, {}, actor.email, now);
      await tx.updateTable('event_proposals').set({ status: 'withdrawn', updated_at: now.toISOString() }).where('id', '=', row.id).execute();
      await audit(tx, auditCtx(ctx), { action: 'event.proposal_withdrawn', subjectType: 'event_proposal', subjectId: row.id }, now);
    });
    return one(proposalId);
  }

  /** The caller's proposals and the sessions they are a speaker on (invited, confirmed or declined). */
  async function listMine(ctx: RequestContext) {
    const actor = requireActor(ctx);
    const now = p.clock.now();
    const rows = await db.selectFrom('event_proposals').selectAll().where('submitter_id', '=', actor.userId).orderBy('created_at', 'desc').orderBy('id').execute();
    const speakers = await db
      .selectFrom('event_speakers as sp')
      .innerJoin('events as e', 'e.id', 'sp.event_id')
      .innerJoin('event_sessions as s', 's.id', 'sp.session_id')
      .select(['sp.id', 'sp.status', 'sp.session_id', 's.title', 'e.id as eventId', 'e.slug', 'e.title as eventTitle'])
      .where('sp.user_id', '=', actor.userId)
      .where('s.status', '=', 'scheduled')
      .execute();
    const slots = await slotsById(db, speakers.map((s) => s.session_id));
    const speaking = speakers.flatMap((s) => {
      const slot = slots.get(s.session_id);
      return slot ? [{ speakerId: s.id, status: s.status, sessionTitle: s.title, event: { id: s.eventId, slug: s.slug, title: s.eventTitle }, slot: slotOnly(slot) }] : [];
    });
    speaking.sort((a, b) => a.slot.startsAt.localeCompare(b.slot.startsAt));
    return { proposals: await views(db, rows, now), speaking };
  }

  return { submit, update, withdraw, listMine };
}
export type ProposalsService = ReturnType<typeof proposalsService>;
