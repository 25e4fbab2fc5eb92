import { createHash } from 'node:crypto';
import * as base58btc from 'base58-universal';
import { afterEach, describe, expect, it } from 'vitest';
import type { Config } from '../../../../config.js';
import { manualClock } from '../../../../platform/clock.js';
import { ISSUER, issuerWorld, NOW } from '../../credentials.fixtures.js';
import { createDocumentLoader, type JsonObject, VC_V2_CONTEXT } from '../../document-loader.js';
import { signCredential } from '../../issuing/sign.js';
import { foreignCredential, foreignIssuerServer, foreignKey } from '../foreign.fixtures.js';
import { checkRelatedResources, offlineContextBytes, parseDigestMultibase, parseDigestSri } from './related-resource.js';
import { createRemoteResolver } from '../remote-resolver.js';
import { type OwnIssuer, verificationService } from '../verification.service.js';
import { verifyCredential } from '../verify.js';

const sri = (bytes: Uint8Array | string, alg = 'sha384') => `${alg}-${createHash(alg).update(bytes).digest('base64')}`;
const multihash = (bytes: Uint8Array | string, alg: 'sha256' | 'sha384') => Buffer.concat([Buffer.from(alg === 'sha256' ? [0x12, 32] : [0x20, 48]), createHash(alg).update(bytes).digest()]);
const v2Bytes = () => offlineContextBytes(VC_V2_CONTEXT)!;
const with_ = (relatedResource: unknown): JsonObject => ({ ...foreignCredential('did:example:issuer'), relatedResource });
/** The digest the VC 2.0 Recommendation's example gives for its base context (65 characters: no SHA-384 digest). */
const SPEC_EXAMPLE_SRI = 'sha384-Ml/HrjlBCNWyAX91hr6LFV2Y3heB5Tcr6IeE4/Tje8YyzYBM8IhqjHWiWpr8+ZbYU';

let closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.map((c) => c()));
  closers = [];
});
async function server() {
  const srv = await foreignIssuerServer();
  closers.push(srv.close);
  srv.publish('/terms.txt', 'Terms of use, version 1.\n');
  return srv;
}

