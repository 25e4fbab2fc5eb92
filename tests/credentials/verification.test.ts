import { verifyCredential as independentVerify } from '@digitalcredentials/verifier-core';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createDocumentLoader, type JsonObject, staticContext } from '../../server/modules/credentials/document-loader.js';
import { foreignCredential, foreignKey } from '../../server/modules/credentials/verifying/foreign.fixtures.js';
import { signCredential, suiteSigner } from '../../server/modules/credentials/issuing/sign.js';
import { type Browser, call, expectError, type Json, PASSWORD, signedInUser } from '../support/accounts.js';
import { type TestApp, testApp } from '../support/app.js';
import { awardAndIssue, httpFetcher, issuingApp, PUBLIC_URL, uploadToVerify } from './support.js';

const DID = 'did:web:guild.example';
let app: TestApp & { versionId: string };
let admin: Browser;
let tokens: { issue: string; read: string };

beforeAll(async () => {
  app = await issuingApp();
  admin = await signedInUser(app, 'registrar@example.org', ['scheme_admin']);
  const token = async (scopes: string[]) => (await admin.req({ method: 'POST', url: '/api/v1/me/api-tokens', payload: { currentPassword: PASSWORD, name: scopes.join(' '), scopes } })).json().token as string;
  tokens = { issue: await token(['credentials:issue']), read: await token(['credentials:read']) };
});
afterAll(() => app.close());
afterEach(() => vi.unstubAllGlobals());

const byId = (id: string) => call(app, { method: 'GET', url: `/api/v1/verify?credential=${id}` });
const verify = (payload: Json) => call(app, { method: 'POST', url: '/api/v1/verify', payload });
const reason = (body: Json, check: string): string => body.checks.find((c: Json) => c.check === check)?.reason;
const issueVia = (token: string, credential: unknown, options?: Json) =>
  call(app, { method: 'POST', url: '/vc-api/credentials/issue', headers: { authorization: `Bearer ${token}` }, payload: { credential, ...(options ? { options } : {}) } });

async function issued(levelId = 'member') {
  const { id, body } = await awardAndIssue(app, levelId);
  return { id, vc: body.credential as Json, jwt: body.jwt as string | undefined };
}
const multipart = (name: string, content: string | Buffer) => uploadToVerify(app, name, content);

