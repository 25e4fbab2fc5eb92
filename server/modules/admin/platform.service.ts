import type { z } from 'zod';
import type { MailboxQuery } from '../../../contracts/admin.js';
import type { OutboxMessage } from '../../db/schema.js';
import { type Platform, type RequestContext, requireRole } from '../../platform/context.js';
import { DomainError, notFound } from '../../platform/errors.js';
import { isLoopbackAddress } from '../../platform/loopback.js';

/** A message as the mail pages list it. */
export const mailSummary = (m: OutboxMessage) => ({
  id: m.id,
  to: m.to_address,
  subject: m.subject,
  template: m.template,
  status: m.status,
  createdAt: m.created_at,
  sentAt: m.sent_at,
});

/** Read-only views of platform state: the development mailbox and background jobs (the audit log: audit-log.service.ts). */
export function platformAdminService(p: Platform) {
  const db = p.database.db;

  /**
   * The development mailbox exists only without SMTP and only for clients on this machine (the
   * socket's address, or the forwarded client's with TRUST_PROXY): it holds password-reset links.
   * There, system administrators see it, and everyone in demo mode.
   */
  function requireMailboxAccess(ctx: RequestContext) {
    if (p.config.smtpUrl) throw new DomainError('NOT_FOUND', 'Mail is delivered by SMTP; there is no development mailbox.');
    // Outside demo mode the declared access comes first (401 signed out, 403 without the role), as the
    // operation declares; then the machine check, for everyone.
    if (!p.config.demo) requireRole(ctx, ['system_admin']);
    if (!isLoopbackAddress(ctx.ip)) throw new DomainError('NOT_FOUND', 'The development mailbox is open only to browsers on the machine that runs the site.');
  }

  return {
    async listMail(ctx: RequestContext, q: z.output<typeof MailboxQuery>) {
      requireMailboxAccess(ctx);
      let query = db.selectFrom('outbox').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(q.limit);
      if (q.to) query = query.where('to_address', '=', q.to.toLowerCase());
      return { messages: (await query.execute()).map(mailSummary) };
    },

    async getMail(ctx: RequestContext, id: string) {
      requireMailboxAccess(ctx);
      const m = await db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirst();
      if (!m) throw notFound('Message');
      return { ...mailSummary(m), text: m.text_body, lastError: m.last_error };
    },

    /** A job's state and progress; administrators see any, others none (later features expose their own). */
    async getJob(ctx: RequestContext, id: string) {
      requireRole(ctx, ['system_admin', 'scheme_admin']);
      const j = await db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
      if (!j) throw notFound('Job');
      return {
        id: j.id,
        kind: j.kind,
        status: j.status,
        attempts: j.attempts,
        maxAttempts: j.max_attempts,
        runAt: j.run_at,
        lastError: j.last_error,
        progress: j.progress ? JSON.parse(j.progress) : null,
        createdAt: j.created_at,
        finishedAt: j.finished_at,
      };
    },
  };
}
