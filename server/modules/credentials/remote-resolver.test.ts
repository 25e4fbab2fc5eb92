import { afterEach, describe, expect, it } from 'vitest';
import { createDocumentLoader } from './document-loader.js';
import { didDocumentFor, foreignCredential, foreignIssuerServer, foreignKey, multikeyMethod } from './foreign.fixtures.js';
import { createRemoteResolver, isPrivateAddress } from './remote-resolver.js';
import { signCredential } from './sign.js';
import { createBitstring, setBit, statusEntry, statusListCredential } from './status-list.js';
import { type Check, verifyCredential } from './verify.js';

const NOW = new Date('2026-05-01T10:00:00Z');
const check = (checks: Check[], name: Check['check']) => checks.find((c) => c.check === name) as Check;
const failing = (checks: Check[]) => checks.filter((c) => !c.ok);
let servers: Array<{ close: () => Promise<void> }> = [];
async function server() {
  const s = await foreignIssuerServer();
  servers.push(s);
  return s;
}
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});
const testResolver = (extra: Partial<Parameters<typeof createRemoteResolver>[0]> = {}) =>
  createRemoteResolver({ publicUrl: 'https://guild.example', allowInsecureForTests: true, ...extra });

describe('foreign credentials through the remote resolver', () => {
  it('verifies a did:key credential without any fetch', async () => {
    const key = await foreignKey();
    const signed = await signCredential(foreignCredential(key.controller), key, { documentLoader: createDocumentLoader(), created: NOW });
    const verdict = await verifyCredential(signed, { now: NOW, resolve: createRemoteResolver({ publicUrl: 'https://guild.example' }) });
    expect(failing(verdict.checks)).toEqual([]);
    expect(check(verdict.checks, 'issuer').reason).toBe(`Signed with a key of the issuer ${key.controller}.`);
  });

  it('verifies a did:web credential whose DID document is fetched once and then cached', async () => {
    const s = await server();
    const key = await foreignKey({ id: `${s.did}#key-1`, controller: s.did });
    s.publish('/.well-known/did.json', didDocumentFor(s.did, [key]));
    const resolve = testResolver();
    const signed = await signCredential(foreignCredential(s.did), key, { documentLoader: createDocumentLoader(resolve), created: NOW });
    expect(s.hits('/.well-known/did.json')).toBe(0); // signing needs no key lookup
    for (let i = 0; i < 3; i++) expect(failing((await verifyCredential(signed, { now: NOW, resolve })).checks)).toEqual([]);
    expect(s.hits('/.well-known/did.json')).toBe(1);

    const tampered = { ...signed, validFrom: '2025-01-01T00:00:00Z' };
    expect(check((await verifyCredential(tampered, { now: NOW, resolve })).checks, 'signature').reason).toMatch(/changed after it was signed/);
  });

  it('verifies a credential signed with a key published at a web address, and its fetched status list', async () => {
    const s = await server();
    const issuer = `${s.origin}/issuer`;
    const key = await foreignKey({ id: `${s.origin}/keys/1`, controller: issuer });
    s.publish('/keys/1', { '@context': 'https://w3id.org/security/multikey/v1', ...multikeyMethod(key) });
    s.publish('/issuer', { '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'], id: issuer, assertionMethod: [key.id] });
    const resolve = testResolver();
    const loader = createDocumentLoader(resolve);
    const bits = createBitstring();
    const publishList = async () =>
      s.publish('/status/1', await signCredential(statusListCredential({ listUrl: `${s.origin}/status/1`, issuer, purpose: 'revocation', bits, validFrom: NOW }), key, { documentLoader: loader, created: NOW }));
    await publishList();
    const signed = await signCredential(foreignCredential(issuer, 2, { credentialStatus: statusEntry({ listUrl: `${s.origin}/status/1`, index: 9, purpose: 'revocation' }) }), key, { documentLoader: loader, created: NOW });
    const ok = await verifyCredential(signed, { now: NOW, resolve });
    expect(failing(ok.checks)).toEqual([]);
    expect(check(ok.checks, 'status').reason).toMatch(/^Not revoked/);

    setBit(bits, 9, true);
    await publishList();
    const fresh = testResolver(); // a new resolver: the old one keeps the list for its time to live
    const revoked = await verifyCredential(signed, { now: NOW, resolve: fresh });
    expect(check(revoked.checks, 'status')).toMatchObject({ ok: false, reason: expect.stringMatching(/has been revoked \(list .*\/status\/1, index 9\)/) });
    expect(check((await verifyCredential(signed, { now: NOW, resolve })).checks, 'status').ok).toBe(true);
  });
});

