import nodemailer from 'nodemailer';
import type { Db } from '../../db/database.js';
import type { Clock } from '../clock.js';
import type { JobHandler } from '../jobs/worker.js';

export type MailTransport = { send: (m: { from: string; to: string; subject: string; text: string; html: string | null; messageId: string }) => Promise<void>; close: () => void };

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
      await t.sendMail({ from: m.from, to: m.to, subject: m.subject, text: m.text, html: m.html ?? undefined, messageId: m.messageId });
    },
    close: () => t.close(),
  };
}

/**
 * The job that delivers one outbox message. Without a transport, mail stays in the development
 * mailbox and is marked sent. Delivery is idempotent: a message already sent is skipped.
 */
export function mailDeliveryHandler(deps: { db: Db; clock: Clock; transport: MailTransport | null; from: string; domain: string }): JobHandler {
  return async ({ payload, lastAttempt }) => {
    const { outboxId } = payload as { outboxId: string };
    const msg = await deps.db.selectFrom('outbox').selectAll().where('id', '=', outboxId).executeTakeFirst();
    if (!msg || msg.status === 'sent') return;
    try {
      if (deps.transport) {
        await deps.transport.send({
          from: deps.from,
          to: msg.to_address,
          subject: msg.subject,
          text: msg.text_body,
          html: msg.html_body,
          messageId: `<${msg.id}@${deps.domain}>`,
        });
      }
      await deps.db
        .updateTable('outbox')
        .set({ status: 'sent', sent_at: deps.clock.now().toISOString(), attempts: msg.attempts + 1, last_error: null })
        .where('id', '=', msg.id)
        .execute();
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      await deps.db
        .updateTable('outbox')
        .set({ status: lastAttempt ? 'failed' : 'pending', attempts: msg.attempts + 1, last_error: message.slice(0, 1000) })
        .where('id', '=', msg.id)
        .execute();
      throw err;
    }
  };
}
