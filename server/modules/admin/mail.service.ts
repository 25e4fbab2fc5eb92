import type { z } from 'zod';
import type { UndeliveredMailQuery } from '../../../contracts/admin.js';
import type { Tx } from '../../db/database.js';
import type { OutboxMessage } from '../../db/schema.js';
import { audit } from '../../platform/audit.js';
import { MINUTE } from '../../platform/clock.js';
import { type Platform, type RequestContext, auditCtx, requireRole } from '../../platform/context.js';
import { DomainError, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { enqueue } from '../../platform/jobs/queue.js';
import { MAIL_JOB } from '../../platform/mail/outbox.js';
import { MAIL_MAX_ATTEMPTS } from '../../platform/mail/sender.js';
import { mailSummary } from './platform.service.js';

/** Mail still pending this long after it was queued is shown to the administrator beside failed mail. */
export const LONG_PENDING_MS = 15 * MINUTE;

const view = (m: OutboxMessage) => ({
  ...mailSummary(m),
  attempts: m.attempts,
  lastError: m.last_error,
  firstAttemptAt: m.first_attempt_at,
  lastAttemptAt: m.last_attempt_at,
});

/** System administrators see mail that failed or waits long, and re-send failed mail. */
export function mailAdminService(p: Platform) {
  const db = p.database.db;

  /** Puts one failed message back in the queue with a fresh retry window; false if it was not failed. */
  async function requeue(tx: Tx, id: string, now: Date): Promise<boolean> {
    const r = await tx.updateTable('outbox').set({ status: 'pending', first_attempt_at: null }).where('id', '=', id).where('status', '=', 'failed').executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) return false;
    // A new job (the first one is finished): its key is new for every re-send.
    await enqueue(tx, MAIL_JOB, { outboxId: id }, now, { idempotencyKey: `mail:${id}:resend:${newId()}`, maxAttempts: MAIL_MAX_ATTEMPTS });
    return true;
  }

  return {
    async listUndelivered(ctx: RequestContext, q: z.output<typeof UndeliveredMailQuery>) {
      requireRole(ctx, ['system_admin']);
      const pendingBefore = new Date(p.clock.now().getTime() - LONG_PENDING_MS).toISOString();
      const counts = await db
        .selectFrom('outbox')
        .select((eb) => [
          eb.fn.sum<number | string>(eb.case().when('status', '=', 'failed').then(1).else(0).end()).as('failed'),
          eb.fn.sum<number | string>(eb.case().when('status', '=', 'pending').then(1).else(0).end()).as('pending'),
        ])
        .where((eb) => eb.or([eb('status', '=', 'failed'), eb.and([eb('status', '=', 'pending'), eb('created_at', '<', pendingBefore)])]))
        .executeTakeFirst();
      let query = db.selectFrom('outbox').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(q.limit);
      query =
        q.status === 'failed'
          ? query.where('status', '=', 'failed')
          : q.status === 'pending'
            ? query.where('status', '=', 'pending').where('created_at', '<', pendingBefore)
            : query.where((eb) => eb.or([eb('status', '=', 'failed'), eb.and([eb('status', '=', 'pending'), eb('created_at', '<', pendingBefore)])]));
      return {
        pendingAfterMinutes: LONG_PENDING_MS / MINUTE,
        failed: Number(counts?.failed ?? 0),
        longPending: Number(counts?.pending ?? 0),
        messages: (await query.execute()).map(view),
      };
    },

    async resendOne(ctx: RequestContext, id: string) {
      requireRole(ctx, ['system_admin']);
      const now = p.clock.now();
      const message = await db.transaction().execute(async (tx) => {
        const m = await tx.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirst();
        if (!m) throw notFound('Message');
        if (!(await requeue(tx, id, now))) {
          throw new DomainError('CONFLICT', m.status === 'sent' ? 'This message was already delivered.' : 'This message is still being delivered; only failed mail can be re-sent.', { status: m.status });
        }
        await audit(tx, auditCtx(ctx), { action: 'mail.resent', subjectType: 'mail', subjectId: id, details: { to: m.to_address, template: m.template, lastError: m.last_error } }, now);
        return (await tx.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow()) as OutboxMessage;
      });
      p.nudgeJobs();
      return view(message);
    },

    async resendAllFailed(ctx: RequestContext) {
      requireRole(ctx, ['system_admin']);
      const now = p.clock.now();
      const resent = await db.transaction().execute(async (tx) => {
        const ids = (await tx.selectFrom('outbox').select('id').where('status', '=', 'failed').orderBy('created_at').execute()).map((r) => r.id);
        let n = 0;
        for (const id of ids) if (await requeue(tx, id, now)) n++;
        if (n > 0) await audit(tx, auditCtx(ctx), { action: 'mail.resent_all_failed', subjectType: 'mail', details: { count: n } }, now);
        return n;
      });
      if (resent > 0) p.nudgeJobs();
      return { resent };
    },
  };
}
