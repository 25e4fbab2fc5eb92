import type { CallView, OpenCallBody } from '../../../../contracts/events-proposals.js';
import { audit } from '../../../platform/audit.js';
import { type Platform, type RequestContext, auditCtx } from '../../../platform/context.js';
import { DomainError, notFound } from '../../../platform/errors.js';
import { requireEventAccess } from '../access.js';
import { callView } from './views.js';

/*
 * The call for presentations of one event: an organiser opens it (deadline, guidance, formats, tracks),
 * may change it by opening again, and closes it early; anyone reads whether it is open.
 */

const invalid = (path: string, message: string) => new DomainError('VALIDATION_FAILED', `${path}: ${message}`, { issues: [{ path, message }] });

export function callService(p: Platform) {
  const db = p.database.db;

  async function open(ctx: RequestContext, eventId: string, body: OpenCallBody): Promise<CallView> {
    const now = p.clock.now();
    return db.transaction().execute(async (tx) => {
      const { event, actor } = await requireEventAccess(tx, ctx, eventId, 'organise');
      if (event.status === 'closed' || event.status === 'cancelled') throw new DomainError('CONFLICT', `The event is ${event.status}; a call cannot be opened for it.`);
      const closesAt = new Date(body.closesAt).toISOString();
      if (closesAt <= now.toISOString()) throw invalid('closesAt', 'Choose a deadline in the future');
      const tracks = await tx.selectFrom('event_tracks').select(['id']).where('event_id', '=', eventId).orderBy('position').execute();
      const known = new Set(tracks.map((t) => t.id));
      const unknown = (body.trackIds ?? []).find((t) => !known.has(t));
      if (unknown) throw invalid('trackIds', `The track ${unknown} is not one of this event’s tracks`);
      const trackIds = body.trackIds?.length ? [...new Set(body.trackIds)] : tracks.map((t) => t.id);
      const row = { closes_at: closesAt, guidance: body.guidance, formats: JSON.stringify([...new Set(body.formats)]), track_ids: JSON.stringify(trackIds), status: 'open' as const, closed_at: null };
      const had = await tx.selectFrom('event_calls').select('event_id').where('event_id', '=', eventId).executeTakeFirst();
      if (had) await tx.updateTable('event_calls').set(row).where('event_id', '=', eventId).execute();
      else await tx.insertInto('event_calls').values({ event_id: eventId, ...row, opened_by: actor.userId, opened_at: now.toISOString() }).execute();
      await audit(tx, auditCtx(ctx), { action: 'event.call_opened', subjectType: 'event', subjectId: eventId, details: { closesAt, formats: body.formats, trackIds } }, now);
      return callView(tx, event, now);
    });
  }

  async function close(ctx: RequestContext, eventId: string): Promise<CallView> {
    const now = p.clock.now();
    return db.transaction().execute(async (tx) => {
      const { event } = await requireEventAccess(tx, ctx, eventId, 'organise');
      const call = await tx.selectFrom('event_calls').select('status').where('event_id', '=', eventId).executeTakeFirst();
      if (!call) throw notFound('The call for presentations');
      if (call.status === 'open') {
        await tx.updateTable('event_calls').set({ status: 'closed', closed_at: now.toISOString() }).where('event_id', '=', eventId).execute();
        await audit(tx, auditCtx(ctx), { action: 'event.call_closed', subjectType: 'event', subjectId: eventId }, now);
      }
      return callView(tx, event, now);
    });
  }

  /** Public: a draft event has no call anyone can see. */
  async function get(slug: string): Promise<CallView> {
    const event = await db.selectFrom('events').select(['id', 'slug', 'title', 'time_zone', 'status']).where('slug', '=', slug).executeTakeFirst();
    if (!event || event.status === 'draft') throw notFound('The event');
    return callView(db, event, p.clock.now());
  }

  return { open, close, get };
}
export type CallService = ReturnType<typeof callService>;
