import path from 'node:path';
import type { z } from 'zod';
import type { EraseMemberBody, Erasure, ErasureList } from '../../../contracts/privacy.js';
import type { DbHandle } from '../../db/database.js';
import { type AuditContext, systemActor } from '../../platform/audit.js';
import { auditCtx, type Platform, type RequestContext, requireRole } from '../../platform/context.js';
import { DomainError, notFound } from '../../platform/errors.js';
import { diskBlobStore } from '../../platform/files/storage.js';
import { newId } from '../../platform/ids.js';
import { appendErasure, readErasureJournal } from './erasure-journal.js';
import { applyErasure, auditErasure, type ErasureRecord, erasedEmail, erasuresOf, keptOnErasure, pseudonymFor } from './erasure.js';
import { privacyStaff } from './member.js';

const toErasure = (e: ErasureRecord): Erasure => ({ id: e.id, memberId: e.user_id, pseudonym: e.pseudonym, at: e.at, by: e.by, reason: e.reason });

/** eraseMember and listErasures (scheme and system administrators). */
export function erasureService(p: Platform) {
  const db = p.database.db;
  return {
    async erase(ctx: RequestContext, body: z.output<typeof EraseMemberBody>): Promise<Erasure> {
      const actor = requireRole(ctx, privacyStaff);
      const user = await db.selectFrom('users').select(['id']).where('email', '=', body.email.toLowerCase()).executeTakeFirst();
      if (!user) throw notFound('A member with that e-mail address');
      if (user.id === actor.userId) throw new DomainError('CONFLICT', 'You cannot erase yourself: ask another administrator.', {});
      const staff = await db.selectFrom('user_roles').select('role').where('user_id', '=', user.id).where('role', 'in', ['system_admin', 'scheme_admin']).executeTakeFirst();
      if (staff) throw new DomainError('CONFLICT', `This person holds the ${staff.role.replace('_', ' ')} role: take it away first, then erase them.`, { role: staff.role });
      const now = p.clock.now();
      const id = newId();
      const record: ErasureRecord = { id, user_id: user.id, pseudonym: pseudonymFor(user.id, id), at: now.toISOString(), by: actor.userId, reason: body.reason };
      const outcome = await db.transaction().execute(async (tx) => {
        const done = await tx.selectFrom('erasures').select('id').where('user_id', '=', user.id).executeTakeFirst();
        if (done) throw new DomainError('CONFLICT', 'This member has been erased already.', { erasureId: done.id });
        await tx.insertInto('erasures').values(record).execute();
        const o = await applyErasure(tx, record, auditCtx(ctx), now);
        await auditErasure(tx, auditCtx(ctx), record, o, 'privacy.member_erased', now);
        return o;
      });
      for (const sha of outcome.filesToRemove) await p.files.remove(sha);
      const journal = p.config.erasureJournal;
      if (journal)
        try {
          appendErasure(journal, record);
        } catch (err) {
          // The erasure stands (it is in the database); only a restore from an older backup would miss it.
          p.logger.error({ err, erasureId: id, journal }, 'The erasure could not be added to ERASURE_JOURNAL: add its line by hand');
        }
      return { ...toErasure(record), revokedCredentials: outcome.revokedCredentials, deletedEvidence: outcome.deletedEvidence, kept: keptOnErasure };
    },

    async list(ctx: RequestContext): Promise<ErasureList> {
      requireRole(ctx, privacyStaff);
      const rows = await erasuresOf(db);
      return { erasures: rows.reverse().map(toErasure) };
    },
  };
}
export type ErasureService = ReturnType<typeof erasureService>;

export type ReapplyOptions = {
  /** Erasures recorded elsewhere (e.g. read from the live database before a restore) to add first. */
  records?: readonly ErasureRecord[];
  /** ERASURE_JOURNAL: erasures recorded apart from the database, added like `records`. */
  journal?: string | null;
  /** The data directory whose stored files to delete; without it only database rows change. */
  dataDir?: string;
  now?: Date;
  by?: AuditContext;
};

/**
 * Applies every recorded erasure again, for a restore from an older backup: records given in `records`
 * are added to the erasures table when missing, then each erasure is applied. Idempotent: a second run
 * changes nothing and writes no audit entry. Answers how many members it changed.
 */
export async function reapplyErasures(handle: DbHandle, opts: ReapplyOptions = {}): Promise<{ erasures: number; changed: number }> {
  const db = handle.db;
  const now = opts.now ?? new Date();
  const by = opts.by ?? systemActor;
  const blobs = opts.dataDir ? diskBlobStore(path.join(opts.dataDir, 'files')) : null;
  for (const r of [...(opts.records ?? []), ...(opts.journal ? readErasureJournal(opts.journal) : [])]) {
    await db.insertInto('erasures').values({ ...r }).onConflict((oc) => oc.column('user_id').doNothing()).execute();
  }
  const all = await erasuresOf(db);
  let changed = 0;
  for (const e of all) {
    const o = await db.transaction().execute(async (tx) => {
      const outcome = await applyErasure(tx, e, by, now);
      if (outcome.changed) await auditErasure(tx, by, e, outcome, 'privacy.erasure_reapplied', now);
      return outcome;
    });
    if (o.changed) changed += 1;
    for (const sha of o.filesToRemove) await blobs?.remove(sha);
  }
  return { erasures: all.length, changed };
}

export { erasedEmail };
