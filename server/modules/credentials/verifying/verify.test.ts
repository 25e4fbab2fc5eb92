import { describe, expect, it } from 'vitest';
import { badge, ISSUER, issuerWorld, NOW } from '../credentials.fixtures.js';
import { createDocumentLoader } from '../document-loader.js';
import { loadSigningKey, rotateIssuerKey } from '../issuing/keys.js';
import { signCredential, signJwt } from '../issuing/sign.js';
import { type Check, verifyCredential } from './verify.js';

const check = (checks: Check[], name: Check['check']) => checks.find((c) => c.check === name) as Check;
const later = (days: number) => new Date(NOW.getTime() + days * 86_400_000);

describe('issuing and verifying an Open Badges 3.0 credential', () => {
  it('passes every check, as Data Integrity and as VC-JWT', async () => {
    const w = await issuerWorld();
    const signed = await signCredential(badge(7), w.key, { documentLoader: w.loader(), created: NOW });
    expect(signed['proof']).toMatchObject({ type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022', verificationMethod: `${ISSUER}#key-1`, proofPurpose: 'assertionMethod' });
    const verdict = await verifyCredential(signed, { now: later(1), resolve: w.resolve });
    expect(verdict.checks.filter((c) => !c.ok)).toEqual([]);
    expect(verdict.verified).toBe(true);
    expect(check(verdict.checks, 'status').reason).toMatch(/Not revoked.*Not suspended/);

    const jwt = await signJwt(signed, w.key);
    const byJwt = await verifyCredential(jwt, { now: later(1), resolve: w.resolve });
    expect(byJwt.format).toBe('vc-jwt');
    expect(byJwt.checks.filter((c) => !c.ok)).toEqual([]);
    expect(byJwt.credential?.['id']).toBe(signed['id']);
    expect(byJwt.credential?.['proof']).toBeUndefined();
  });

  it('names tampering, expiry, revocation and suspension', async () => {
    const w = await issuerWorld();
    const opts = { documentLoader: w.loader(), created: NOW };
    const signed = await signCredential(badge(3, { validUntil: later(30) }), w.key, opts);

    const tampered = structuredClone(signed) as any;
    tampered.credentialSubject.achievement.name = 'Fellow';
    const t = await verifyCredential(tampered, { now: later(1), resolve: w.resolve });
    expect(t.verified).toBe(false);
    expect(check(t.checks, 'signature')).toMatchObject({ ok: false, reason: expect.stringMatching(/changed after it was signed/) });

    const jwt = await signJwt(signed, w.key);
    const [h, p, s] = jwt.split('.');
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...signed, proof: undefined, name: 'Fellow' })).toString('base64url')}.${s}`;
    expect(p).not.toBe(forged.split('.')[1]);
    expect(check((await verifyCredential(forged, { now: later(1), resolve: w.resolve })).checks, 'signature').reason).toMatch(/changed after it was signed/);

    const expired = await verifyCredential(signed, { now: later(31), resolve: w.resolve });
    expect(expired.verified).toBe(false);
    expect(check(expired.checks, 'dates').reason).toMatch(/^Expired: valid until 2026-05-31/);
    expect(check(expired.checks, 'signature').ok).toBe(true);

    w.setBit(w.bits.revocation, 3, true);
    await w.publishLists(w.key);
    const revoked = await verifyCredential(signed, { now: later(1), resolve: w.resolve });
    expect(revoked.verified).toBe(false);
    expect(check(revoked.checks, 'status').reason).toMatch(/has been revoked \(list .*status\/1, index 3\)/);

    w.setBit(w.bits.revocation, 3, false);
    w.setBit(w.bits.suspension, 3, true);
    await w.publishLists(w.key);
    const suspended = await verifyCredential(signed, { now: later(1), resolve: w.resolve });
    expect(check(suspended.checks, 'status').reason).toMatch(/has been suspended/);
    expect(check(suspended.checks, 'status').reason).not.toMatch(/revoked \(/);
    const other = await verifyCredential(await signCredential(badge(4), w.key, opts), { now: later(1), resolve: w.resolve });
    expect(other.verified).toBe(true);
  });

  it('keeps credentials of an older key verifiable after rotation and after it is retired, and refuses a key the issuer does not list', async () => {
    const w = await issuerWorld();
    const old = await signCredential(badge(1), w.key, { documentLoader: w.loader(), created: NOW });
    const next = await rotateIssuerKey(w.records, { controller: ISSUER, configSecret: 'test-configuration-secret-0123456789', now: NOW });
    w.records.push(next);
    w.publishDid();
    const fresh = await signCredential(badge(2), await loadSigningKey(next, 'test-configuration-secret-0123456789'), { documentLoader: w.loader(), created: NOW });
    expect((fresh['proof'] as { verificationMethod: string }).verificationMethod).toBe(`${ISSUER}#key-2`);
    for (const c of [old, fresh]) expect((await verifyCredential(c, { now: later(1), resolve: w.resolve })).verified).toBe(true);
    w.records[0]!.retiredAt = NOW.toISOString();
    w.publishDid();
    expect((await verifyCredential(old, { now: later(1), resolve: w.resolve })).verified).toBe(true);
    w.records.shift();
    w.publishDid();
    const refused = await verifyCredential(old, { now: later(1), resolve: w.resolve });
    expect(check(refused.checks, 'signature')).toMatchObject({ ok: false, reason: expect.stringMatching(/key-1/) });
  });

  it('reports an unknown signer, a mismatched issuer, a missing list and malformed input with reasons', async () => {
    const w = await issuerWorld();
    const signed = await signCredential(badge(5), w.key, { documentLoader: w.loader(), created: NOW });
    const unknown = await verifyCredential(signed, { now: later(1) });
    expect(check(unknown.checks, 'signature').reason).toMatch(/could not be resolved/);
    expect(check(unknown.checks, 'status').reason).toMatch(/could not be loaded/);

    // Signed by our key but naming another issuer: the signature holds, the issuer check must not.
    const foreign = await signCredential(badge(6, { issuer: 'did:web:other.example' }), w.key, { documentLoader: w.loader(), created: NOW });
    const mismatch = await verifyCredential(foreign, { now: later(1), resolve: w.resolve });
    expect(check(mismatch.checks, 'signature').ok).toBe(true);
    expect(check(mismatch.checks, 'issuer').reason).toMatch(/key of did:web:guild.example, not of the issuer did:web:other.example/);

    const garbage = await verifyCredential('not-a-token', { now: NOW });
    expect(garbage.verified).toBe(false);
    expect(check(garbage.checks, 'signature').reason).toMatch(/neither a JSON credential nor a VC-JWT/);
    const broken = await verifyCredential({ '@context': ['https://example.org'], type: ['Thing'] }, { now: NOW });
    expect(check(broken.checks, 'schema').reason).toMatch(/@context: the first @context MUST be .*type MUST include VerifiableCredential/);
    expect(check(broken.checks, 'signature').reason).toMatch(/no proof/);
  });

  it('never fetches: unknown URLs fail with a clear error', async () => {
    const load = createDocumentLoader();
    await expect(load('https://example.org/some/context.jsonld')).rejects.toThrow(/not available offline.*nothing is fetched/);
    await expect(load('did:web:guild.example')).rejects.toThrow(/not available offline/);
    expect((await load('https://www.w3.org/ns/credentials/v2')).document['@context']).toBeDefined();
  });
});