describe('createRemoteResolver', () => {
  it('answers our own documents from our own resolver and never over HTTP', async () => {
    const s = await server();
    s.publish('/credentials/status/1', { id: 'fetched' });
    const asked: string[] = [];
    const own = async (url: string) => {
      asked.push(url);
      return url.endsWith('/status/1') ? { id: 'from-database' } : null;
    };
    const resolve = createRemoteResolver({ publicUrl: s.origin, own, allowInsecureForTests: true });
    expect(await resolve(`${s.origin}/credentials/status/1`)).toEqual({ id: 'from-database' });
    expect(await resolve(`${s.origin}/credentials/status/2`)).toBeNull();
    expect(await resolve(s.did)).toBeNull();
    expect(asked).toEqual([`${s.origin}/credentials/status/1`, `${s.origin}/credentials/status/2`, s.did]);
    expect(s.hits('/credentials/status/1') + s.hits('/.well-known/did.json')).toBe(0);
    expect(await createRemoteResolver({ publicUrl: s.origin })(`${s.origin}/x`)).toBeNull();
  });

  it('refuses plain http and private addresses outside tests', async () => {
    const s = await server();
    s.publish('/.well-known/did.json', { id: s.did });
    const strict = createRemoteResolver({ publicUrl: 'https://guild.example' });
    await expect(strict(s.did)).rejects.toThrow(/only https URLs are fetched/);
    await expect(strict(`${s.origin}/.well-known/did.json`)).rejects.toThrow(/only https URLs are fetched/);
    await expect(strict('https://127.0.0.1:9/key')).rejects.toThrow(/127.0.0.1 is a private address/);
    await expect(strict('https://[::1]:9/key')).rejects.toThrow(/::1 is a private address/);
    await expect(strict('https://localhost:9/key')).rejects.toThrow(/localhost resolves to .*, a private address/);
    await expect(strict('ftp://example.org/key')).resolves.toBeNull();
    expect(s.hits('/.well-known/did.json')).toBe(0);
  });

  it('classifies addresses', () => {
    for (const a of ['127.0.0.1', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', '::', 'fd00::1', 'fe80::1', '::ffff:10.0.0.1', '224.0.0.1', 'nonsense']) expect(isPrivateAddress(a), a).toBe(true);
    for (const a of ['93.184.216.34', '172.32.0.1', '8.8.8.8', '2606:4700::1111', '::ffff:8.8.8.8']) expect(isPrivateAddress(a), a).toBe(false);
  });

  it('gives up on a slow server, an oversized document, a missing one, and non-JSON, with the reason', async () => {
    const s = await server();
    s.hang('/slow');
    s.publish('/big', { pad: 'x'.repeat(5000) });
    s.publish('/text', 'hello');
    s.publish('/array', '[1,2]');
    const resolve = testResolver({ timeoutMs: 150, maxBytes: 2000 });
    await expect(resolve(`${s.origin}/slow`)).rejects.toThrow(`Unable to load ${s.origin}/slow: no answer within 150 ms`);
    await expect(resolve(`${s.origin}/big`)).rejects.toThrow(/larger than 2000 bytes/);
    await expect(resolve(`${s.origin}/missing`)).rejects.toThrow(/the server answered 404/);
    await expect(resolve(`${s.origin}/text`)).rejects.toThrow(/not JSON/);
    await expect(resolve(`${s.origin}/array`)).rejects.toThrow(/not a JSON object/);
  });

  it('refuses a DID document about another DID', async () => {
    const s = await server();
    s.publish('/.well-known/did.json', { id: 'did:web:elsewhere.example' });
    await expect(testResolver()(s.did)).rejects.toThrow(/is for did:web:elsewhere.example/);
  });

  it('leaves fragments to the document loader, keeps failures briefly and evicts the oldest entries', async () => {
    const s = await server();
    let t = 0;
    const resolve = testResolver({ ttlMs: 10_000, maxEntries: 2, now: () => t });
    expect(await resolve(`${s.origin}/doc#key-1`)).toBeNull();
    await expect(resolve(`${s.origin}/later`)).rejects.toThrow(/404/);
    s.publish('/later', { id: 'now-here' });
    await expect(resolve(`${s.origin}/later`)).rejects.toThrow(/404/);
    expect(s.hits('/later')).toBe(1);
    t = 1001; // a failure is kept a tenth of the time to live
    expect(await resolve(`${s.origin}/later`)).toEqual({ id: 'now-here' });
    s.publish('/a', { id: 'a' });
    s.publish('/b', { id: 'b' });
    await resolve(`${s.origin}/a`);
    await resolve(`${s.origin}/b`);
    expect(resolve.size()).toBe(2);
    await resolve(`${s.origin}/later`);
    expect(s.hits('/later')).toBe(3); // evicted by /a and /b, so fetched again
    resolve.clear();
    expect(resolve.size()).toBe(0);
  });
});
