import { afterEach, describe, expect, it } from 'vitest';
import type { Config } from '../../../../config.js';
import { manualClock } from '../../../../platform/clock.js';
import { ISSUER, issuerWorld, NOW } from '../../credentials.fixtures.js';
import type { JsonObject } from '../../document-loader.js';
import type { SettledCheck } from '../checks.js';
import { foreignCredential, foreignIssuerServer } from '../foreign.fixtures.js';
import { didJwkOf, didKeyOf, type KeyKind, methodDocument, signedJwt, testKey, unsignedJwt } from './jwt.fixtures.js';
import { verificationService } from '../verification.service.js';
import { verifyCredential } from '../verify.js';
import { assertVerifiable } from '../verify-limits.js';

const check = (checks: SettledCheck[], name: string) => checks.find((c) => c.check === name) as SettledCheck;
const seconds = (d: Date) => Math.floor(d.getTime() / 1000);
const DAY = 86_400;
/** A resolver over published documents, standing in for the remote resolver. */
function published(docs: Record<string, JsonObject> = {}) {
  const map = new Map(Object.entries(docs));
  return { resolve: async (url: string) => map.get(url) ?? null, publish: (url: string, doc: JsonObject) => map.set(url, doc) };
}
const failedChecks = (checks: SettledCheck[]) => checks.filter((c) => !c.ok).map((c) => `${c.check}: ${c.reason}`);