describe('relatedResource digests', () => {
  it('matches an offline context by the package file’s bytes, as digestSRI and as digestMultibase', async () => {
    expect(v2Bytes().length).toBeGreaterThan(1000);
    const good = await checkRelatedResources(with_([{ id: VC_V2_CONTEXT, digestSRI: sri(v2Bytes()) }]));
    expect(good).toMatchObject({ check: 'relatedResource', outcome: 'passed', reason: `The related resource matches its digest: ${VC_V2_CONTEXT} (sha384 of the offline copy).` });
    const mb = await checkRelatedResources(with_({ id: VC_V2_CONTEXT, digestMultibase: `z${base58btc.encode(multihash(v2Bytes(), 'sha384'))}`, digestSRI: sri(v2Bytes(), 'sha256') }));
    expect(mb).toMatchObject({ outcome: 'passed', reason: expect.stringMatching(/sha256 and sha2-384 of the offline copy/) });
  });

  it('fails a mismatch naming the resource, as with the spec example’s digest for the base context', async () => {
    const out = await checkRelatedResources(with_([{ id: VC_V2_CONTEXT, digestSRI: sri('something else') }]));
    expect(out).toMatchObject({ outcome: 'failed', details: { resource: VC_V2_CONTEXT, count: 1 } });
    expect(out?.reason).toBe(`The related resource ${VC_V2_CONTEXT} does not match its digest: the digestSRI does not match the offline copy (${v2Bytes().length} bytes; its digest is ${sri(v2Bytes())}).`);
    expect((await checkRelatedResources(with_({ id: VC_V2_CONTEXT, digestSRI: SPEC_EXAMPLE_SRI })))?.reason).toMatch(/is not a sha384 digest in base64/);
    const mb = await checkRelatedResources(with_({ id: VC_V2_CONTEXT, digestMultibase: `u${multihash('other', 'sha256').toString('base64url')}` }));
    expect(mb?.reason).toMatch(/the digestMultibase \(sha2-256\) does not match the offline copy/);
  });

  it('fails duplicate ids naming the id, and is absent when none are declared', async () => {
    const twice = await checkRelatedResources(with_([{ id: VC_V2_CONTEXT, digestSRI: sri(v2Bytes()) }, { id: VC_V2_CONTEXT, digestSRI: sri(v2Bytes()) }]));
    expect(twice).toMatchObject({ outcome: 'failed', reason: `The related resource ${VC_V2_CONTEXT} is listed more than once; each related resource's id must be unique.` });
    expect(await checkRelatedResources(foreignCredential('did:example:issuer'))).toBeNull();
  });

  it('fetches other resources: a match passes, a changed resource fails, an unreachable one is unknown', async () => {
    const srv = await server();
    const resolve = createRemoteResolver({ publicUrl: 'https://guild.example', allowInsecureForTests: true });
    const url = `${srv.origin}/terms.txt`;
    expect(await checkRelatedResources(with_({ id: url, digestSRI: sri('Terms of use, version 1.\n') }), resolve.bytes)).toMatchObject({ outcome: 'passed', reason: expect.stringMatching(/of the fetched resource/) });
    const changed = await checkRelatedResources(with_({ id: url, digestSRI: sri('Terms of use, version 2.\n') }), resolve.bytes);
    expect(changed).toMatchObject({ outcome: 'failed', reason: expect.stringMatching(new RegExp(`^The related resource ${url} does not match its digest`)) });
    const gone = await checkRelatedResources(with_({ id: `${srv.origin}/gone`, digestSRI: sri('x') }), resolve.bytes);
    expect(gone).toMatchObject({ outcome: 'unknown', reason: `The related resource ${srv.origin}/gone could not be checked: Unable to load ${srv.origin}/gone: the server answered 404.` });
    expect((await checkRelatedResources(with_({ id: url, digestSRI: sri('x') })))?.outcome).toBe('unknown');
    // Without the test switch, http and private addresses are not fetched.
    const strict = createRemoteResolver({ publicUrl: 'https://guild.example' });
    expect((await checkRelatedResources(with_({ id: url, digestSRI: sri('x') }), strict.bytes))?.reason).toMatch(/only https URLs are fetched/);
  });

  it('reads digestSRI and digestMultibase as their specs write them', () => {
    expect(parseDigestSri(`sha256-${createHash('sha256').digest('base64')} ${sri('a')}`)).toEqual([expect.objectContaining({ label: 'sha384' })]);
    expect(parseDigestSri('md5-abc')).toMatch(/names no supported algorithm/);
    expect(parseDigestSri(7)).toMatch(/MUST be a string/);
    expect(parseDigestMultibase('x1234')).toMatch(/not in a supported multibase/);
    expect(parseDigestMultibase(`u${Buffer.from([0x11, 20, ...Buffer.alloc(20)]).toString('base64url')}`)).toMatch(/multihash code 0x11, which is not supported/);
    expect(parseDigestMultibase(`u${Buffer.from([0x12, 32, 1, 2]).toString('base64url')}`)).toMatch(/does not hold a whole sha2-256 digest/);
    expect(parseDigestMultibase(`f${multihash('a', 'sha256').toString('hex')}`)).toMatchObject({ label: 'sha2-256' });
  });
});