describe('verifyCredential and verifyCredentialById', () => {
  it('verifies one of our credentials by id, then names its suspension, reinstatement and revocation at once', async () => {
    const { id } = await issued('professional');
    const ok = await byId(id);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.headers['content-type']).toBe('application/json; charset=utf-8');
    const body = ok.json();
    expect(body).toMatchObject({ verified: true, ours: true, format: 'data-integrity', summary: { id: `urn:uuid:${id}`, name: 'Professional', issuerId: DID } });
    expect(body.checks.map((c: Json) => [c.check, c.ok])).toEqual([['schema', true], ['signature', true], ['issuer', true], ['dates', true], ['status', true]]);
    expect(reason(body, 'status')).toMatch(/Not revoked.*Not suspended/);

    const change = (verb: string) => admin.req({ method: 'POST', url: `/api/v1/credentials/${id}/${verb}`, payload: { reason: `test ${verb}` } });
    expect((await change('suspend')).statusCode).toBe(200);
    const suspended = (await byId(id)).json();
    expect(suspended.verified).toBe(false);
    expect(reason(suspended, 'status')).toMatch(/The credential has been suspended \(list https:\/\/guild.example\/status\/.*, index \d+\)/);
    expect((await change('reinstate')).statusCode).toBe(200);
    expect((await byId(id)).json().verified).toBe(true);
    expect((await change('revoke')).statusCode).toBe(200);
    const revoked = (await byId(id)).json();
    expect(revoked.verified).toBe(false);
    expect(reason(revoked, 'status')).toMatch(/has been revoked/);
  });

  it('verifies pasted JSON, a VC-JWT, a link and uploaded files, and names tampering', async () => {
    const { id, vc: credential, jwt } = await issued();
    const pasted = await verify({ credential });
    expect(pasted.statusCode, pasted.body).toBe(200);
    expect(pasted.json()).toMatchObject({ verified: true, ours: true });
    if (jwt) expect((await verify({ jwt })).json()).toMatchObject({ verified: true, format: 'vc-jwt' });
    expect((await verify({ url: `${PUBLIC_URL}/credentials/${id}` })).json()).toMatchObject({ verified: true, summary: { id: `urn:uuid:${id}` } });

    const tampered = structuredClone(credential);
    tampered.credentialSubject.achievement.name = 'Fellow';
    const t = (await verify({ credential: tampered })).json();
    expect(t.verified).toBe(false);
    expect(reason(t, 'signature')).toMatch(/changed after it was signed/);

    expect((await multipart('badge.json', JSON.stringify(credential))).json()).toMatchObject({ verified: true });
    const tamperedUpload = (await multipart('badge.json', JSON.stringify(tampered))).json();
    expect(reason(tamperedUpload, 'signature')).toMatch(/changed after it was signed/);
    expectError(await multipart('big.json', Buffer.alloc(300 * 1024, 32)), 413, 'PAYLOAD_TOO_LARGE');
    expect(expectError(await multipart('notes.txt', 'hello'), 400, 'VALIDATION_FAILED').message).toMatch(/notes.txt holds neither/);
  });

  it('names an expired credential', async () => {
    const credential = { ...foreignCredential(DID, 40), validUntil: new Date(app.clock.now().getTime() + 86_400_000).toISOString() };
    const res = await issueVia(tokens.issue, credential);
    expect(res.statusCode, res.body).toBe(201);
    app.clock.advance(2 * 86_400_000);
    const out = (await verify({ credential: res.json().verifiableCredential })).json();
    expect(out.verified).toBe(false);
    expect(reason(out, 'dates')).toMatch(/^Expired: valid until/);
    expect(reason(out, 'signature')).toMatch(/^Valid/);
  });

  it('verifies a did:key credential of another issuer without fetching anything', async () => {
    const fetches: string[] = [];
    vi.stubGlobal('fetch', async (u: unknown) => {
      fetches.push(String(u));
      throw new Error('no network in tests');
    });
    const key = await foreignKey();
    const signed = await signCredential(foreignCredential(key.controller), key, { documentLoader: createDocumentLoader(), created: app.clock.now() });
    const out = (await verify({ credential: signed })).json();
    expect(out).toMatchObject({ verified: true, ours: false, summary: { issuerId: key.controller } });
    expect(fetches).toEqual([]);
  });

  it('refuses malformed requests with the field named', async () => {
    expect(expectError(await verify({}), 400, 'VALIDATION_FAILED').message).toMatch(/exactly one of credential/);
    expectError(await verify({ credential: {}, jwt: 'x' }), 400, 'VALIDATION_FAILED');
    expect(expectError(await verify({ url: 'ftp://x' }), 400, 'VALIDATION_FAILED').message).toMatch(/^body.url: /);
    expect(expectError(await verify({ url: 'https://elsewhere.example/credentials/1' }), 400, 'VALIDATION_FAILED').message).toMatch(/Only links to credentials of https:\/\/guild.example/);
    expectError(await verify({ jwt: 'x'.repeat(200_001) }), 400, 'VALIDATION_FAILED');
    expectError(await byId('0190a5b2-7c1e-7abc-8def-0123456789ab'), 404, 'NOT_FOUND');
    expectError(await call(app, { method: 'GET', url: '/api/v1/verify' }), 400, 'VALIDATION_FAILED');
    const garbage = (await verify({ jwt: 'not-a-token' })).json();
    expect(garbage.verified).toBe(false);
    expect(reason(garbage, 'signature')).toMatch(/neither a JSON credential nor a VC-JWT/);
  });
});

