// The issuer: the body as an Open Badges Profile with its kept did:web identifier (site-identity.ts),
// its Ed25519 keys (made on first need, sealed at rest, rotated and retired by a system administrator)
// and the DID document that lists every key, retired ones too, so whatever a key signed verifies.
import { audit } from '../../../platform/audit.js';
import { DomainError } from '../../../platform/errors.js';
import { sealingSecret as configuredSealingSecret } from '../../../platform/sealed.js';
import { auditCtx, type Platform, type RequestContext, requireRole } from '../../../platform/context.js';
import type { CredentialsRepository } from '../credentials.repository.js';
import { type JsonObject, OB_V3_CONTEXT, VC_V2_CONTEXT } from '../document-loader.js';
import type { Epoch } from '../status/epoch.js';
import { currentKey, didDocument, generateIssuerKey, type IssuerKeyRecord, loadSigningKey, rotateIssuerKey, type SigningKey } from './keys.js';
import { type KeyUsage, keyUsage } from './key-usage.js';
import type { IssuerProfile } from './open-badge.js';


export type KeySummary = { id: string; number: number; publicKeyMultibase: string; createdAt: string; retiredAt: string | null; current: boolean; signed: KeyUsage };

export function issuerService(p: Platform, repo: CredentialsRepository, epoch: Epoch) {
  const { db } = p.database;
  const publicUrl = p.config.publicUrl;
  // Kept across moves (site-identity.ts): a new PUBLIC_URL changes where we answer, not who signed.
  const did = p.site.issuerDid;
  let secret: string | null = null;
  const sealingSecret = () => (secret ??= configuredSealingSecret(p.config, (m) => p.logger.warn(m)));
  let cached: { epoch: number; records: IssuerKeyRecord[] } | null = null;
  let signing: SigningKey | null = null;

  /** Every key record, read again only when the epoch moved (a rotation bumps it). */
  async function records(): Promise<IssuerKeyRecord[]> {
    const e = await epoch.current();
    if (cached?.epoch !== e) cached = { epoch: e, records: await repo.keys(db) };
    return cached.records;
  }
  const ours = (all: IssuerKeyRecord[]) => all.filter((k) => k.controller === did);

  /** Each key with what it signed (counted when asked: the list is read by a system administrator now and then). */
  async function summaries(mine: IssuerKeyRecord[]): Promise<KeySummary[]> {
    const live = mine.filter((k) => k.retiredAt === null);
    const current = live.length ? currentKey(live).id : null;
    const usage = await keyUsage(db, current);
    const none: KeyUsage = { credentials: 0, attendanceCredentials: 0, statusLists: 0, firstUsedAt: null, lastUsedAt: null };
    return mine.map((k) => ({ id: k.id, number: k.number, publicKeyMultibase: k.publicKeyMultibase, createdAt: k.createdAt, retiredAt: k.retiredAt, current: k.id === current, signed: usage.get(k.id) ?? none }));
  }

  /** The key new credentials are signed with; the first one is made here if there is none. */
  async function signingKey(): Promise<SigningKey> {
    let mine = ours(await records()).filter((k) => k.retiredAt === null);
    if (!mine.length) {
      const first = await generateIssuerKey({ controller: did, number: 1, configSecret: sealingSecret(), now: p.clock.now() });
      // Two processes may race to make key 1: one insert wins, both then use the stored key.
      await db.transaction().execute(async (tx) => {
        if (await repo.insertKey(tx, first)) await repo.bumpEpoch(tx);
      });
      epoch.changed();
      cached = null;
      mine = ours(await records()).filter((k) => k.retiredAt === null);
    }
    const record = currentKey(mine);
    if (signing?.id !== record.id) signing = await loadSigningKey(record, sealingSecret());
    return signing;
  }

  async function profile(): Promise<IssuerProfile> {
    const body = await repo.body(db);
    return { id: did, name: body?.name ?? 'Guildhall', url: body?.website ?? publicUrl, image: `${publicUrl}/issuer/image.svg` };
  }

  return {
    did,
    signingKey,
    profile,

    /** The DID document (W3C DID 1.0) of the issuer: every key of ours, retired ones included. */
    async didDocument(): Promise<JsonObject> {
      await signingKey(); // a document with no key would make every verifier fail; make the first now
      return didDocument(did, await records());
    },

    /** The Open Badges 3.0 Profile of the body, as JSON-LD. */
    async profileDocument(): Promise<JsonObject> {
      const pr = await profile();
      return { '@context': [VC_V2_CONTEXT, OB_V3_CONTEXT], id: pr.id, type: ['Profile'], name: pr.name, url: pr.url, image: { id: pr.image, type: 'Image' } };
    },

    async listKeys(ctx: RequestContext): Promise<{ did: string; keys: KeySummary[] }> {
      requireRole(ctx, ['system_admin']);
      await signingKey();
      return { did, keys: await summaries(ours(await records())) };
    },

    /** Adds a key that signs from now on; older keys stay in the DID document, so their credentials verify. */
    async rotate(ctx: RequestContext): Promise<{ did: string; keys: KeySummary[] }> {
      requireRole(ctx, ['system_admin']);
      await signingKey();
      const now = p.clock.now();
      await db.transaction().execute(async (tx) => {
        const next = await rotateIssuerKey(ours(await repo.keys(tx)), { controller: did, configSecret: sealingSecret(), now });
        if (!(await repo.insertKey(tx, next))) throw new DomainError('CONFLICT', 'Another key was added at the same moment; try again.');
        await repo.bumpEpoch(tx);
        await audit(tx, auditCtx(ctx), { action: 'credentials.issuer_key_rotated', subjectType: 'issuer_key', subjectId: next.id, details: { number: next.number } }, now);
      });
      epoch.changed();
      return { did, keys: await summaries(ours(await records())) };
    },

    /**
     * Retires a key: it signs nothing from now on (on PostgreSQL another process may sign with it for
     * up to the epoch's 250 ms), and stays in the DID document so that what it signed still verifies.
     * The last key that signs cannot be retired: there must always be one.
     */
    async retire(ctx: RequestContext, number: number): Promise<{ did: string; keys: KeySummary[] }> {
      requireRole(ctx, ['system_admin']);
      await signingKey();
      const now = p.clock.now();
      await db.transaction().execute(async (tx) => {
        // The epoch row is written first: its lock makes key changes take turns, so two retirements at
        // the same moment cannot each leave the other's key as the last and together leave none.
        await repo.bumpEpoch(tx);
        const mine = ours(await repo.keys(tx));
        const key = mine.find((k) => k.number === number);
        if (!key) throw new DomainError('NOT_FOUND', `The issuer has no key number ${number}; its keys are numbered ${mine.map((k) => k.number).join(', ')}.`);
        if (key.retiredAt) throw new DomainError('CONFLICT', `Key ${number} was already retired on ${key.retiredAt.slice(0, 10)}.`, { retiredAt: key.retiredAt });
        if (!mine.some((k) => k.retiredAt === null && k.id !== key.id))
          throw new DomainError('CONFLICT', `Key ${number} is the only key that signs new credentials, so it cannot be retired. Add a new key first (rotateIssuerKey), then retire this one.`);
        if (!(await repo.retireKey(tx, key.id, now.toISOString()))) throw new DomainError('CONFLICT', `Key ${number} was retired at the same moment; reload the keys.`);
        await audit(tx, auditCtx(ctx), { action: 'credentials.issuer_key_retired', subjectType: 'issuer_key', subjectId: key.id, details: { number } }, now);
      });
      epoch.changed();
      return { did, keys: await summaries(ours(await records())) };
    },
  };
}


export type IssuerService = ReturnType<typeof issuerService>;
