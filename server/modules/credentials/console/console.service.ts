// The staff console of credentials: scheme administrators find a credential, read its history (the
// award, the signing, every status change with its reason and who made it, re-issues) and change its
// status or re-issue it. Every change goes through changeCredentialStatus (the status bit flips in the
// same transaction), is audited and mails the holder, all in one transaction.
import type { z } from 'zod';
import type { CredentialHistory, FindCredentialsQuery, HistoryEntry } from '../../../../contracts/credentials-console.js';
import { audit } from '../../../platform/audit.js';
import { auditCtx, type Platform, type RequestContext, requireRole } from '../../../platform/context.js';
import { DomainError, notFound } from '../../../platform/errors.js';
import { newId } from '../../../platform/ids.js';
import { queueMail } from '../../../platform/mail/outbox.js';
import { refreshRegisterEntry } from '../../register/index.js';
import { type CredentialStatus, credentialsRepository } from '../credentials.repository.js';
import { requestIssue } from '../issuing/issuing.service.js';
import type { Epoch } from '../status/epoch.js';
import { changeCredentialStatus } from '../status/status.service.js';
import { type ConsoleRow, consoleRepository as repo } from './console.repository.js';
import { mailStatusChange } from './holder-mail.js';
import { moveCredentialRecords } from './reissue.js';

type Target = 'suspended' | 'active' | 'revoked';
type History = z.infer<typeof CredentialHistory>;
type Entry = z.infer<typeof HistoryEntry>;

/** Which statuses a credential may move to from each status (revoked is final). */
const allowedFrom: Record<CredentialStatus, Target[]> = {
  active: ['suspended', 'revoked'],
  suspended: ['active', 'revoked'],
  lapsed: ['active', 'revoked'],
  revoked: [],
};
const words: Record<Target, string> = { suspended: 'suspended', active: 'reinstated', revoked: 'revoked' };
const STAFF = ['scheme_admin'] as const;

export const consoleCredentialOf = (r: ConsoleRow) => ({
  id: r.id,
  holderId: r.holder_id,
  holderName: r.holder_name,
  holderEmail: r.holder_email,
  levelId: r.level_id,
  levelName: r.level_name,
  postNominals: r.post_nominals,
  status: r.status,
  statusChangedAt: r.status_changed_at,
  awardedAt: r.awarded_at,
  reviewAt: r.review_at,
  issuedAt: r.issued_at,
});

const asStatus = (v: unknown): CredentialStatus | null => (v === 'active' || v === 'suspended' || v === 'lapsed' || v === 'revoked' ? v : null);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** One audit entry in the words of the history. */
function entryOf(a: { at: string; action: string; details: string; by: string | null }): Entry {
  const d = JSON.parse(a.details) as Record<string, unknown>;
  const what: Entry['what'] =
    a.action === 'credential.awarded' ? 'awarded' : a.action === 'credential.status_changed' ? 'status_changed' : a.action === 'credential.reissued' ? 'reissued' : a.action === 'credential.reissued_from' ? 'reissued_from' : 'other';
  return { at: a.at, what, action: a.action, by: a.by, from: asStatus(d.from), to: asStatus(d.to), reason: str(d.reason), otherCredentialId: str(d.newCredentialId) ?? str(d.previousCredentialId) };
}

