import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import { afterEach, describe, expect, it } from 'vitest';
import type { Config } from '../../../config.js';
import { manualClock } from '../../../platform/clock.js';
import { badge, ISSUER, issuerWorld, NOW } from '../credentials.fixtures.js';
import { createDocumentLoader, type JsonObject } from '../document-loader.js';
import { didDocumentFor, foreignCredential, foreignIssuerServer, foreignKey } from './foreign.fixtures.js';
import type { SigningKey } from '../issuing/keys.js';
import { signCredential, signJwt, suiteSigner } from '../issuing/sign.js';
import { type OwnIssuer, verificationService } from './verification.service.js';

const actor = (scopes: string[] | null, roles = ['scheme_admin']) => ({
  ctx: { actor: { userId: 'u1', email: 'a@b.c', name: 'A', country: null, emailVerified: true, roles: new Set(roles), via: scopes ? 'token' : 'session', sessionId: null, csrfToken: null, scopes: scopes ? new Set(scopes) : null }, ip: null, requestId: null, userAgent: null } as never,
});
const anonymous = { actor: null, ip: null, requestId: null, userAgent: null };
const later = (days: number) => new Date(NOW.getTime() + days * 86_400_000);

/** The service over the fixture issuer (did:web:guild.example), with an epoch the test moves. */
async function setup(remote = {}, workers?: Parameters<typeof verificationService>[1]['workers']) {
  const w = await issuerWorld();
  const clock = manualClock(later(1));
  let epoch = 1;
  const issued = new Map<string, JsonObject>();
  let loads = 0;
  const own: OwnIssuer = {
    did: ISSUER,
    resolve: w.resolve,
    epoch: { current: async () => epoch, changed: () => {} },
    signingKey: async () => w.key,
    issuedCredential: async (id) => {
      loads++;
      return issued.get(id);
    },
  };
  const p = { config: { publicUrl: 'https://guild.example' } as Config, clock };
  const service = verificationService(p, { own, remote, workers });
  closers.push(service.close);
  const issue = async (i: number, extra: Parameters<typeof badge>[1] = {}) => {
    const signed = await signCredential(badge(i, extra), w.key, { documentLoader: w.loader(), created: NOW });
    issued.set(`6f1c2a4e-0000-4000-8000-${String(i).padStart(12, '0')}`, signed);
    return { id: `6f1c2a4e-0000-4000-8000-${String(i).padStart(12, '0')}`, signed };
  };
  return { w, clock, service, issue, bump: () => epoch++, loads: () => loads };
}
const parsed = (json: Buffer | string) => JSON.parse(String(json)) as { verified: boolean; checks: Array<{ check: string; ok: boolean; reason: string }>; ours: boolean; summary: JsonObject };
const reason = (r: { checks: Array<{ check: string; reason: string }> }, check: string) => r.checks.find((c) => c.check === check)?.reason;

let closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.map((c) => c()));
  closers = [];
});

