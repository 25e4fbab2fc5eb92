import type { DbHandle } from '../../../db/database.js';
import { audit } from '../../../platform/audit.js';
import { type RequestContext, auditCtx } from '../../../platform/context.js';
import { DomainError } from '../../../platform/errors.js';
import { requireEventAccess } from '../access.js';
import { lockForClosing, withdrawUndone } from '../closing/withdraw.js';

/**
 * An organiser undoes a mistaken check-in, with a reason. The row stays (the audited fact) and no longer
 * counts, so the person may be checked in again on that list. When its session (or, for the door, the event)
 * was closed already, what it earned is taken back in the same transaction (closing/withdraw.ts); the answer
 * then names the member whose CPD standing the caller rechecks once committed.
 */
export async function undoCheckIn(handle: DbHandle, ctx: RequestContext, eventId: string, checkinId: string, reason: string, now: Date, publicUrl: string) {
  const caller = await requireEventAccess(handle.db, ctx, eventId, 'organise');
  return handle.db.transaction().execute(async (tx) => {
    await lockForClosing(tx, handle.dialect, eventId);
    const row = await tx.selectFrom('event_checkins').select(['id', 'list_id', 'registration_id', 'undone_at']).where('id', '=', checkinId).where('event_id', '=', eventId).executeTakeFirst();
    if (!row) throw new DomainError('NOT_FOUND', 'The check-in was not found at this event.');
    const at = now.toISOString();
    const done = await tx
      .updateTable('event_checkins')
      .set({ undone_at: at, undone_by: caller.actor.userId, undo_reason: reason })
      .where('id', '=', checkinId)
      .where('undone_at', 'is', null)
      .executeTakeFirst();
    if (Number(done.numUpdatedRows) === 0) throw new DomainError('CONFLICT', `This check-in was already undone at ${row.undone_at ?? 'an earlier time'}.`);
    await audit(tx, auditCtx(ctx), { action: 'events.checkin_undone', subjectType: 'event_registration', subjectId: row.registration_id, details: { eventId, listId: row.list_id, checkinId, reason } }, now);
    const withdrawn = await withdrawUndone(tx, { eventId, listId: row.list_id, registrationId: row.registration_id, reason, by: auditCtx(ctx), publicUrl, now });
    return { undone: { checkinId, listId: row.list_id, registrationId: row.registration_id, undoneAt: at }, withdrawnFrom: withdrawn?.memberId ?? null };
  });
}
