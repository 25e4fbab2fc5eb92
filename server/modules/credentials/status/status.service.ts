// Revocation and suspension through W3C Bitstring Status Lists. Each issued credential holds a random
// free index in a revocation list and one in a suspension list (131,072 entries each, so a set bit
// does not single anyone out; a new list when one is full). The bits are derived from the records'
// status — revoked sets the revocation bit; suspended and lapsed set the suspension bit (a lapsed
// credential is not currently valid but is not withdrawn for cause, and a holder may be reinstated);
// active clears both — so a status change flips the bit in the same transaction, and the list
// credential served next is signed again from the records.
import { randomInt } from 'node:crypto';
import type { Insertable } from 'kysely';
import type { Tx } from '../../../db/database.js';
import type { StatusListsTable } from '../../../db/schema.js';
import { type AuditContext, audit } from '../../../platform/audit.js';
import { auditCtx, type Platform, type RequestContext, requireRole } from '../../../platform/context.js';
import { DomainError, notFound } from '../../../platform/errors.js';
import { newId } from '../../../platform/ids.js';
import { queueMemberEvent } from '../../organisations/index.js';
import { refreshRegisterEntry } from '../../register/index.js';
import { type CredentialStatus, type CredentialsRepository, credentialsRepository } from '../credentials.repository.js';
import { createDocumentLoader, type JsonObject } from '../document-loader.js';
import type { Epoch } from './epoch.js';
import { mailStatusChange } from '../console/holder-mail.js';
import type { IssuerService } from '../issuing/issuer.service.js';
import { signCredential } from '../issuing/sign.js';
import { createBitstring, MIN_LIST_LENGTH, type StatusPurpose, setBit, statusListCredential } from './status-list.js';

export type Allocation = { listId: string; index: number };
export type AllocationPlan = { picks: Allocation[]; newLists: Insertable<StatusListsTable>[]; counts: Map<string, number> };
export type StatusListDocument = { json: string; document: JsonObject; etag: string };

const suspends = (s: CredentialStatus) => s === 'suspended' || s === 'lapsed';

/** `n` distinct random free positions of `used` (1 = taken), marking them taken. */
export function pickFree(used: Uint8Array, n: number): number[] {
  const out: number[] = [];
  let free = used.reduce((a, b) => a + (b ? 0 : 1), 0);
  if (n > free) throw new Error(`Only ${free} free entries, ${n} wanted`);
  for (let k = 0; k < n; k++, free--) {
    let i = -1;
    // Rejection sampling while at least a quarter is free (a few draws); otherwise pick among the free ones.
    if (free * 4 >= used.length) {
      do i = randomInt(used.length);
      while (used[i]);
    } else {
      let target = randomInt(free);
      for (i = 0; i < used.length; i++) if (!used[i] && target-- === 0) break;
    }
    used[i] = 1;
    out.push(i);
  }
  return out;
}

/**
 * Chooses `count` free indices for one purpose: random places in the open lists, oldest first, then
 * in new lists. Nothing is written: the caller inserts `newLists`, adds `counts` to each list's
 * allocated figure and stores the picks in one transaction; the unique (list, index) constraint
 * refuses a pick that another process took meanwhile, and the caller tries again.
 */
export async function planAllocation(q: Tx | Platform['database']['db'], purpose: StatusPurpose, count: number, now: Date, repo: CredentialsRepository = credentialsRepository): Promise<AllocationPlan> {
  const plan: AllocationPlan = { picks: [], newLists: [], counts: new Map() };
  const take = (listId: string, used: Uint8Array, n: number) => {
    for (const index of pickFree(used, n)) plan.picks.push({ listId, index });
    plan.counts.set(listId, (plan.counts.get(listId) ?? 0) + n);
  };
  for (const list of await repo.openLists(q, purpose)) {
    const need = count - plan.picks.length;
    if (need <= 0) break;
    const used = new Uint8Array(Number(list.length));
    let taken = 0;
    for (const i of await repo.usedIndices(q, list.id, purpose)) {
      if (!used[i]) taken++;
      used[i] = 1;
    }
    const n = Math.min(need, used.length - taken);
    if (n > 0) take(list.id, used, n);
  }
  while (plan.picks.length < count) {
    const id = newId();
    const at = now.toISOString();
    plan.newLists.push({ id, purpose, length: MIN_LIST_LENGTH, allocated: 0, version: 0, changed_at: at, created_at: at });
    take(id, new Uint8Array(MIN_LIST_LENGTH), Math.min(MIN_LIST_LENGTH, count - plan.picks.length));
  }
  return plan;
}

/**
 * Changes a credential's status inside the caller's transaction: the record, the bits of its status
 * lists (derived from the record, so they flip with it), the status epoch that caches check, an audit
 * entry and the public register's entry. For other modules (a CPD lapse calls it with `lapsed`).
 * Leaving `revoked` is refused. Answers whether anything changed.
 *
 * The process that commits sees the change at once on SQLite; on PostgreSQL, caches in every process
 * see it within RECHECK_MS of the commit (epoch.ts).
 */
