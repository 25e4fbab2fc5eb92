import { createHmac } from 'node:crypto';
import fs from 'node:fs/promises';
import type { DataExport, DataExportList } from '../../../contracts/privacy.js';
import type { Db } from '../../db/database.js';
import type { Selectable } from 'kysely';
import type { DataExportsTable } from '../../db/schema.js';
import { audit } from '../../platform/audit.js';
import { auditCtx, type Platform, type RequestContext } from '../../platform/context.js';
import { DomainError, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { enqueue } from '../../platform/jobs/queue.js';
import { sealingSecret } from '../../platform/sealed.js';
import { safeEqual, sha256 } from '../../platform/secrets.js';
import { archiveFile, EXPORT_JOB } from './archive.js';
import { maySee, memberOf } from './member.js';

type Row = Selectable<DataExportsTable>;

/** exportMyData, listDataExports, getDataExport, downloadDataExport. */
export function exportsService(p: Platform) {
  const db = p.database.db;
  // The link's token is derived from the export's id with the site's secret, so the page can show the
  // link again after a reload; only its hash is stored, and it stops working at expiresAt.
  const secret = () => sealingSecret(p.config, (m) => p.logger.warn(m));
  const tokenOf = (exportId: string) => createHmac('sha256', secret()).update(`data-export:${exportId}`).digest('base64url');

  async function view(q: Db, r: Row, ctx: RequestContext): Promise<DataExport> {
    const job = r.job_id ? await q.selectFrom('jobs').select(['progress']).where('id', '=', r.job_id).executeTakeFirst() : undefined;
    const prog = job?.progress ? (JSON.parse(job.progress) as { done: number; total: number; message?: string }) : null;
    const live = r.status === 'ready' && r.expires_at !== null && r.expires_at > p.clock.now().toISOString();
    return {
      id: r.id,
      memberId: r.user_id,
      requestedBy: r.requested_by,
      status: r.status === 'ready' && !live ? 'expired' : r.status,
      progress: prog ? { done: prog.done, total: prog.total, message: prog.message ?? null } : null,
      size: r.size,
      error: r.error,
      createdAt: r.created_at,
      readyAt: r.ready_at,
      expiresAt: r.expires_at,
      // Only the member and whoever asked for it get the link.
      downloadUrl: live && [r.user_id, r.requested_by].includes(ctx.actor?.userId ?? '') ? `/api/v1/privacy/exports/${r.id}/archive?token=${tokenOf(r.id)}` : null,
    };
  }

  async function load(ctx: RequestContext, exportId: string): Promise<Row> {
    const r = await db.selectFrom('data_exports').selectAll().where('id', '=', exportId).executeTakeFirst();
    if (!r || !maySee(ctx, r.user_id)) throw notFound('The export');
    return r;
  }

  return {
    async request(ctx: RequestContext, memberId?: string): Promise<DataExport> {
      const member = await memberOf(db, ctx, memberId);
      const now = p.clock.now();
      const running = await db.selectFrom('data_exports').select('id').where('user_id', '=', member.id).where('status', '=', 'queued').executeTakeFirst();
      if (running) throw new DomainError('CONFLICT', 'An archive of this member’s data is being built already: wait for it to finish.', { exportId: running.id });
      const id = newId();
      await db.transaction().execute(async (tx) => {
        const jobId = await enqueue(tx, EXPORT_JOB, { exportId: id }, now, { maxAttempts: 3 });
        await tx.insertInto('data_exports').values({ id, user_id: member.id, requested_by: member.actorId, status: 'queued', job_id: jobId, token_hash: sha256(tokenOf(id)), size: null, error: null, created_at: now.toISOString(), ready_at: null, expires_at: null }).execute();
        await audit(tx, auditCtx(ctx), { action: 'privacy.export_requested', subjectType: 'user', subjectId: member.id, details: { exportId: id, onBehalf: member.onBehalf } }, now);
      });
      p.nudgeJobs();
      return view(db, await load(ctx, id), ctx);
    },

    async list(ctx: RequestContext, memberId?: string): Promise<DataExportList> {
      const member = await memberOf(db, ctx, memberId);
      const rows = await db.selectFrom('data_exports').selectAll().where('user_id', '=', member.id).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(20).execute();
      return { exports: await Promise.all(rows.map((r) => view(db, r, ctx))) };
    },

    async get(ctx: RequestContext, exportId: string): Promise<DataExport> {
      return view(db, await load(ctx, exportId), ctx);
    },

    /** The archive's bytes, for the member or the one who asked, with the link's token, before it expires. */
    async download(ctx: RequestContext, exportId: string, token: string): Promise<{ bytes: Buffer; name: string }> {
      const r = await load(ctx, exportId);
      if (!safeEqual(sha256(token), r.token_hash)) throw notFound('The export');
      if (r.status !== 'ready' || !r.expires_at) throw new DomainError('CONFLICT', 'The archive is not ready yet: wait for the progress to reach the end.', { status: r.status });
      const now = p.clock.now();
      if (r.expires_at <= now.toISOString()) throw new DomainError('INVALID_TOKEN', 'This link has expired: ask for a new archive.', { expiredAt: r.expires_at });
      const bytes = await fs.readFile(archiveFile(p, r.id)).catch(() => null);
      if (!bytes) throw new DomainError('INVALID_TOKEN', 'This archive is no longer kept: ask for a new one.', {});
      await audit(db, auditCtx(ctx), { action: 'privacy.export_downloaded', subjectType: 'user', subjectId: r.user_id, details: { exportId: r.id } }, now);
      return { bytes, name: `guildhall-data-${r.created_at.slice(0, 10)}.zip` };
    },

    /** The sweep: archives past their expiry are deleted and marked expired. */
    async expire(): Promise<number> {
      const now = p.clock.now().toISOString();
      const due = await db.selectFrom('data_exports').select('id').where('status', '=', 'ready').where('expires_at', '<=', now).execute();
      for (const r of due) {
        await fs.rm(archiveFile(p, r.id), { force: true });
        await db.updateTable('data_exports').set({ status: 'expired' }).where('id', '=', r.id).execute();
      }
      return due.length;
    },
  };
}
export type ExportsService = ReturnType<typeof exportsService>;