describe('VC-API', () => {
  const valid = () => foreignCredential(DID, 50);

  it('issues with a credentials:issue token, and the credential passes an independent verifier', async () => {
    const res = await issueVia(tokens.issue, valid(), {});
    expect(res.statusCode, res.body).toBe(201);
    const signed = res.json().verifiableCredential as JsonObject;
    expect(signed['proof']).toMatchObject({ type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022', verificationMethod: `${DID}#key-1`, proofPurpose: 'assertionMethod' });
    const ours = await call(app, { method: 'POST', url: '/vc-api/credentials/verify', payload: { verifiableCredential: signed } });
    expect(ours.statusCode, ours.body).toBe(200);
    expect(ours.json()).toMatchObject({ verified: true, checks: ['schema', 'signature', 'issuer', 'dates', 'status'], errors: [] });

    const http = httpFetcher(app);
    vi.stubGlobal('fetch', async (input: string | URL | Request) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      // The verifier fetches contexts it does not carry (here the examples context); answer from our copy.
      const context = staticContext(url);
      if (context) return new Response(JSON.stringify(context), { headers: { 'content-type': 'application/ld+json' } });
      const r = await http.get(url);
      return new Response(r.status === 200 ? r.body : 'not found', { status: r.status, headers: { 'content-type': 'application/json' } });
    });
    const result: any = await independentVerify({ credential: signed, knownDIDRegistries: [] } as never);
    const log = Object.fromEntries((result.log ?? []).map((e: { id: string; valid: boolean }) => [e.id, e.valid]));
    expect(result.errors).toBeUndefined();
    expect(log['valid_signature']).toBe(true);
    expect(log['expiration']).toBe(true);

    const tampered = { ...signed, validFrom: '2020-01-01T00:00:00Z' };
    const refused: any = await independentVerify({ credential: tampered, knownDIDRegistries: [] } as never);
    expect(refused.errors?.map((e: { name: string }) => e.name)).toEqual(['invalid_signature']);
  });

  it('refuses issuing without a token with credentials:issue, or without the role', async () => {
    expect(expectError(await issueVia(tokens.read, valid()), 403, 'FORBIDDEN').message).toMatch(/credentials:issue/);
    expectError(await call(app, { method: 'POST', url: '/vc-api/credentials/issue', payload: { credential: valid() } }), 401, 'NOT_AUTHENTICATED');
    const member = await signedInUser(app, 'member-issuer@example.org', ['member']);
    expectError(await member.req({ method: 'POST', url: '/vc-api/credentials/issue', payload: { credential: valid() } }), 403, 'FORBIDDEN');
  });

  it('refuses each broken MUST of the data model with 400 naming the property', async () => {
    const cases: Array<[string, Json]> = [
      ['@context', { '@context': ['https://www.w3.org/ns/credentials/examples/v2', 'https://www.w3.org/ns/credentials/v2'] }],
      ['type', { type: ['ExampleAlumniCredential'] }],
      ['id', { id: 'not a url' }],
      ['issuer', { issuer: 'not a url' }],
      ['issuer.id', { issuer: { name: 'The Guild' } }],
      ['credentialSubject', { credentialSubject: 'Ada' }],
      ['validFrom', { validFrom: '2026-01-01' }],
      ['validUntil', { validUntil: '2025-01-01T00:00:00Z' }],
      ['credentialStatus.type', { credentialStatus: { id: 'https://guild.example/status/1#3' } }],
      ['credentialSchema.id', { credentialSchema: { type: 'JsonSchema' } }],
      ['evidence.type', { evidence: { id: 'https://guild.example/evidence/1' } }],
      ['termsOfUse.type', { termsOfUse: { id: 'https://guild.example/terms' } }],
      ['refreshService.type', { refreshService: { id: 'https://guild.example/refresh' } }],
      ['name', { name: 42 }],
      ['proof', { proof: { type: 'DataIntegrityProof' } }],
    ];
    for (const [property, patch] of cases) {
      const err = expectError(await issueVia(tokens.issue, { ...valid(), ...patch }), 400, 'VALIDATION_FAILED');
      expect(err.message, property).toContain(`${property}: `);
      expect(err.details.issues[0].path, property).toBe(`credential.${property}`);
    }
    const missing = { ...valid() } as Json;
    delete missing.credentialSubject;
    expect(expectError(await issueVia(tokens.issue, missing), 400, 'VALIDATION_FAILED').message).toMatch(/credentialSubject: credentialSubject is required/);
    expect(expectError(await issueVia(tokens.issue, { ...valid(), issuer: 'did:web:other.example' }), 400, 'VALIDATION_FAILED').message).toMatch(/issues only as did:web:guild.example/);
  });

  it('answers verify with 400 and the reasons for an invalid credential', async () => {
    const { vc: credential } = await issued();
    const tampered = structuredClone(credential);
    tampered.credentialSubject.achievement.name = 'Fellow';
    const res = await call(app, { method: 'POST', url: '/vc-api/credentials/verify', payload: { verifiableCredential: tampered, options: {} } });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.verified).toBe(false);
    expect(body.errors).toContainEqual({ type: `${PUBLIC_URL}/problems/signature`, title: 'The signature check failed', detail: expect.stringMatching(/changed after it was signed/) });
    const unsigned = { ...credential, proof: undefined };
    expect((await call(app, { method: 'POST', url: '/vc-api/credentials/verify', payload: { verifiableCredential: JSON.parse(JSON.stringify(unsigned)) } })).statusCode).toBe(400);
  });

  it('verifies presentations, refusing a wrong challenge or domain with 400', async () => {
    const { vc: credential } = await issued();
    const holderKey = await foreignKey();
    const vp = await vc.signPresentation({
      presentation: { '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiablePresentation'], holder: holderKey.controller, verifiableCredential: [credential] },
      suite: new DataIntegrityProof({ signer: suiteSigner(holderKey), cryptosuite: eddsaRdfc2022 }),
      challenge: 'nonce-1',
      domain: 'employer.example',
      documentLoader: createDocumentLoader(),
    });
    const post = (options: Json) => call(app, { method: 'POST', url: '/vc-api/presentations/verify', payload: { verifiablePresentation: vp, options } });
    const ok = await post({ challenge: 'nonce-1', domain: 'employer.example' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().checks).toEqual(expect.arrayContaining(['presentation', 'challenge', 'domain', 'proof', 'verifiableCredential[0].signature']));
    const wrongChallenge = await post({ challenge: 'nonce-2', domain: 'employer.example' });
    expect(wrongChallenge.statusCode).toBe(400);
    expect(wrongChallenge.json().errors.map((e: Json) => e.detail)).toContainEqual(expect.stringMatching(/challenge "nonce-1" is not the one given, "nonce-2"/));
    const wrongDomain = await post({ challenge: 'nonce-1', domain: 'other.example' });
    expect(wrongDomain.statusCode).toBe(400);
    expect(wrongDomain.json().errors.map((e: Json) => e.detail)).toContain('The proof is for employer.example, not for the domain other.example.');
  });

  it('answers 413 to a huge body and 400 to an unknown field', async () => {
    const huge = { verifiableCredential: { ...valid(), padding: 'x'.repeat(app.config.bodyLimitBytes) } };
    expectError(await call(app, { method: 'POST', url: '/vc-api/credentials/verify', payload: huge }), 413, 'PAYLOAD_TOO_LARGE');
    expectError(await call(app, { method: 'POST', url: '/api/v1/verify', payload: { credential: huge.verifiableCredential } }), 413, 'PAYLOAD_TOO_LARGE');
    expectError(await issueVia(tokens.issue, { ...valid(), padding: 'x'.repeat(app.config.bodyLimitBytes) }), 413, 'PAYLOAD_TOO_LARGE');
    expectError(await call(app, { method: 'POST', url: '/vc-api/credentials/verify', payload: { verifiableCredential: valid(), extra: 1 } }), 400, 'VALIDATION_FAILED');
  });

  it('measures a pasted credential before checking it: 413 over 272 KB or 5,000 values, 400 nested 10,000 deep', async () => {
    const key = await foreignKey();
    const signed = await signCredential(foreignCredential(key.controller), key, { documentLoader: createDocumentLoader(), created: new Date('2026-01-01T00:00:00Z') });
    // The probe's request: 20,000 subjects with a made-up proof, about 780 KB.
    const subjects = Array.from({ length: 20_000 }, (_, i) => ({ id: `did:example:subject-${i}`, name: `Subject number ${i}` }));
    const big = JSON.stringify({ credential: { ...signed, credentialSubject: subjects, proof: { ...(signed.proof as Json), proofValue: 'z'.repeat(88) } } });
    expect(big.length).toBeGreaterThan(700_000);
    const headers = { 'content-type': 'application/json' };
    const tooBig = expectError(await call(app, { method: 'POST', url: '/api/v1/verify', payload: big, headers }), 413, 'PAYLOAD_TOO_LARGE');
    expect(tooBig.message).toBe('The request is larger than 272 KB, the most a credential to verify may be.');
    expectError(await call(app, { method: 'POST', url: '/vc-api/credentials/verify', payload: big.replace('"credential"', '"verifiableCredential"'), headers }), 413, 'PAYLOAD_TOO_LARGE');

    const wide = { credential: { ...signed, credentialSubject: Array.from({ length: 20_000 }, (_, i) => i) } };
    expect(JSON.stringify(wide).length).toBeLessThan(272 * 1024);
    expect(expectError(await verify(wide), 413, 'PAYLOAD_TOO_LARGE').message).toMatch(/^body.credential: the credential has more than 5,000 values/);

    // Written as text: the test's own JSON.stringify would overflow its stack on the object.
    const deep = `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`;
    const asText = (url: string, body: string) => call(app, { method: 'POST', url, payload: body, headers });
    expect(expectError(await asText('/api/v1/verify', `{"credential":${deep}}`), 400, 'VALIDATION_FAILED').message).toMatch(/^body.credential: the credential is nested more than 32 levels deep/);
    expect(expectError(await asText('/vc-api/credentials/verify', `{"verifiableCredential":${deep}}`), 400, 'VALIDATION_FAILED').message).toMatch(/^body.verifiableCredential: the credential is nested more than 32/);
    expect(expectError(await asText('/vc-api/presentations/verify', `{"verifiablePresentation":${deep}}`), 400, 'VALIDATION_FAILED').message).toMatch(/^body.verifiablePresentation: the presentation is nested more than 32/);
    expect(expectError(await multipart('deep.json', deep), 400, 'VALIDATION_FAILED').message).toMatch(/^body.file: the credential is nested more than 32/);
    // Still served afterwards.
    expect((await call(app, { method: 'GET', url: '/api/health' })).statusCode).toBe(200);
  });

  it('lists the operations in the OpenAPI document', async () => {
    const doc = (await call(app, { method: 'GET', url: '/api/v1/openapi.json' })).json();
    const ops = Object.values(doc.paths as Record<string, Record<string, { operationId?: string }>>).flatMap((p) => Object.values(p).map((o) => o.operationId));
    for (const id of ['verifyCredential', 'verifyCredentialById', 'issueCredential', 'verifyVcApiCredential', 'verifyVcApiPresentation']) expect(ops).toContain(id);
  });
});

describe('rate limits', () => {
  it('limits checks of pasted credentials to a fifth of the general rate per client', async () => {
    const limited = await testApp({ env: { RATE_LIMIT_PER_MINUTE: '50' } });
    try {
      const post = () => limited.app.inject({ method: 'POST', url: '/api/v1/verify', remoteAddress: '10.9.9.9', payload: { jwt: 'not-a-token' } });
      for (let i = 0; i < 10; i++) expect((await post()).statusCode).toBe(200);
      expectError(await post(), 429, 'RATE_LIMITED');
      expect((await limited.app.inject({ method: 'POST', url: '/api/v1/verify', remoteAddress: '10.9.9.10', payload: { jwt: 'not-a-token' } })).statusCode).toBe(200);
    } finally {
      await limited.close();
    }
  });
});