describe('verifying our credentials by id', () => {
  it('verifies, keeps the verdict while the epoch stands, and sees a revocation once the epoch moves', async () => {
    const s = await setup();
    const { id } = await s.issue(3);
    const first = parsed(await s.service.verifyById(id));
    expect(first.verified).toBe(true);
    expect(first.ours).toBe(true);
    expect(first.summary).toMatchObject({ name: 'Member', issuerId: ISSUER, issuerName: 'IT Service Management Guild' });
    await s.service.verifyById(id);
    expect(s.loads()).toBe(1);

    s.w.setBit(s.w.bits.revocation, 3, true);
    await s.w.publishLists(s.w.key);
    expect(parsed(await s.service.verifyById(id)).verified).toBe(true); // same epoch: the kept verdict
    s.bump();
    const revoked = parsed(await s.service.verifyById(id));
    expect(revoked.verified).toBe(false);
    expect(reason(revoked, 'status')).toMatch(/has been revoked/);

    s.w.setBit(s.w.bits.revocation, 3, false);
    s.w.setBit(s.w.bits.suspension, 3, true);
    await s.w.publishLists(s.w.key);
    s.bump();
    expect(reason(parsed(await s.service.verifyById(id)), 'status')).toMatch(/has been suspended/);
  });

  it('looks again when the credential expires, even with the epoch unchanged', async () => {
    const s = await setup();
    const { id } = await s.issue(4, { validUntil: later(30) });
    expect(parsed(await s.service.verifyById(id)).verified).toBe(true);
    s.clock.set(later(31));
    const expired = parsed(await s.service.verifyById(id));
    expect(expired.verified).toBe(false);
    expect(reason(expired, 'dates')).toMatch(/^Expired: valid until/);
  });

  it('answers one computation to simultaneous callers, and not found for an unknown id', async () => {
    const s = await setup();
    const { id } = await s.issue(5);
    const answers = await Promise.all(Array.from({ length: 5 }, () => s.service.verifyById(id)));
    expect(new Set(answers).size).toBe(1); // the same kept bytes
    expect(s.loads()).toBe(1);
    await expect(s.service.verifyById('00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('follows a link to one of ours and refuses links elsewhere', async () => {
    const s = await setup();
    const { id } = await s.issue(6);
    for (const url of [`https://guild.example/credentials/${id}`, `https://guild.example/verify?credential=${id}`]) {
      const out = await s.service.verify(anonymous, { url });
      expect(parsed(out as Buffer).verified, url).toBe(true);
    }
    await expect(s.service.verify(anonymous, { url: `https://guild.example.evil.org/credentials/${id}` })).rejects.toThrow(/Only links to credentials of https:\/\/guild.example are followed/);
    await expect(s.service.verify(anonymous, { url: 'https://guild.example/about' })).rejects.toThrow(/names no credential/);
  });
});

describe('verifying pasted and uploaded credentials', () => {
  it('names tampering, and reads JSON and VC-JWT files', async () => {
    const s = await setup();
    const { signed } = await s.issue(7);
    const tampered = structuredClone(signed) as any;
    tampered.credentialSubject.achievement.name = 'Fellow';
    const t = await s.service.verify(anonymous, { credential: tampered });
    expect(!Buffer.isBuffer(t) && t.verified).toBe(false);
    expect(reason(t as never, 'signature')).toMatch(/changed after it was signed/);

    const file = await s.service.verify(anonymous, { file: Buffer.from(`\uFEFF${JSON.stringify(signed)}\n`), filename: 'badge.json' });
    expect((file as { verified: boolean }).verified).toBe(true);
    const jwt = await s.service.verify(anonymous, { file: Buffer.from(await signJwt(signed, s.w.key)), filename: 'badge.jwt' });
    expect(jwt).toMatchObject({ verified: true, format: 'vc-jwt' });
    await expect(s.service.verify(anonymous, { file: Buffer.from('{"a":'), filename: 'x.json' })).rejects.toThrow(/x.json is not valid JSON/);
    await expect(s.service.verify(anonymous, { file: Buffer.from('hello there'), filename: 'x.txt' })).rejects.toThrow(/neither a JSON credential nor a VC-JWT/);
  });

  it('refuses more status entries than it will look up', async () => {
    const s = await setup();
    const { signed } = await s.issue(10);
    const many = { ...signed, credentialStatus: Array.from({ length: 9 }, (_, i) => ({ id: `https://elsewhere.example/status/${i}#1`, type: 'BitstringStatusListEntry' })) };
    await expect(s.service.verify(anonymous, { credential: many })).rejects.toThrow('credentialStatus: at most 8 status entries are checked.');
  });

  it('adds the data model’s MUSTs to the schema check', async () => {
    const s = await setup();
    const key = await foreignKey();
    const bad = await signCredential(foreignCredential(key.controller, 1, { credentialSchema: { type: 'JsonSchema' } }), key, { documentLoader: createDocumentLoader(), created: NOW });
    const out = (await s.service.verify(anonymous, { credential: bad })) as { verified: boolean };
    expect(out.verified).toBe(false);
    expect(reason(out as never, 'schema')).toBe('Not a well-formed credential: credentialSchema.id: each credentialSchema object MUST have an id that is a URL.');
    expect(reason(out as never, 'signature')).toMatch(/^Valid/);
  });

  it('verifies a did:web credential of another issuer fetched from its server', async () => {
    const srv = await foreignIssuerServer();
    closers.push(srv.close);
    const key = await foreignKey({ id: `${srv.did}#key-1`, controller: srv.did });
    srv.publish('/.well-known/did.json', didDocumentFor(srv.did, [key]));
    const s = await setup({ allowInsecureForTests: true });
    const signed = await signCredential(foreignCredential(srv.did), key, { documentLoader: createDocumentLoader(), created: NOW });
    const out = (await s.service.verify(anonymous, { credential: signed })) as { verified: boolean; ours: boolean };
    expect(out).toMatchObject({ verified: true, ours: false });
    const strict = await setup();
    expect(reason((await strict.service.verify(anonymous, { credential: signed })) as never, 'signature')).toMatch(/could not be resolved.*only https/);
  });
});

describe('VC-API', () => {
  it('issues a valid credential as the body, and refuses a member, a broken MUST, another issuer and an undefined term', async () => {
    const s = await setup();
    const credential = foreignCredential(ISSUER);
    const signed = await s.service.issue(actor(['credentials:issue']).ctx, credential);
    expect(signed['proof']).toMatchObject({ type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022', verificationMethod: `${ISSUER}#key-1` });
    expect((await s.service.vcApiVerifyCredential(signed)).verified).toBe(true);

    // A token's scope (credentials:issue) is refused by the auth hook from the route's declaration: tests/http/access.test.ts.
    await expect(s.service.issue(actor(null, ['member']).ctx, credential)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(s.service.issue(anonymous, credential)).rejects.toMatchObject({ code: 'NOT_AUTHENTICATED' });
    await expect(s.service.issue(actor(null).ctx, { ...credential, validFrom: '2026-01-01' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringMatching(/^The credential breaks the VC 2.0 data model: validFrom: validFrom MUST be an XML Schema dateTimeStamp/),
      details: { issues: [{ path: 'credential.validFrom', message: expect.any(String) }] },
    });
    await expect(s.service.issue(actor(null).ctx, { ...credential, issuer: 'did:web:other.example' })).rejects.toThrow(/issues only as did:web:guild.example/);
    await expect(s.service.issue(actor(null).ctx, { ...credential, '@context': ['https://www.w3.org/ns/credentials/v2'], credentialSubject: { id: 'did:example:ada', favouriteColour: 'red' } })).rejects.toThrow(/credential.favouriteColour: the term is not defined by any @context/);
  });

  it('verifies credentials with VC-API answers and reasons', async () => {
    const s = await setup();
    const { signed } = await s.issue(8);
    const ok = await s.service.vcApiVerifyCredential(signed);
    expect(ok).toMatchObject({ verified: true, checks: ['schema', 'signature', 'issuer', 'dates', 'status'], errors: [] });
    const bad = await s.service.vcApiVerifyCredential({ ...signed, validFrom: '2027-01-01T00:00:00Z' });
    expect(bad.verified).toBe(false);
    expect(bad.errors.map((e) => e.title)).toContain('The signature check failed');
    expect(bad.errors.find((e) => e.title === 'The dates check failed')?.detail).toMatch(/Not yet valid/);
  });

  it('verifies a presentation with its challenge and domain, and names a wrong one', async () => {
    const s = await setup();
    const { signed } = await s.issue(9);
    const holder = await foreignKey();
    const sign = (k: SigningKey, challenge: string, domain: string) =>
      vc.signPresentation({
        presentation: { '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiablePresentation'], holder: holder.controller, verifiableCredential: [signed] },
        suite: new DataIntegrityProof({ signer: suiteSigner(k), cryptosuite: eddsaRdfc2022 }),
        challenge,
        domain,
        documentLoader: s.w.loader(),
      });
    const vp = await sign(holder, 'c-123', 'verifier.example');
    const ok = await s.service.vcApiVerifyPresentation(vp, { challenge: 'c-123', domain: 'verifier.example' });
    expect(ok.errors).toEqual([]);
    expect(ok.verified).toBe(true);
    expect(ok.checks).toEqual(expect.arrayContaining(['presentation', 'challenge', 'domain', 'proof', 'verifiableCredential[0].signature', 'verifiableCredential[0].status']));

    const wrongChallenge = await s.service.vcApiVerifyPresentation(vp, { challenge: 'c-999', domain: 'verifier.example' });
    expect(wrongChallenge.verified).toBe(false);
    expect(wrongChallenge.errors.map((e) => e.detail)).toContainEqual(expect.stringMatching(/challenge "c-123" is not the one given, "c-999"/));
    const wrongDomain = await s.service.vcApiVerifyPresentation(vp, { challenge: 'c-123', domain: 'evil.example' });
    expect(wrongDomain.errors.map((e) => e.detail)).toContainEqual('The proof is for verifier.example, not for the domain evil.example.');

    const noChallenge = await s.service.vcApiVerifyPresentation(vp, {});
    expect(noChallenge.verified).toBe(true);
    expect(noChallenge.warnings[0]?.detail).toMatch(/not checked against replay/);

    const impostor = await sign(await foreignKey(), 'c-123', 'verifier.example');
    expect((await s.service.vcApiVerifyPresentation(impostor, { challenge: 'c-123' })).errors.map((e) => e.detail)).toContainEqual(expect.stringMatching(/not of its holder/));
    const tampered = { ...vp, id: 'urn:uuid:3978344f-8596-4c3a-a978-8fcaba3903c5' };
    expect((await s.service.vcApiVerifyPresentation(tampered, { challenge: 'c-123' })).errors.map((e) => e.detail)).toContainEqual(expect.stringMatching(/changed after it was signed/));
    const undefinedTerm = { ...vp, type: ['VerifiablePresentation', 'Extra'] };
    expect((await s.service.vcApiVerifyPresentation(undefinedTerm, { challenge: 'c-123' })).errors.map((e) => e.detail)).toContainEqual(expect.stringMatching(/"Extra" is not defined by any @context/));
    const unsigned = { ...vp, proof: undefined };
    expect((await s.service.vcApiVerifyPresentation(unsigned, {})).errors.map((e) => e.detail)).toContain('The presentation has no proof: nothing shows that the holder made it.');
  });
});

/** A value nested `depth` objects deep. */
const nested = (depth: number): JsonObject => {
  let v: JsonObject = { leaf: true };
  for (let i = 1; i < depth; i++) v = { a: v };
  return v;
};
/** A credential with a proof that signs nothing it carries: `subjects` subjects added after signing. */
async function bogus(subjects: number): Promise<JsonObject> {
  const key = await foreignKey();
  const signed = await signCredential(foreignCredential(key.controller), key, { documentLoader: createDocumentLoader(), created: NOW });
  return { ...signed, credentialSubject: Array.from({ length: subjects }, (_, i) => ({ id: `did:example:${i}`, alumniOf: { name: `University ${i}` } })) };
}
const errorOf = async (p: Promise<unknown>) => {
  const e = await p.then(() => null, (x: unknown) => x as { code: string; message: string; details: Record<string, unknown> });
  expect(e, 'an error').not.toBeNull();
  return e!;
};

describe('limits before any canonicalisation, and the verifying threads', () => {
  it('refuses a credential nested 10,000 levels deep with 400, as JSON, as a VC-JWT payload and in a presentation', async () => {
    const s = await setup();
    const deep = { ...foreignCredential('did:example:issuer'), evidence: nested(10_000) };
    const json = await errorOf(s.service.verify(anonymous, { credential: deep }));
    expect(json.code).toBe('VALIDATION_FAILED');
    expect(json.message).toBe('body.credential: the credential is nested more than 32 levels deep, which no real credential is; it was not checked.');
    expect(json.details).toMatchObject({ limit: { maxDepth: 32 } });
    // A compact JWS whose payload is 10,000 levels deep (written as text: JSON.stringify itself recurses).
    const b64 = (t: string) => Buffer.from(t).toString('base64url');
    const jwt = `${b64('{"alg":"EdDSA"}')}.${b64(`${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`)}.${b64('sig')}`;
    expect((await errorOf(s.service.verify(anonymous, { jwt }))).message).toMatch(/^body.jwt: the credential is nested more than 32 levels deep/);
    expect((await errorOf(s.service.verify(anonymous, { file: Buffer.from(JSON.stringify({ a: nested(40) })), filename: 'x.json' }))).message).toMatch(/^body.file: the credential is nested more than 32/);
    const vp = { '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiablePresentation'], verifiableCredential: [deep] };
    expect((await errorOf(s.service.vcApiVerifyPresentation(vp, {}))).message).toMatch(/^body.verifiablePresentation: the presentation is nested more than 32/);
    // 31 levels inside the credential (32 with it) is still checked.
    expect((await s.service.verify(anonymous, { credential: { ...foreignCredential('did:example:issuer'), evidence: nested(31) } })) as { verified: boolean }).toMatchObject({ verified: false });
  });

  it('refuses 20,000 subjects with 413 naming the limit, and checks 1,000 with a made-up proof off the event loop', async () => {
    const s = await setup();
    const many = await errorOf(s.service.verify(anonymous, { credential: await bogus(20_000) }));
    expect(many.code).toBe('PAYLOAD_TOO_LARGE');
    expect(many.message).toBe('body.credential: the credential has more than 5,000 values (objects, arrays, strings, numbers); at most 5,000 are checked.');
    const credential = await bogus(1_000);
    // The main thread only measures the credential; the event loop keeps turning while it is canonicalised.
    let turns = 0;
    const ticker = setInterval(() => turns++, 5);
    const verdict = (await s.service.verify(anonymous, { credential })) as { verified: boolean; checks: Array<{ check: string; ok: boolean; reason: string }> };
    clearInterval(ticker);
    expect(verdict.verified).toBe(false);
    expect(verdict.checks.find((c) => c.check === 'signature')?.reason).toMatch(/changed after it was signed/);
    expect(turns).toBeGreaterThan(2);
  });

  it('answers 503 when a check passes its deadline, and when the queue is full', async () => {
    const slow = await setup({}, { size: 1, maxQueue: 1, deadlineMs: 30 });
    const late = await errorOf(slow.service.verify(anonymous, { credential: await bogus(1_000) }));
    expect(late.code).toBe('UNAVAILABLE');
    expect(late.message).toBe('Checking this credential took longer than 5 s and was stopped; a smaller credential is checked in well under a second.');

    // One thread, one place in the queue: while the thread starts, the first waits and the next two are refused.
    const busy = await setup({}, { size: 1, maxQueue: 1 });
    const small = await bogus(1);
    const outcomes = await Promise.allSettled([1, 2, 3].map(() => busy.service.verify(anonymous, { credential: small })));
    expect(outcomes[0]).toMatchObject({ status: 'fulfilled', value: { verified: false } });
    for (const o of outcomes.slice(1)) {
      expect(o).toMatchObject({ status: 'rejected', reason: { code: 'UNAVAILABLE', message: 'Too many credentials are being checked right now; try again in 5 seconds.', details: { retryAfterSeconds: 5 } } });
    }
  });
});