describe('relatedResource on verify and on VC-API issue', () => {
  async function service() {
    const w = await issuerWorld();
    const own: OwnIssuer = { did: ISSUER, resolve: w.resolve, epoch: { current: async () => 1, changed: () => {} }, signingKey: async () => w.key, issuedCredential: async () => undefined };
    const s = verificationService({ config: { publicUrl: 'https://guild.example' } as Config, clock: manualClock(NOW) }, { own, remote: { allowInsecureForTests: true }, workers: { size: 1 } });
    closers.push(s.close);
    return s;
  }
  const admin = { actor: { userId: 'u1', email: 'a@b.c', name: 'A', country: null, emailVerified: true, roles: new Set(['scheme_admin']), via: 'session', sessionId: null, csrfToken: null, scopes: null }, ip: null, requestId: null, userAgent: null } as never;

  it('checks a pasted credential’s related resources on the verification thread, before the signature', async () => {
    const srv = await server();
    const s = await service();
    const key = await foreignKey();
    const related = [{ id: VC_V2_CONTEXT, digestSRI: sri(v2Bytes()) }, { id: `${srv.origin}/terms.txt`, digestSRI: sri('Terms of use, version 1.\n') }];
    const signed = await signCredential(foreignCredential(key.controller, 1, { relatedResource: related }), key, { documentLoader: createDocumentLoader(), created: NOW });
    const ok = await s.verify({ actor: null, ip: null, requestId: null, userAgent: null }, { credential: signed });
    expect((ok as { checks: Array<{ check: string; outcome: string }> }).checks.slice(0, 3).map((c) => [c.check, c.outcome])).toEqual([['schema', 'passed'], ['relatedResource', 'passed'], ['signature', 'passed']]);

    const tampered = await signCredential(foreignCredential(key.controller, 2, { relatedResource: [related[0], { ...related[1], digestSRI: sri('v2') }] }), key, { documentLoader: createDocumentLoader(), created: NOW });
    const bad = (await s.verify({ actor: null, ip: null, requestId: null, userAgent: null }, { credential: tampered })) as { verified: boolean; checks: Array<{ check: string; reason: string }> };
    expect(bad.verified).toBe(false);
    expect(bad.checks.find((c) => c.check === 'relatedResource')?.reason).toMatch(new RegExp(`^The related resource ${srv.origin}/terms.txt does not match its digest`));

    // Unreachable: unknown with the reason; a declared schema that is missing fails, both from the thread.
    const gone = await signCredential(foreignCredential(key.controller, 3, { relatedResource: [{ id: `${srv.origin}/gone`, digestSRI: sri('x') }], credentialSchema: { id: `${srv.origin}/schema.json`, type: 'JsonSchema' } }), key, { documentLoader: createDocumentLoader(), created: NOW });
    const missing = (await s.verify({ actor: null, ip: null, requestId: null, userAgent: null }, { credential: gone })) as { outcome: string; checks: Array<{ check: string; outcome: string; reason: string }> };
    expect(missing.checks.slice(0, 3).map((c) => [c.check, c.outcome, c.reason])).toEqual([
      ['schema', 'passed', expect.any(String)],
      ['credentialSchema', 'failed', `The schema ${srv.origin}/schema.json could not be used: the schema could not be fetched: the server answered 404.`],
      ['relatedResource', 'unknown', `The related resource ${srv.origin}/gone could not be checked: Unable to load ${srv.origin}/gone: the server answered 404.`],
    ]);
    expect(missing.outcome).toBe('failed');

    const direct = await verifyCredential(tampered, { now: NOW });
    expect(direct.checks.find((c) => c.check === 'relatedResource')?.outcome).toBe('unknown');
  });

  it('issues with matching digests and refuses a mismatch or a duplicate id, naming the resource', async () => {
    const s = await service();
    const good = await s.issue(admin, foreignCredential(ISSUER, 1, { relatedResource: [{ id: VC_V2_CONTEXT, digestSRI: sri(v2Bytes()) }] }));
    expect(good['proof']).toBeDefined();
    await expect(s.issue(admin, foreignCredential(ISSUER, 2, { relatedResource: [{ id: VC_V2_CONTEXT, digestSRI: sri('v1') }] }))).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringMatching(new RegExp(`^credential.relatedResource: The related resource ${VC_V2_CONTEXT} does not match its digest`)),
      details: { issues: [{ path: 'credential.relatedResource', message: expect.any(String) }] },
    });
    const twice = [{ id: VC_V2_CONTEXT, digestSRI: sri(v2Bytes()) }, { id: VC_V2_CONTEXT, digestSRI: sri(v2Bytes(), 'sha256') }];
    await expect(s.issue(admin, foreignCredential(ISSUER, 3, { relatedResource: twice }))).rejects.toThrow(`The related resource ${VC_V2_CONTEXT} is listed more than once`);
  });
});
