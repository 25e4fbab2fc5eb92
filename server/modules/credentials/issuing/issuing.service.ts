// Issuing: every credential record without an issued credential gets an Open Badges 3.0
// OpenBadgeCredential, signed in batches (Data Integrity eddsa-rdfc-2022 through BatchSigner, and a
// VC-JWT), with a revocation and a suspension entry, stored in one transaction per chunk. Records
// written by the applications module or the demo seed are found by the sweep job, or sooner when
// their writer calls requestIssue. Members may link a DID, named in credentials issued after.
import { randomBytes } from 'node:crypto';
import type { Insertable } from 'kysely';
import type { IssuedCredentialsTable } from '../../../db/schema.js';
import type { Tx } from '../../../db/database.js';
import { audit } from '../../../platform/audit.js';
import { auditCtx, type Platform, type RequestContext, requireActor } from '../../../platform/context.js';
import { DomainError } from '../../../platform/errors.js';
import { enqueue } from '../../../platform/jobs/queue.js';
import type { SchemesService } from '../../schemes/schemes.service.js';
import { achievementOf } from './achievement.js';
import type { BatchSigner } from './batch-sign.js';
import type { CredentialsRepository, PendingCredential } from '../credentials.repository.js';
import type { Epoch } from '../status/epoch.js';
import type { IssuerService } from './issuer.service.js';
import { type AchievementInput, buildOpenBadgeCredential } from './open-badge.js';
import { type AllocationPlan, planAllocation, type StatusService } from '../status/status.service.js';
import { statusEntry } from '../status/status-list.js';
import { vcJwt } from './vc-jwt.js';

export const ISSUE_JOB = 'credentials.issue';

/** Enqueues the issue of one credential record inside the caller's transaction (then nudge the worker). */
export const requestIssue = (tx: Tx, credentialId: string, now: Date) => enqueue(tx, ISSUE_JOB, { ids: [credentialId] }, now, { idempotencyKey: `${ISSUE_JOB}:${credentialId}` });

// did:key (a multibase base58btc key) or did:web (a host, optionally percent-encoded port, then path segments).
const DID_KEY = /^did:key:z[1-9A-HJ-NP-Za-km-z]{40,200}$/;
const DID_WEB = /^did:web:[a-z0-9.-]+(%3[aA]\d{1,5})?(:[A-Za-z0-9._~%-]+)*$/;
export const isHolderDid = (did: string) => did.length <= 300 && (DID_KEY.test(did) || DID_WEB.test(did));

export type IssueOptions = { ids?: readonly string[]; chunk?: number; progress?: (done: number, total: number) => Promise<void> };

type SchemesForIssuing = Pick<SchemesService, 'compiledVersion'>;

