import type { Db, Tx } from '../../db/database.js';
import { newId } from '../ids.js';
import { enqueue } from '../jobs/queue.js';
import { drawPictures } from './inline.js';
import { MAIL_MAX_ATTEMPTS } from './sender.js';
import { type MailTemplates, renderMail, type TemplateName } from './templates.js';

export const MAIL_JOB = 'mail.deliver';

/**
 * Writes an outbox row and its delivery job in the caller's transaction: the mail goes out
 * if and only if the action commits.
 */
export async function queueMail<K extends TemplateName>(
  tx: Db | Tx,
  to: string,
  template: K,
  data: MailTemplates[K],
  now: Date,
): Promise<string> {
  const id = newId();
  const m = renderMail(template, data);
  const inline = m.pictures?.length ? JSON.stringify(await drawPictures(m.pictures)) : null;
  await tx
    .insertInto('outbox')
    .values({
      id,
      to_address: to,
      subject: m.subject,
      text_body: m.text,
      html_body: m.html,
      inline_parts: inline,
      template,
      status: 'pending',
      attempts: 0,
      last_error: null,
      created_at: now.toISOString(),
      sent_at: null,
    })
    .execute();
  await enqueue(tx, MAIL_JOB, { outboxId: id }, now, { idempotencyKey: `mail:${id}`, maxAttempts: MAIL_MAX_ATTEMPTS });
  return id;
}
