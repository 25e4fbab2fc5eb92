import type { Db } from '../../db/database.js';
import { systemActor } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import type { JobHandler } from '../../platform/jobs/worker.js';
import { queueMail } from '../../platform/mail/outbox.js';
import { randomToken, sha256 } from '../../platform/secrets.js';
import * as repo from './applications.repository.js';
import { mustLoad, step } from './applications.store.js';
import { enqueueAssign } from './applications.service.js';
import { requestContext } from './references.service.js';

/*
 * The hourly reference round: reminds referees who have not answered (after 3 and after 7 days, at most twice),
 * expires links past their date, and when no reference is awaited any more, closes the references so the
 * application goes to assignment.
 */

export const REFERENCES_JOB = 'applications.references';
const DAY_MS = 86_400_000;
/** Days after the first request at which reminders go out. */
export const REMINDER_DAYS = [3, 7] as const;
const BATCH = 200;

export function referencesJob(db: Db, clock: Clock, publicUrl: string): JobHandler {
  const link = (token: string) => `${publicUrl.replace(/\/$/, '')}/references/${token}`;
  const systemMachine = { userId: 'system', roles: ['system'] as const };

  async function expire(r: repo.ReferenceRow, now: Date) {
    await db.transaction().execute(async (tx) => {
      await repo.setReferenceStatus(tx, [r.id], 'expired');
      const loaded = await mustLoad(tx, r.application_id);
      const awaiting = (await repo.referencesOf(tx, r.application_id)).some((x) => x.status === 'awaiting');
      if (awaiting || loaded.app.state !== 'awaiting_references') return;
      const app = await step(tx, loaded, { type: 'close_references' }, systemMachine, systemActor, now, { details: { reason: 'expired', referenceRequestId: r.id } });
      if (app.state === 'submitted') await enqueueAssign(tx, app.id, loaded.row.revision + 1, now);
    });
  }

  async function remind(r: repo.ReferenceRow, now: Date) {
    const dueDay = REMINDER_DAYS[r.reminders_sent];
    if (dueDay === undefined || now.getTime() - Date.parse(r.created_at) < dueDay * DAY_MS) return;
    const c = await requestContext(db, r.application_id);
    // Only the hash of a token is kept, so a reminder carries a fresh link (and the earlier one stops working).
    const token = randomToken();
    await db.transaction().execute(async (tx) => {
      await repo.markReminded(tx, r.id, sha256(token), r.reminders_sent + 1, now.toISOString());
      await queueMail(tx, r.referee_email, 'reference_reminder', { refereeName: r.referee_name, applicantName: c.applicantName, levelName: c.levelName, link: link(token), expiresOn: r.expires_at.slice(0, 10) }, now);
    });
  }

  return async () => {
    const now = clock.now();
    const sentBefore = new Date(now.getTime() - REMINDER_DAYS[0] * DAY_MS).toISOString();
    let after = '';
    for (;;) {
      const rows = await repo.awaitingReferencesDue(db, sentBefore, now.toISOString(), REMINDER_DAYS.length, after, BATCH);
      for (const r of rows) {
        if (Date.parse(r.expires_at) <= now.getTime()) await expire(r, now);
        else await remind(r, now);
      }
      if (rows.length < BATCH) return;
      after = rows[rows.length - 1]!.id;
    }
  };
}