export function issuingService(p: Platform, repo: CredentialsRepository, epoch: Epoch, issuer: IssuerService, status: StatusService, schemes: SchemesForIssuing, signer: Pick<BatchSigner, 'signWith'>) {
  const { db } = p.database;
  const publicUrl = p.config.publicUrl;

  async function achievements(rows: PendingCredential[]): Promise<Map<string, AchievementInput>> {
    const out = new Map<string, AchievementInput>();
    for (const r of rows) {
      const k = `${r.scheme_version_id} ${r.level_id}`;
      if (out.has(k)) continue;
      const { scheme } = await schemes.compiledVersion(r.scheme_version_id).catch((error: unknown) => {
        throw Object.assign(new Error(`The scheme version ${r.scheme_version_id} of credential ${r.id} cannot be read: ${(error as Error).message}`), { credentialId: r.id });
      });
      const level = scheme.levels.find((l) => l.id === r.level_id);
      // A record's level always exists in its own (immutable) version; if not, still issue under the recorded name.
      out.set(k, level ? achievementOf(scheme, level, publicUrl) : { id: `${publicUrl}/achievements/${scheme.id}/${r.level_id}`, name: r.level_name, description: r.level_name, criteria: 'Awarded by the body under its recognition scheme.' });
    }
    return out;
  }

  /** Signs and stores one chunk; a clash with another issuer (same index or record) throws, and the caller plans again. */
  async function issueChunk(rows: PendingCredential[], now: Date): Promise<void> {
    const key = await issuer.signingKey();
    const profile = await issuer.profile();
    const found = await achievements(rows);
    const plans: Record<'revocation' | 'suspension', AllocationPlan> = {
      revocation: await planAllocation(db, 'revocation', rows.length, now, repo),
      suspension: await planAllocation(db, 'suspension', rows.length, now, repo),
    };
    const salts = rows.map(() => randomBytes(16).toString('base64url'));
    const unsigned = rows.map((r, i) => {
      const rev = plans.revocation.picks[i]!;
      const sus = plans.suspension.picks[i]!;
      return buildOpenBadgeCredential({
        id: `urn:uuid:${r.id}`,
        issuer: profile,
        achievement: found.get(`${r.scheme_version_id} ${r.level_id}`)!,
        holder: { email: r.email, salt: salts[i]!, ...(r.did ? { did: r.did } : {}) },
        // A record written after its award (imported from an earlier register) is valid from its issue and
        // keeps the original award as awardedDate; an award issued at once is valid from the award.
        ...(r.created_at > r.awarded_at.slice(0, 10) + 'T23:59:59.999Z' ? { validFrom: new Date(r.created_at), awardedDate: new Date(r.awarded_at) } : { validFrom: new Date(r.awarded_at) }),
        status: [
          statusEntry({ listUrl: status.listUrl(rev.listId), index: rev.index, purpose: 'revocation' }),
          statusEntry({ listUrl: status.listUrl(sus.listId), index: sus.index, purpose: 'suspension' }),
        ],
      });
    });
    const signed = await signer.signWith(key, unsigned, now);
    const at = now.toISOString();
    const values: Insertable<IssuedCredentialsTable>[] = rows.map((r, i) => ({
      credential_id: r.id,
      key_id: key.id,
      holder_salt: salts[i]!,
      holder_did: r.did,
      jsonld: JSON.stringify(signed[i]),
      jwt: vcJwt(signed[i]!, key),
      issued_at: at,
      revocation_list_id: plans.revocation.picks[i]!.listId,
      revocation_index: plans.revocation.picks[i]!.index,
      suspension_list_id: plans.suspension.picks[i]!.listId,
      suspension_index: plans.suspension.picks[i]!.index,
    }));
    // A record suspended or revoked before its credential was issued sets a bit at once.
    const touched = new Set<string>();
    rows.forEach((r, i) => {
      if (r.status === 'revoked') touched.add(values[i]!.revocation_list_id);
      if (r.status === 'suspended' || r.status === 'lapsed') touched.add(values[i]!.suspension_list_id);
    });
    await db.transaction().execute(async (tx) => {
      for (const plan of [plans.revocation, plans.suspension]) {
        for (const list of plan.newLists) await repo.insertList(tx, list);
        for (const [id, n] of plan.counts) await repo.addAllocated(tx, id, n);
      }
      await repo.insertIssued(tx, values);
      if (touched.size) {
        await repo.touchLists(tx, [...touched], now);
        await repo.bumpEpoch(tx);
      }
    });
    if (touched.size) epoch.changed();
  }

  return {
    /**
     * Issues credentials for records that have none (only `ids`, when given), `chunk` at a time
     * (default 2,000). Answers how many were issued.
     */
    async issuePending(opts: IssueOptions = {}): Promise<{ issued: number }> {
      const chunk = opts.chunk ?? 2000;
      // A record that cannot be issued (its scheme version unreadable) is set aside for this run and
      // logged, so it does not hold back every record after it.
      const skipped: string[] = [];
      const next = () => repo.pending(db, chunk, opts.ids, skipped);
      const first = await next();
      if (!first.length) return { issued: 0 };
      const total = opts.ids ? first.length : await repo.countPending(db);
      let issued = 0;
      for (let rows = first; rows.length; rows = await next()) {
        const now = p.clock.now();
        for (let attempt = 1; ; attempt++) {
          try {
            await issueChunk(rows, now);
            break;
          } catch (error) {
            const bad = (error as { credentialId?: string }).credentialId;
            if (bad) {
              p.logger.error({ err: error, credentialId: bad }, 'a credential record cannot be issued; it is skipped until the next sweep');
              skipped.push(bad);
            } else if (attempt >= 3) throw error;
            else p.logger.warn({ err: error }, 'issuing a chunk clashed with another issuer; planning again');
            rows = await next();
            if (!rows.length) break;
          }
        }
        issued += rows.length;
        await opts.progress?.(Math.min(issued, total), Math.max(total, issued));
      }
      return { issued };
    },

    async holderDid(ctx: RequestContext): Promise<{ did: string | null; linkedAt: string | null }> {
      const actor = requireActor(ctx);
      const row = await repo.holderDid(db, actor.userId);
      return { did: row?.did ?? null, linkedAt: row?.linked_at ?? null };
    },

    /** Links the member's DID (did:key or did:web): credentials issued from now on name it as their subject. */
    async linkHolderDid(ctx: RequestContext, did: string): Promise<{ did: string | null; linkedAt: string | null }> {
      const actor = requireActor(ctx);
      const value = did.trim();
      if (!isHolderDid(value)) {
        throw new DomainError('VALIDATION_FAILED', 'Give a did:key (such as did:key:z6Mk…) or a did:web (such as did:web:example.org) identifier.', { fields: { did: 'Not a did:key or did:web identifier' } });
      }
      const now = p.clock.now();
      await db.transaction().execute(async (tx) => {
        await repo.setHolderDid(tx, actor.userId, value, now);
        await audit(tx, auditCtx(ctx), { action: 'credentials.holder_did_linked', subjectType: 'user', subjectId: actor.userId, details: { did: value } }, now);
      });
      return { did: value, linkedAt: now.toISOString() };
    },

    async unlinkHolderDid(ctx: RequestContext): Promise<{ did: string | null; linkedAt: string | null }> {
      const actor = requireActor(ctx);
      const now = p.clock.now();
      await db.transaction().execute(async (tx) => {
        const r = await repo.deleteHolderDid(tx, actor.userId);
        if (Number(r.numDeletedRows) > 0) await audit(tx, auditCtx(ctx), { action: 'credentials.holder_did_unlinked', subjectType: 'user', subjectId: actor.userId }, now);
      });
      return { did: null, linkedAt: null };
    },
  };
}

export type IssuingService = ReturnType<typeof issuingService>;
