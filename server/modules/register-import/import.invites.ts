import type { Tx } from '../../db/database.js';
import type { Platform } from '../../platform/context.js';
import { enqueue } from '../../platform/jobs/queue.js';
import type { JobHandler } from '../../platform/jobs/worker.js';
import { queueMail } from '../../platform/mail/outbox.js';
import { claimExpiresOn, issueClaimToken } from '../accounts/index.js';
import type { RegisterImportRepository } from './import.repository.js';
import { INVITE_JOB } from './import.service.js';

/** Claim invitations per batch, and the pause between batches, so a large import does not flood the mail server or the holders' providers. */
export const INVITE_BATCH = 500;
export const INVITE_GAP_MS = 60_000;

/** Queues the first batch of an import's invitations (in the transaction that finishes the import). */
export const queueInvites = (tx: Tx, importId: string, now: Date) => enqueue(tx, INVITE_JOB, { importId, round: 0 }, now, { idempotencyKey: `${INVITE_JOB}:${importId}:0` });

/**
 * Mails one batch of claim links for an import's invited holders, each in the transaction that records it as
 * sent, and queues the next batch after a pause while any remain. A holder who has claimed or whose account
 * is no longer invited gets no link. Answers how many were mailed.
 */
export function invitesJob(p: Platform, repo: RegisterImportRepository, batch = INVITE_BATCH, gapMs = INVITE_GAP_MS): JobHandler {
  const db = p.database.db;
  return async (ctx) => {
    const { importId, round } = ctx.payload as { importId: string; round?: number };
    const now = p.clock.now();
    const at = now.toISOString();
    const expiresOn = claimExpiresOn(now);
    const more = await db.transaction().execute(async (tx) => {
      const due = await repo.toInvite(tx, importId, batch + 1);
      const sending = due.slice(0, batch);
      for (const h of sending) {
        if (h.user_status !== 'invited') continue;
        const token = await issueClaimToken(tx, h.user_id, now);
        await queueMail(tx, h.email, 'register_claim', { name: h.name, levelName: h.level_name, status: h.status === 'lapsed' ? 'lapsed' : 'active', expiresOn, link: `${p.config.publicUrl}/claim?token=${encodeURIComponent(token)}` }, now);
      }
      await repo.markInvited(tx, sending.map((h) => h.external_id), at);
      const next = (round ?? 0) + 1;
      if (due.length > batch) await enqueue(tx, INVITE_JOB, { importId, round: next }, now, { runAt: new Date(now.getTime() + gapMs), idempotencyKey: `${INVITE_JOB}:${importId}:${next}` });
      return due.length > batch;
    });
    await ctx.progress(1, 1, more ? 'A batch of invitations sent; the next follows shortly' : 'The last invitations sent');
    p.nudgeJobs();
  };
}