describe('VC-JWT: algorithms and keys named by kid', () => {
  const cases: Array<{ kind: KeyKind; alg: string; method: 'did:key' | 'did:jwk'; curve: string }> = [
    { kind: 'Ed25519', alg: 'EdDSA', method: 'did:key', curve: 'Ed25519' },
    { kind: 'P-256', alg: 'ES256', method: 'did:key', curve: 'P-256' },
    { kind: 'P-384', alg: 'ES384', method: 'did:key', curve: 'P-384' },
    { kind: 'secp256k1', alg: 'ES256K', method: 'did:key', curve: 'secp256k1' },
    { kind: 'P-256', alg: 'ES256', method: 'did:jwk', curve: 'P-256' },
    { kind: 'RSA', alg: 'RS256', method: 'did:jwk', curve: 'RSA 2048-bit' },
    { kind: 'RSA', alg: 'PS256', method: 'did:jwk', curve: 'RSA 2048-bit' },
  ];
  it.each(cases)('$alg with a $kind key from $method: every check passes, and the reason names key, source, algorithm and curve', async ({ kind, alg, method, curve }) => {
    const key = testKey(kind);
    const { did, kid } = method === 'did:key' ? await didKeyOf(key) : didJwkOf(key);
    const jwt = await signedJwt({ alg, kid, typ: 'vc+jwt' }, foreignCredential(did), key);
    const v = await verifyCredential(jwt, { now: NOW });
    expect(failedChecks(v.checks)).toEqual([]);
    expect(v).toMatchObject({ verified: true, outcome: 'passed', format: 'vc-jwt' });
    const signature = check(v.checks, 'signature');
    expect(signature.details).toEqual({ alg, key: kid, keySource: method, form: 'vc+jwt', curve });
    expect(signature.reason).toBe(`VC-JWT (VC 2.0 application/vc+jwt form): valid ${alg} signature (${curve}) by ${kid}, a key computed from ${method}.`);
    expect(check(v.checks, 'issuer').reason).toBe(`Signed with a key of the issuer ${did}.`);

    const tampered = jwt.split('.');
    tampered[1] = Buffer.from(JSON.stringify({ ...foreignCredential(did), validFrom: '2020-01-01T00:00:00Z' })).toString('base64url');
    const t = await verifyCredential(tampered.join('.'), { now: NOW });
    expect(t.outcome).toBe('failed');
    expect(check(t.checks, 'signature').reason).toMatch(new RegExp(`the ${alg} signature does not match the key .*: the token was changed after it was signed`));
    expect(t.credential?.['validFrom']).toBe('2020-01-01T00:00:00Z'); // read, shown, and not trusted
  });

  it('takes a did:key without a fragment as kid, and finds the key in the issuer\'s document when the header names none', async () => {
    const key = testKey('P-256');
    const { did, kid } = await didKeyOf(key);
    for (const header of [{ alg: 'ES256', kid: did }, { alg: 'ES256' }]) {
      const v = await verifyCredential(await signedJwt(header, foreignCredential(did), key), { now: NOW });
      expect(failedChecks(v.checks)).toEqual([]);
      expect(check(v.checks, 'signature').details).toMatchObject({ key: kid, keySource: 'did:key' });
    }
    const noKid = await verifyCredential(await signedJwt({ alg: 'ES256' }, foreignCredential(did), key), { now: NOW });
    expect(check(noKid.checks, 'signature').reason).toMatch(/a key listed for assertions in the issuer's document, computed from did:key/);
    const stray = await verifyCredential(await signedJwt({ alg: 'ES256', kid: `${did}#key-9` }, foreignCredential(did), key), { now: NOW });
    expect(check(stray.checks, 'signature').reason).toContain(`could not be resolved: ${did} has one key, ${kid}; ${did}#key-9 names none.`);
    const unreadable = await verifyCredential(await signedJwt({ alg: 'ES256', kid: 'did:key:z6LSbysY2xFMRpGMhb7tFTLMpeuPRaqaWM1yECx2AtzE3KCc' }, foreignCredential(did), key), { now: NOW });
    expect(check(unreadable.checks, 'signature').reason).toMatch(/cannot be read: .*of a kind not checked here \(multicodec 0xec01\)/);
  });

  it.each(['JsonWebKey2020', 'Multikey'] as const)('fetches an https %s verification method and its controller document, which must list it for assertions', async (type) => {
    const key = testKey('P-384');
    const issuer = 'https://issuer.example/profile';
    const kid = 'https://issuer.example/keys/1';
    const w = published({
      [kid]: await methodDocument(key, kid, issuer, type),
      [issuer]: { id: issuer, type: 'Profile', assertionMethod: [kid] },
    });
    const jwt = await signedJwt({ alg: 'ES384', kid, typ: 'vc+jwt' }, foreignCredential(issuer), key);
    const v = await verifyCredential(jwt, { now: NOW, resolve: w.resolve });
    expect(failedChecks(v.checks)).toEqual([]);
    expect(check(v.checks, 'signature')).toMatchObject({ reason: expect.stringContaining(`by ${kid}, a key fetched from ${kid}`), details: { keySource: 'https', curve: 'P-384' } });

    w.publish(issuer, { id: issuer, type: 'Profile', assertionMethod: [] });
    const unlisted = await verifyCredential(jwt, { now: NOW, resolve: w.resolve });
    expect(check(unlisted.checks, 'signature')).toMatchObject({ ok: false, reason: expect.stringContaining(`The key ${kid} is not listed for assertions in ${issuer}`) });
  });

  it('takes a bare JWK at an https kid (Open Badges 3.0): the issuer\'s when on its site, a warning when not', async () => {
    const key = testKey('RSA');
    const issuer = 'https://issuer.example/profile';
    const w = published({ 'https://issuer.example/jwk.json': key.jwk as JsonObject, 'https://keys.example/jwk.json': key.jwk as JsonObject, [issuer]: { id: issuer, type: 'Profile' } });
    const own = await verifyCredential(await signedJwt({ alg: 'PS256', kid: 'https://issuer.example/jwk.json' }, foreignCredential(issuer), key), { now: NOW, resolve: w.resolve });
    expect(failedChecks(own.checks)).toEqual([]);
    expect(check(own.checks, 'issuer').reason).toBe(`The key fetched from https://issuer.example/jwk.json is published on the issuer's own site https://issuer.example: signed by the issuer ${issuer}.`);
    const elsewhere = await verifyCredential(await signedJwt({ alg: 'PS256', kid: 'https://keys.example/jwk.json' }, foreignCredential(issuer), key), { now: NOW, resolve: w.resolve });
    expect(check(elsewhere.checks, 'signature').ok).toBe(true);
    expect(check(elsewhere.checks, 'issuer')).toMatchObject({ outcome: 'warning', ok: false, reason: expect.stringContaining("the issuer's control of that key could not be confirmed") });
    expect(elsewhere).toMatchObject({ outcome: 'warning', verified: false });
  });

  it('resolves a did:web key (JsonWebKey) and a relative kid against a did:web issuer', async () => {
    const key = testKey('Ed25519');
    const did = 'did:web:issuer.example';
    const w = published({ [did]: { id: did, verificationMethod: [{ id: '#key-1', type: 'JsonWebKey', controller: did, publicKeyJwk: key.jwk }], assertionMethod: ['#key-1'] } });
    for (const kid of [`${did}#key-1`, '#key-1']) {
      const v = await verifyCredential(await signedJwt({ alg: 'EdDSA', kid, typ: 'vc+jwt' }, foreignCredential(did), key), { now: NOW, resolve: w.resolve });
      expect(failedChecks(v.checks)).toEqual([]);
      expect(check(v.checks, 'signature').reason).toContain(`by ${did}#key-1, a key from the did:web document at https://issuer.example/.well-known/did.json`);
    }
  });
});

describe('VC-JWT: no key in the header', () => {
  it('tries each key the issuer lists for assertions that fits the algorithm', async () => {
    const [old, current, other] = [testKey('P-256'), testKey('P-256'), testKey('Ed25519')];
    const did = 'did:web:issuer.example';
    const method = (id: string, k: typeof old) => ({ id: `${did}#${id}`, type: 'JsonWebKey', controller: did, publicKeyJwk: k.jwk });
    const w = published({ [did]: { id: did, verificationMethod: [method('ed', other), method('old', old), method('new', current)], assertionMethod: ['#ed', '#old', '#new'] } });
    const jwt = await signedJwt({ alg: 'ES256', typ: 'vc+jwt' }, foreignCredential(did), current);
    const v = await verifyCredential(jwt, { now: NOW, resolve: w.resolve });
    expect(failedChecks(v.checks)).toEqual([]);
    expect(check(v.checks, 'signature').details).toMatchObject({ key: `${did}#new`, keySource: 'did:web' });
    const forged = await verifyCredential(await signedJwt({ alg: 'ES256' }, foreignCredential(did), testKey('P-256')), { now: NOW, resolve: w.resolve });
    expect(check(forged.checks, 'signature').reason).toContain(`does not match any of the 2 keys found (${did}#old, ${did}#new)`);
    const wrongAlg = await verifyCredential(await signedJwt({ alg: 'ES384' }, foreignCredential(did), testKey('P-384')), { now: NOW, resolve: w.resolve });
    expect(check(wrongAlg.checks, 'signature').reason).toContain('none of the 3 keys found fits the header\'s algorithm ES384 (they are Ed25519, P-256, P-256)');
  });
});

describe('VC-JWT: a key embedded in the header', () => {
  it('passes the issuer check when the issuer is the did:jwk of that key, and fails it (naming why) otherwise', async () => {
    const key = testKey('P-256');
    const { did } = didJwkOf(key);
    const v = await verifyCredential(await signedJwt({ alg: 'ES256', jwk: key.jwk, typ: 'vc+jwt' }, foreignCredential(did), key), { now: NOW });
    expect(failedChecks(v.checks)).toEqual([]);
    expect(check(v.checks, 'signature').details).toMatchObject({ keySource: 'embedded jwk', alg: 'ES256' });
    expect(check(v.checks, 'issuer').reason).toMatch(/is the issuer's own did:jwk key/);

    const other = didJwkOf(testKey('P-256')).did;
    const stranger = await verifyCredential(await signedJwt({ alg: 'ES256', jwk: key.jwk }, foreignCredential(other), key), { now: NOW });
    expect(check(stranger.checks, 'signature').ok).toBe(true);
    expect(check(stranger.checks, 'issuer')).toMatchObject({ ok: false, reason: expect.stringContaining(`is not the key of the issuer ${other}`) });

    const web = 'did:web:issuer.example';
    const w = published({ [web]: { id: web, verificationMethod: [], assertionMethod: [] } });
    const unbound = await verifyCredential(await signedJwt({ alg: 'ES256', jwk: key.jwk }, foreignCredential(web), key), { now: NOW, resolve: w.resolve });
    expect(check(unbound.checks, 'issuer').reason).toMatch(/not tied to the issuer did:web:issuer.example: the issuer's document did:web:issuer.example lists no key equal to it for assertions/);
    w.publish(web, { id: web, verificationMethod: [{ id: `${web}#k`, type: 'JsonWebKey', controller: web, publicKeyJwk: key.jwk }], assertionMethod: [`${web}#k`] });
    const bound = await verifyCredential(await signedJwt({ alg: 'ES256', jwk: key.jwk }, foreignCredential(web), key), { now: NOW, resolve: w.resolve });
    expect(check(bound.checks, 'issuer')).toMatchObject({ ok: true, reason: expect.stringContaining(`equals ${web}#k, which the issuer lists for assertions`) });

    const secret = await verifyCredential(await signedJwt({ alg: 'ES256', jwk: key.privateKey.export({ format: 'jwk' }) }, foreignCredential(did), key), { now: NOW });
    expect(check(secret.checks, 'signature').reason).toMatch(/The key embedded in the JWT header \(jwk\) is a private key/);
  });
});

describe('VC-JWT: the OB 3.0 / VC 1.1 form', () => {
  it('reads the vc claim, checks iss, jti and sub against it, and fills what it leaves out', async () => {
    const key = testKey('RSA');
    const { did, kid } = didJwkOf(key);
    const vc = foreignCredential(did, 2);
    const subject = (vc['credentialSubject'] as JsonObject)['id'];
    const claims = { iss: did, sub: subject, jti: vc['id'], nbf: seconds(NOW) - DAY, exp: seconds(NOW) + DAY, vc };
    const v = await verifyCredential(await signedJwt({ alg: 'RS256', kid, typ: 'JWT' }, claims, key), { now: NOW });
    expect(failedChecks(v.checks)).toEqual([]);
    expect(check(v.checks, 'signature')).toMatchObject({ reason: expect.stringMatching(/^VC-JWT \(OB 3\.0 \/ VC 1\.1 form, claims vc\): valid RS256 signature/), details: { form: 'vc-claim' } });
    expect(check(v.checks, 'dates').reason).toMatch(/The token's nbf 2026-04-30T10:00:00Z, exp 2026-05-02T10:00:00Z hold/);
    expect(v.credential?.['id']).toBe(vc['id']);

    const wrong = await verifyCredential(await signedJwt({ alg: 'RS256', kid }, { ...claims, jti: 'urn:uuid:other', sub: 'did:example:someone-else' }, key), { now: NOW });
    expect(check(wrong.checks, 'signature')).toMatchObject({
      ok: false,
      reason: expect.stringContaining(`disagree with the credential it carries: jti urn:uuid:other is not the credential's id ${String(vc['id'])}; sub did:example:someone-else is not credentialSubject.id ${String(subject)}`),
    });
    const wrongIss = await verifyCredential(await signedJwt({ alg: 'RS256', kid }, { ...claims, iss: 'did:example:impostor' }, key), { now: NOW });
    expect(check(wrongIss.checks, 'signature').reason).toContain(`iss did:example:impostor is not the credential's issuer ${did}`);

    const { issuer: _i, id: _id, ...bare } = vc;
    const filled = await verifyCredential(await signedJwt({ alg: 'RS256', kid }, { ...claims, vc: bare }, key), { now: NOW });
    expect(failedChecks(filled.checks)).toEqual([]);
    expect(filled.credential).toMatchObject({ issuer: did, id: vc['id'] });
  });
});

describe('VC-JWT: refusals with reasons', () => {
  it('refuses an algorithm that does not fit its key, naming both', async () => {
    const p384 = testKey('P-384');
    const { did, kid } = await didKeyOf(p384);
    const v = await verifyCredential(await signedJwt({ alg: 'ES384', kid }, foreignCredential(did), p384).then((t) => t.replace(/^[^.]+/, Buffer.from(JSON.stringify({ alg: 'ES256', kid })).toString('base64url'))), { now: NOW });
    expect(check(v.checks, 'signature')).toMatchObject({ ok: false, reason: expect.stringContaining(`The header's algorithm ES256 needs a P-256 key, but the key ${kid} is P-384`) });
    const rsaOnEc = await verifyCredential(unsignedJwt({ alg: 'RS256', kid }, foreignCredential(did), 'AAAA'), { now: NOW });
    expect(check(rsaOnEc.checks, 'signature').reason).toContain(`RS256 needs an RSA key, but the key ${kid} is P-384`);
  });

  it('refuses alg none, HMAC, unknown algorithms and foreign token types plainly', async () => {
    const did = 'did:example:issuer';
    const reasonOf = async (header: JsonObject) => check((await verifyCredential(unsignedJwt(header, foreignCredential(did), 'AAAA'), { now: NOW })).checks, 'signature').reason;
    expect(await reasonOf({ alg: 'none' })).toMatch(/unsecured JWT \(alg none\) carries no signature/);
    expect(await reasonOf({ alg: 'HS256', kid: 'k' })).toMatch(/HS256 is a shared-secret \(HMAC\) algorithm/);
    expect(await reasonOf({ alg: 'ES512' })).toMatch(/algorithm ES512 is not checked here; EdDSA, ES256, ES384, ES256K, RS256 and PS256 are/);
    expect(await reasonOf({ alg: 'ES256', typ: 'at+jwt' })).toMatch(/typ at\+jwt is not a credential's/);
    expect(await reasonOf({ kid: 'k' })).toMatch(/names no algorithm \(alg\)/);
    const sd = await verifyCredential(`${unsignedJwt({ alg: 'ES256', typ: 'vc+sd-jwt' }, foreignCredential(did), 'AAAA')}~WyJzYWx0IiwibmFtZSIsIngiXQ~`, { now: NOW });
    expect(check(sd.checks, 'signature').reason).toMatch(/^An SD-JWT .* not checked here/);
  });

  it('fails a kid that cannot be resolved, with the reason', async () => {
    const key = testKey('P-256');
    const kid = 'did:web:gone.example#key-1';
    const v = await verifyCredential(await signedJwt({ alg: 'ES256', kid }, foreignCredential('did:web:gone.example'), key), { now: NOW, resolve: async () => null });
    expect(v.outcome).toBe('failed');
    expect(check(v.checks, 'signature')).toMatchObject({ ok: false, reason: expect.stringContaining(`The signing key ${kid} could not be resolved: Document not available offline`), details: { key: kid, keySource: null } });
    expect(check(v.checks, 'issuer').reason).toMatch(/Not checked/);
  });

  it('honours nbf, exp and iat against the verifier\'s clock, with the times in words', async () => {
    const key = testKey('Ed25519');
    const { did, kid } = await didKeyOf(key);
    const dates = async (claims: JsonObject) => check((await verifyCredential(await signedJwt({ alg: 'EdDSA', kid }, { ...foreignCredential(did), ...claims }, key), { now: NOW })).checks, 'dates');
    expect(await dates({ nbf: seconds(NOW) + 30 * DAY })).toMatchObject({ ok: false, reason: "Not yet valid: the token is not valid before 2026-05-31T10:00:00Z (nbf); the verifier's clock says 2026-05-01T10:00:00Z." });
    expect(await dates({ exp: seconds(NOW) - DAY })).toMatchObject({ ok: false, reason: "Expired: the token expired at 2026-04-30T10:00:00Z (exp); the verifier's clock says 2026-05-01T10:00:00Z." });
    expect(await dates({ iat: seconds(NOW) + 3600 })).toMatchObject({ ok: false, reason: expect.stringContaining('issued at 2026-05-01T11:00:00Z (iat), which is in the future') });
    expect(await dates({ exp: 'tomorrow' })).toMatchObject({ ok: false, reason: expect.stringContaining('exp is not a time in seconds ("tomorrow")') });
    expect(await dates({ validUntil: '2026-04-01T00:00:00Z', exp: seconds(NOW) - DAY })).toMatchObject({ ok: false, reason: expect.stringMatching(/^Expired: valid until 2026-04-01T00:00:00Z\. Expired: the token expired/) });
  });
});

describe('VC-JWT in JSON: an EnvelopedVerifiableCredential', () => {
  it('verifies the token in its data: URL as a VC-JWT', async () => {
    const key = testKey('P-256');
    const { did, kid } = await didKeyOf(key);
    const jwt = await signedJwt({ alg: 'ES256', kid, typ: 'vc+jwt' }, foreignCredential(did), key);
    const envelope = { '@context': 'https://www.w3.org/ns/credentials/v2', type: 'EnvelopedVerifiableCredential', id: `data:application/vc+jwt,${jwt}` };
    const v = await verifyCredential(envelope, { now: NOW });
    expect(failedChecks(v.checks)).toEqual([]);
    expect(v.format).toBe('vc-jwt');
    expect(v.credential?.['issuer']).toBe(did);
  });

  it('measures the enveloped token\'s payload against the limits before any work', () => {
    const deep = `${'{"a":'.repeat(100)}1${'}'.repeat(100)}`;
    const envelope = { type: 'EnvelopedVerifiableCredential', id: `data:application/vc+jwt,${unsignedJwt({ alg: 'EdDSA' }, {}).split('.')[0]}.${Buffer.from(deep).toString('base64url')}.AAAA` };
    expect(() => assertVerifiable(envelope, 'body.credential')).toThrow(/nested more than 32 levels deep/);
  });
});

describe('VC-JWT through the verification service', () => {
  let close: Array<() => Promise<void>> = [];
  afterEach(async () => {
    await Promise.all(close.map((c) => c()));
    close = [];
  });

  it('checks on a worker thread, with the kid fetched from the issuer\'s server under the remote rules', async () => {
    const srv = await foreignIssuerServer();
    close.push(srv.close);
    const key = testKey('P-256');
    const issuer = `${srv.origin}/issuer`;
    const kid = `${srv.origin}/keys/1`;
    srv.publish('/keys/1', await methodDocument(key, kid, issuer, 'JsonWebKey2020'));
    srv.publish('/issuer', { id: issuer, type: 'Profile', assertionMethod: [kid] });
    const w = await issuerWorld();
    const own = { did: ISSUER, resolve: w.resolve, epoch: { current: async () => 1, changed: () => {} }, signingKey: async () => w.key, issuedCredential: async () => undefined };
    const service = verificationService({ config: { publicUrl: 'https://guild.example' } as Config, clock: manualClock(NOW) }, { own, remote: { allowInsecureForTests: true }, workers: { size: 1 } });
    close.push(service.close);
    const jwt = await signedJwt({ alg: 'ES256', kid, typ: 'vc+jwt' }, foreignCredential(issuer), key);
    const out = (await service.verify({ actor: null, ip: null, requestId: null, userAgent: null }, { jwt })) as { verified: boolean; ours: boolean; checks: SettledCheck[] };
    expect(failedChecks(out.checks)).toEqual([]);
    expect(out).toMatchObject({ verified: true, ours: false });
    expect(check(out.checks, 'signature')).toMatchObject({ reason: expect.stringContaining(`a key fetched from ${kid}`), details: { alg: 'ES256', key: kid, keySource: 'https' } });
    expect(srv.hits('/keys/1')).toBe(1);

    const envelope = { '@context': 'https://www.w3.org/ns/credentials/v2', type: 'EnvelopedVerifiableCredential', id: `data:application/vc+jwt,${jwt}` };
    const enveloped = (await service.verify({ actor: null, ip: null, requestId: null, userAgent: null }, { credential: envelope })) as { verified: boolean; format: string; credential: JsonObject };
    expect(enveloped).toMatchObject({ verified: true, format: 'vc-jwt', credential: { issuer } });
  });
});