export async function changeCredentialStatus(tx: Tx, credentialId: string, to: CredentialStatus, reason: string, by: AuditContext, now: Date): Promise<boolean> {
  const repo = credentialsRepository;
  const c = await repo.credentialForUpdate(tx, credentialId);
  if (!c) throw notFound('The credential');
  const from: CredentialStatus = c.status;
  if (from === to) return false;
  if (from === 'revoked') throw new DomainError('CONFLICT', 'This credential has been revoked; a revoked credential cannot change status.', { status: c.status });
  await repo.setStatus(tx, credentialId, to, now);
  const issued = await repo.issued(tx, credentialId);
  if (issued) {
    const touched: string[] = [];
    if (to === 'revoked') touched.push(issued.revocation_list_id);
    if (suspends(from) !== suspends(to)) touched.push(issued.suspension_list_id);
    await repo.touchLists(tx, touched, now);
  }
  await repo.bumpEpoch(tx);
  await audit(tx, by, { action: 'credential.status_changed', subjectType: 'credential', subjectId: credentialId, details: { from, to, reason } }, now);
  await refreshRegisterEntry(tx, c.holder_id, now);
  const type = to === 'active' ? 'credential.reinstated' : (`credential.${to}` as const);
  await queueMemberEvent(tx, { type, memberId: c.holder_id, credentialId, levelId: c.level_id, levelName: c.level_name }, now);
  return true;
}

export function statusService(p: Platform, repo: CredentialsRepository, epoch: Epoch, issuer: IssuerService) {
  const { db } = p.database;
  const loader = createDocumentLoader();
  const lists = new Map<string, StatusListDocument & { epoch: number; version: number }>();
  const signing = new Map<string, Promise<StatusListDocument | null>>();
  const statuses = new Map<string, { epoch: number; status: CredentialStatus }>();
  const listUrl = (id: string) => `${p.config.publicUrl}/status/${id}`;

  async function sign(listId: string, e: number): Promise<StatusListDocument | null> {
    const row = await repo.list(db, listId);
    if (!row) return null;
    const hit = lists.get(listId);
    if (hit && hit.version === Number(row.version)) {
      hit.epoch = e;
      return hit;
    }
    const bits = createBitstring(Number(row.length));
    for (const i of await repo.setIndices(db, listId, row.purpose)) setBit(bits, i, true);
    // Dated by the last change, so every process signs the same document for the same state.
    const at = new Date(row.changed_at);
    const unsigned = statusListCredential({ listUrl: listUrl(listId), issuer: issuer.did, purpose: row.purpose, bits, validFrom: at });
    const document = await signCredential(unsigned, await issuer.signingKey(), { documentLoader: loader, created: at });
    const entry = { json: JSON.stringify(document), document, etag: `"${listId}.${row.version}"`, epoch: e, version: Number(row.version) };
    lists.set(listId, entry);
    return entry;
  }

  async function change(ctx: RequestContext, credentialId: string, to: CredentialStatus, reason: string, allowedFrom: CredentialStatus[], verb: string) {
    requireRole(ctx, ['scheme_admin']);
    const now = p.clock.now();
    const status = await db.transaction().execute(async (tx) => {
      const c = await repo.credentialForUpdate(tx, credentialId);
      if (!c) throw notFound('The credential');
      if (!allowedFrom.includes(c.status)) throw new DomainError('CONFLICT', `This credential is ${c.status}; only a credential that is ${allowedFrom.join(' or ')} can be ${verb}.`, { status: c.status });
      await changeCredentialStatus(tx, credentialId, to, reason, auditCtx(ctx), now);
      await mailStatusChange(tx, c, to as 'suspended' | 'active' | 'revoked', reason, p.config.publicUrl, now);
      return to;
    });
    epoch.changed();
    p.nudgeJobs(); // the holder's mail
    return { id: credentialId, status, statusChangedAt: now.toISOString() };
  }

  return {
    listUrl,

    /** The signed BitstringStatusListCredential of a list, signed again only after a change. */
    async listDocument(listId: string): Promise<StatusListDocument | null> {
      const e = await epoch.current();
      const hit = lists.get(listId);
      if (hit?.epoch === e) return hit;
      // One signing per list at a time; callers that arrive meanwhile share it.
      let pending = signing.get(listId);
      if (!pending) {
        pending = sign(listId, e).finally(() => signing.delete(listId));
        signing.set(listId, pending);
      }
      return pending;
    },

    /** A credential's status, from memory while the epoch stands (the by-id verification path). */
    async credentialStatus(credentialId: string): Promise<CredentialStatus | undefined> {
      const e = await epoch.current();
      const hit = statuses.get(credentialId);
      if (hit?.epoch === e) return hit.status;
      const status = await repo.status(db, credentialId);
      if (!status) return undefined;
      if (statuses.size >= 100_000) statuses.clear(); // a bound, not an LRU: refilled on demand
      statuses.set(credentialId, { epoch: e, status });
      return status;
    },

    suspend: (ctx: RequestContext, id: string, reason: string) => change(ctx, id, 'suspended', reason, ['active'], 'suspended'),
    reinstate: (ctx: RequestContext, id: string, reason: string) => change(ctx, id, 'active', reason, ['suspended', 'lapsed'], 'reinstated'),
    revoke: (ctx: RequestContext, id: string, reason: string) => change(ctx, id, 'revoked', reason, ['active', 'suspended', 'lapsed'], 'revoked'),
  };
}

export type StatusService = ReturnType<typeof statusService>;
