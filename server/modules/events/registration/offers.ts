import type { Db, Tx } from '../../../db/database.js';
import { audit, systemActor } from '../../../platform/audit.js';
import type { Platform } from '../../../platform/context.js';
import { enqueue } from '../../../platform/jobs/queue.js';
import type { JobHandler } from '../../../platform/jobs/worker.js';
import { queueMail } from '../../../platform/mail/outbox.js';
import { randomToken, sha256 } from '../../../platform/secrets.js';
import { inZone, lockTicketType, placesLeft } from './capacity.js';

/*
 * The waiting list fills itself: when a place frees (a cancellation, someone leaving after an offer, an
 * offer expiring) the job offers it to the first person waiting, with a claim link good for 48 hours. The
 * job works out what to do from the tables alone, so running it twice, or again after a failed attempt,
 * offers each freed place once.
 */

export const WAITLIST_JOB = 'events.waitlist';
export const OFFER_HOURS = 48;

/** Asks the job to look at a ticket type's waiting list, in the caller's transaction. */
export async function queueWaitlistCheck(tx: Db | Tx, ticketTypeId: string, now: Date): Promise<void> {
  await enqueue(tx, WAITLIST_JOB, { ticketTypeId }, now);
}

/** Expires lapsed offers on a ticket type and offers each free place to the next person; returns the offers made. */
export async function offerFreedPlaces(p: Platform, ticketTypeId: string): Promise<number> {
  const now = p.clock.now();
  const at = now.toISOString();
  return p.database.db.transaction().execute(async (tx) => {
    const tt = await tx.selectFrom('event_ticket_types').select(['event_id']).where('id', '=', ticketTypeId).executeTakeFirst();
    if (!tt) return 0;
    const ticket = await lockTicketType(tx, tt.event_id, ticketTypeId);
    const expired = await tx
      .updateTable('event_waitlist')
      .set({ status: 'expired', offer_token_hash: null, updated_at: at })
      .where('ticket_type_id', '=', ticketTypeId)
      .where('status', '=', 'offered')
      .where('offer_expires_at', '<=', at)
      .executeTakeFirst();
    if (Number(expired.numUpdatedRows) > 0) await audit(tx, systemActor, { action: 'event.waitlist_offers_expired', subjectType: 'event_ticket_type', subjectId: ticketTypeId, details: { count: Number(expired.numUpdatedRows) } }, now);
    const event = await tx.selectFrom('events').select(['id', 'title', 'status', 'time_zone']).where('id', '=', tt.event_id).executeTakeFirstOrThrow();
    if (event.status !== 'published') return 0;
    let free = (await placesLeft(tx, ticket, now)) ?? Number.POSITIVE_INFINITY;
    let offered = 0;
    while (free > 0) {
      const next = await tx.selectFrom('event_waitlist').selectAll().where('ticket_type_id', '=', ticketTypeId).where('status', '=', 'waiting').orderBy('created_at').orderBy('id').limit(1).executeTakeFirst();
      if (!next) break;
      const token = randomToken();
      const expiresAt = new Date(now.getTime() + OFFER_HOURS * 3_600_000).toISOString();
      await tx
        .updateTable('event_waitlist')
        .set({ status: 'offered', offer_token_hash: sha256(token), offered_at: at, offer_expires_at: expiresAt, updated_at: at })
        .where('id', '=', next.id)
        .where('status', '=', 'waiting')
        .execute();
      await queueMail(
        tx,
        next.email,
        'event_place_offered',
        { name: next.name, eventTitle: event.title, ticketName: ticket.name, expiresAt: inZone(expiresAt, event.time_zone), link: `${p.config.publicUrl}/events/claim?token=${encodeURIComponent(token)}` },
        now,
      );
      await audit(tx, systemActor, { action: 'event.waitlist_offered', subjectType: 'event_waitlist', subjectId: next.id, details: { eventId: event.id, ticketTypeId, userId: next.user_id, expiresAt } }, now);
      free -= 1;
      offered += 1;
    }
    return offered;
  });
}

/** The job: one ticket type when named, otherwise every ticket type with people waiting or offers out (the sweep). */
export function waitlistJob(p: Platform): JobHandler {
  return async ({ payload }) => {
    const named = (payload as { ticketTypeId?: string } | null)?.ticketTypeId;
    const ids = named
      ? [named]
      : (await p.database.db.selectFrom('event_waitlist').select('ticket_type_id').distinct().where('status', 'in', ['waiting', 'offered']).execute()).map((r) => r.ticket_type_id);
    let offered = 0;
    for (const id of ids) offered += await offerFreedPlaces(p, id);
    if (offered > 0) p.nudgeJobs();
  };
}
