import nodemailer from 'nodemailer';
import type { Db } from '../../db/database.js';
import { type Clock, DAY } from '../clock.js';
import type { JobHandler } from '../jobs/worker.js';
import { type InlinePart, inlineParts } from './inline.js';

/** `inline`: pictures the HTML part shows by Content-ID (absent or empty for most mail). */
export type MailTransport = {
  send: (m: { from: string; to: string; subject: string; text: string; html: string | null; messageId: string; inline?: InlinePart[] }) => Promise<void>;
  close: () => void;
};

/**
 * An SMTP transport from a URL such as smtp://user:pass@host:587 (nodemailer parses the URL).
 * Timeouts are short: nodemailer's own (2 min to connect, 10 min of silence) outlast the job lease,
 * so a hung server would let a second worker take the job and send the message twice.
 */
export function smtpTransport(url: string, timeouts: { connectMs?: number; idleMs?: number } = {}): MailTransport {
  const connectMs = timeouts.connectMs ?? 15_000;
  const t = nodemailer.createTransport({ url, connectionTimeout: connectMs, greetingTimeout: connectMs, socketTimeout: timeouts.idleMs ?? 60_000 });
  return {
    send: async (m) => {
      const attachments = (m.inline ?? []).map((a) => ({ filename: a.filename, contentType: a.contentType, cid: a.cid, content: a.content, encoding: 'base64', contentDisposition: 'inline' as const }));
      await t.sendMail({ from: m.from, to: m.to, subject: m.subject, text: m.text, html: m.html ?? undefined, messageId: m.messageId, ...(attachments.length ? { attachments } : {}) });
    },
    close: () => t.close(),
  };
}

/** How long temporary delivery failures are retried, counted from the first attempt. */
export const MAIL_RETRY_WINDOW_MS = 3 * DAY;
/** The mail job's ceiling of attempts: high enough that the retry window, not the count, decides. */
export const MAIL_MAX_ATTEMPTS = 1000;

/**
 * Whether a delivery error is the server's permanent refusal of this message: a 5xx reply to the
 * envelope or the message. Everything else (refused or dropped connections, timeouts, TLS trouble,
 * 4xx replies) is temporary and retried. A 5xx to authentication is not the message's fault: it is
 * a configuration to mend, and the mail waits for it.
 */
export function isPermanentRefusal(err: unknown): boolean {
  const e = err as { responseCode?: unknown; code?: unknown } | null;
  const reply = typeof e?.responseCode === 'number' ? e.responseCode : null;
  return reply !== null && reply >= 500 && reply < 600 && e?.code !== 'EAUTH';
}

/**
 * The job that delivers one outbox message. Without a transport, mail stays in the development
 * mailbox and is marked sent. Delivery is idempotent: a message already sent is skipped.
 * A permanent refusal marks the message failed at once with the server's reason; a temporary failure
 * leaves it pending and throws, so the job is retried with backoff until the retry window has passed.
 */
export function mailDeliveryHandler(deps: { db: Db; clock: Clock; transport: MailTransport | null; from: string; domain: string }): JobHandler {
  return async ({ payload, lastAttempt }) => {
    const { outboxId } = payload as { outboxId: string };
    const msg = await deps.db.selectFrom('outbox').selectAll().where('id', '=', outboxId).executeTakeFirst();
    if (!msg || msg.status !== 'pending') return;
    const now = deps.clock.now();
    const firstAttempt = msg.first_attempt_at ?? now.toISOString();
    try {
      if (deps.transport) {
        await deps.transport.send({
          from: deps.from,
          to: msg.to_address,
          subject: msg.subject,
          text: msg.text_body,
          html: msg.html_body,
          messageId: `<${msg.id}@${deps.domain}>`,
          inline: inlineParts(msg.inline_parts),
        });
      }
      await deps.db
        .updateTable('outbox')
        .set({ status: 'sent', sent_at: deps.clock.now().toISOString(), attempts: msg.attempts + 1, last_error: null, first_attempt_at: firstAttempt, last_attempt_at: now.toISOString() })
        .where('id', '=', msg.id)
        .execute();
    } catch (err) {
      const message = (err instanceof Error ? err.message : String(err)).slice(0, 900);
      const permanent = isPermanentRefusal(err);
      const windowOver = now.getTime() - Date.parse(firstAttempt) >= MAIL_RETRY_WINDOW_MS;
      const giveUp = permanent || windowOver || lastAttempt;
      const reason = permanent
        ? `Refused by the mail server: ${message}`
        : giveUp
          ? `Not delivered after ${msg.attempts + 1} attempts since ${firstAttempt}: ${message}`
          : message;
      await deps.db
        .updateTable('outbox')
        .set({ status: giveUp ? 'failed' : 'pending', attempts: msg.attempts + 1, last_error: reason, first_attempt_at: firstAttempt, last_attempt_at: now.toISOString() })
        .where('id', '=', msg.id)
        .execute();
      // A failed message is done with: the administrator re-sends it, with a new job, once it can go.
      if (!giveUp) throw err;
    }
  };
}