export function consoleService(p: Platform, epoch: Epoch) {
  const { db } = p.database;
  const url = (path: string) => `${p.config.publicUrl}${path}`;

  async function load(id: string) {
    const row = await repo.one(db, id);
    if (!row) throw notFound('The credential');
    return row;
  }

  async function history(id: string): Promise<History> {
    const row = await load(id);
    const trail = (await repo.trail(db, id)).map(entryOf);
    const none = { by: null, from: null, to: null, reason: null, otherCredentialId: null };
    // Records written without an award entry (the demo seed, an import) still show when they were awarded.
    const awarded: Entry[] = trail.some((e) => e.what === 'awarded') ? [] : [{ at: row.awarded_at, what: 'awarded', action: 'credential.awarded', ...none }];
    const issued: Entry[] = row.issued_at ? [{ at: row.issued_at, what: 'issued', action: 'credential.issued', ...none }] : [];
    const entries = [...awarded, ...issued, ...trail].sort((a, b) => a.at.localeCompare(b.at));
    return {
      credential: consoleCredentialOf(row),
      keyNumber: row.key_id ? await repo.keyNumber(db, row.key_id) : null,
      verifyUrl: url(`/verify?credential=${encodeURIComponent(id)}`),
      pageUrl: url(`/credentials/${encodeURIComponent(id)}`),
      history: entries,
      allowed: allowedFrom[row.status],
      canReissue: row.status === 'active' && row.issued_at !== null,
    };
  }

  return {
    async find(ctx: RequestContext, f: z.output<typeof FindCredentialsQuery>) {
      requireRole(ctx, STAFF);
      const { total, rows } = await repo.find(db, f);
      return { total, credentials: rows.map(consoleCredentialOf) };
    },

    async history(ctx: RequestContext, id: string): Promise<History> {
      requireRole(ctx, STAFF);
      return history(id);
    },

    /** Suspends, reinstates or revokes, with the reason mailed to the holder. Revoking asks for confirmRevoke: it is final. */
    async changeStatus(ctx: RequestContext, id: string, body: { to: Target; reason: string; confirmRevoke?: boolean | undefined }): Promise<History> {
      requireRole(ctx, STAFF);
      const reason = body.reason.trim();
      if (body.to === 'revoked' && body.confirmRevoke !== true)
        throw new DomainError('VALIDATION_FAILED', 'Revoking is final: a revoked credential can never be reinstated. Confirm the revocation to go on.', { fields: { confirmRevoke: 'Confirm that the revocation is final' } });
      const now = p.clock.now();
      await db.transaction().execute(async (tx) => {
        const c = await credentialsRepository.credentialForUpdate(tx, id);
        if (!c) throw notFound('The credential');
        if (!allowedFrom[c.status].includes(body.to)) {
          const why = c.status === 'revoked' ? 'This credential has been revoked, and revocation is final.' : `This credential is already ${c.status}.`;
          throw new DomainError('CONFLICT', `${why} It cannot be ${words[body.to]}.`, { status: c.status });
        }
        await changeCredentialStatus(tx, id, body.to, reason, auditCtx(ctx), now);
        await mailStatusChange(tx, c, body.to, reason, p.config.publicUrl, now);
      });
      epoch.changed();
      p.nudgeJobs(); // the holder's mail
      return history(id);
    },

    /**
     * Re-issues an active credential (after a name change): a new record with the same level and dates,
     * signed afresh by the issuing job with the holder's current details; the old one is revoked as
     * superseded, the way a credential of attendance is replaced.
     */
    async reissue(ctx: RequestContext, id: string, reason: string): Promise<{ id: string; replaces: string; status: CredentialStatus }> {
      requireRole(ctx, STAFF);
      const now = p.clock.now();
      const at = now.toISOString();
      const newCredentialId = newId();
      await db.transaction().execute(async (tx) => {
        const c = await credentialsRepository.credentialForUpdate(tx, id);
        if (!c) throw notFound('The credential');
        if (c.status !== 'active') throw new DomainError('CONFLICT', `Only an active credential can be re-issued; this one is ${c.status}.`, { status: c.status });
        if (!(await credentialsRepository.issued(tx, id)))
          throw new DomainError('CONFLICT', 'This credential has not been signed yet; when it is, it will carry the holder’s current details, so there is nothing to re-issue.');
        await moveCredentialRecords(tx, id, newCredentialId, at);
        await requestIssue(tx, newCredentialId, now);
        const by = auditCtx(ctx);
        await audit(tx, by, { action: 'credential.reissued_from', subjectType: 'credential', subjectId: newCredentialId, details: { previousCredentialId: id, reason: reason.trim() } }, now);
        await audit(tx, by, { action: 'credential.reissued', subjectType: 'credential', subjectId: id, details: { newCredentialId, reason: reason.trim() } }, now);
        await changeCredentialStatus(tx, id, 'revoked', `superseded: re-issued as ${newCredentialId} (${reason.trim()})`, by, now);
        await refreshRegisterEntry(tx, c.holder_id, now);
        const h = await repo.holder(tx, c.holder_id);
        await queueMail(tx, h.email, 'credential_reissued', { name: h.name, levelName: c.level_name, reason: reason.trim(), link: url(`/credentials/${encodeURIComponent(newCredentialId)}`) }, now);
      });
      epoch.changed();
      p.nudgeJobs();
      return { id: newCredentialId, replaces: id, status: 'active' };
    },
  };
}

export type ConsoleService = ReturnType<typeof consoleService>;
