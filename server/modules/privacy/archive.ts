import fs from 'node:fs/promises';
import path from 'node:path';
import { strToU8, zipSync, type Zippable } from 'fflate';
import type { CpdRecord } from '../cpd/export.service.js';
import type { Actor, Platform, RequestContext } from '../../platform/context.js';
import type { JobContext } from '../../platform/jobs/worker.js';
import { DAY } from '../../platform/clock.js';
import { queueMail } from '../../platform/mail/outbox.js';
import { memberRows, whoSaw } from './member-data.js';

export const EXPORT_JOB = 'privacy.export';
/** How long a finished archive can be downloaded. */
export const EXPORT_DAYS = 7;

export type ArchiveDeps = {
  /** The member's CPD record as cpd/export builds it, read as the member. */
  cpdRecord: (ctx: RequestContext) => Promise<CpdRecord>;
  recordPdf: (record: CpdRecord) => Promise<Uint8Array>;
};

export const archiveFile = (p: Platform, exportId: string) => path.join(p.config.dataDir, 'exports', `${exportId}.zip`);

/** A file name made of the title's safe characters. */
const safeName = (s: string) => s.replace(/[^\p{L}\p{N} ._-]+/gu, '_').replace(/\s+/g, ' ').trim().slice(0, 60) || 'file';
const extensionOf: Record<string, string> = { 'application/pdf': 'pdf', 'image/png': 'png', 'image/jpeg': 'jpg', 'image/webp': 'webp', 'image/gif': 'gif' };

const readme = (memberId: string, at: string) =>
  [
    `Everything Guildhall holds about you, as of ${at}.`,
    '',
    'data.json              every record of yours, table by table (secrets such as password hashes and',
    '                       token hashes are left out)',
    'evidence/              your evidence files',
    'credentials/           your signed credentials: .json (Data Integrity proof) and .jwt (VC-JWT)',
    'cpd-record.pdf         your CPD record',
    'who-saw-my-data.json   who at which organisation saw what of yours, and what staff did about your',
    '                       account, credentials and applications',
    '',
    `Member id: ${memberId}`,
    '',
  ].join('\n');

/**
 * The privacy.export job: builds one ZIP of the member's data, reporting progress step by step, writes it
 * under the data directory, and marks the export ready with its expiry. A retry builds it afresh.
 */
export function exportHandler(p: Platform, deps: ArchiveDeps) {
  const db = p.database.db;
  return async (job: JobContext): Promise<void> => {
    const { exportId } = job.payload as { exportId: string };
    const row = await db.selectFrom('data_exports').selectAll().where('id', '=', exportId).executeTakeFirst();
    if (!row || row.status !== 'queued') return;
    try {
      const user = await db.selectFrom('users').selectAll().where('id', '=', row.user_id).executeTakeFirstOrThrow();
      const files: Zippable = {};
      const evidence = await db.selectFrom('evidence').select(['id', 'title', 'file_sha256']).where('member_id', '=', user.id).where('kind', '=', 'file').execute();
      const issued = await db
        .selectFrom('issued_credentials as i')
        .innerJoin('credentials as c', 'c.id', 'i.credential_id')
        .select(['i.credential_id', 'i.jsonld', 'i.jwt'])
        .where('c.holder_id', '=', user.id)
        .execute();
      const total = 4 + evidence.length;
      let done = 0;
      const step = async (message: string) => job.progress(++done, total, message);

      const data = await memberRows(db, user.id);
      files['data.json'] = strToU8(JSON.stringify(data, null, 2));
      await step('Your records');

      for (const e of evidence) {
        const f = e.file_sha256 ? await p.files.get(e.file_sha256) : null;
        if (f) files[`evidence/${e.id.slice(-12)} ${safeName(e.title)}.${extensionOf[f.mediaType] ?? 'bin'}`] = new Uint8Array(f.bytes);
        await step(`Evidence: ${e.title}`);
      }

      for (const c of issued) {
        files[`credentials/${c.credential_id}.json`] = strToU8(c.jsonld);
        files[`credentials/${c.credential_id}.jwt`] = strToU8(c.jwt);
      }
      const attendance = await db.selectFrom('event_attendance_credentials').select(['id', 'jsonld']).where('user_id', '=', user.id).execute();
      for (const a of attendance) files[`credentials/attendance-${a.id}.json`] = strToU8(a.jsonld);
      await step('Your signed credentials');

      // The CPD record is read as the member, so it is exactly what they would download themselves.
      const actor: Actor = { userId: user.id, email: user.email, name: user.name, country: user.country, emailVerified: user.email_verified_at !== null, roles: new Set(), via: 'session', sessionId: null, csrfToken: null, scopes: null };
      const record = await deps.cpdRecord({ actor, ip: null, requestId: null, userAgent: null });
      files['cpd-record.pdf'] = await deps.recordPdf(record);
      await step('Your CPD record');

      const objectIds = [...(data.credentials ?? []), ...(data.applications ?? []), ...(data.cpd_audits ?? [])].map((r) => String(r.id));
      files['who-saw-my-data.json'] = strToU8(JSON.stringify(await whoSaw(db, user.id, objectIds), null, 2));
      const now = p.clock.now();
      files['README.txt'] = strToU8(readme(user.id, now.toISOString()));
      const zip = zipSync(files, { level: 6, mtime: now });
      const file = archiveFile(p, exportId);
      await fs.mkdir(path.dirname(file), { recursive: true });
      await fs.writeFile(`${file}.tmp`, zip);
      await fs.rename(`${file}.tmp`, file);
      const expiresAt = new Date(now.getTime() + EXPORT_DAYS * DAY);
      // The export is marked ready together with the mail that says so.
      await db.transaction().execute(async (tx) => {
        await tx.updateTable('data_exports').set({ status: 'ready', size: zip.length, ready_at: now.toISOString(), expires_at: expiresAt.toISOString() }).where('id', '=', exportId).execute();
        const link = `${p.config.publicUrl.replace(/\/$/, '')}/account/privacy`;
        await queueMail(tx, user.email, 'data_export_ready', { name: user.name, expiresAt: `${expiresAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`, link }, now);
      });
      p.nudgeJobs();
      await step('Archive ready');
    } catch (err) {
      if (job.lastAttempt) {
        await db.updateTable('data_exports').set({ status: 'failed', error: (err as Error).message.slice(0, 500) }).where('id', '=', exportId).execute();
      }
      throw err;
    }
  };
}
