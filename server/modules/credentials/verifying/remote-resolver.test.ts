import { afterEach, describe, expect, it } from 'vitest';
import { createDocumentLoader } from '../document-loader.js';
import { didDocumentFor, foreignCredential, foreignIssuerServer, foreignKey, multikeyMethod } from './foreign.fixtures.js';
import { createRemoteResolver, isPrivateAddress, privateAddressReason } from './remote-resolver.js';
import { signCredential } from '../issuing/sign.js';
import { createBitstring, setBit, statusEntry, statusListCredential } from '../status/status-list.js';
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
    expect(check(verdict.checks, 'issuer').reason).toBe(`Signed with a key of the issuer ${key.controller}: ${key.id}, computed from the did:key identifier, listed for assertions in the issuer's document.`);
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

  // Every form named in the IANA special-purpose registries that could reach us or our network, v4 and v6.
  const refused: Array<[string, RegExp]> = [
    ['127.0.0.1', /loopback/],
    ['10.1.2.3', /private/],
    ['172.16.0.1', /private/],
    ['172.31.255.255', /private/],
    ['192.168.1.1', /private/],
    ['169.254.169.254', /linkLocal/],
    ['100.64.0.1', /carrierGradeNat/],
    ['0.0.0.0', /unspecified/],
    ['0.1.2.3', /unspecified/],
    ['255.255.255.255', /broadcast/],
    ['224.0.0.1', /multicast/],
    ['198.18.0.1', /reserved/], // benchmarking
    ['192.0.0.8', /reserved/], // IETF protocol assignments
    ['192.0.2.1', /reserved/], // documentation
    ['203.0.113.9', /reserved/],
    ['240.0.0.1', /reserved/],
    ['::1', /loopback/],
    ['::', /unspecified/],
    ['::127.0.0.1', /IPv4-compatible .*127\.0\.0\.1/],
    ['::7f00:1', /IPv4-compatible .*127\.0\.0\.1/],
    ['::8.8.8.8', /IPv4-compatible/],
    ['::ffff:127.0.0.1', /IPv4-mapped .*127\.0\.0\.1, a loopback/],
    ['::ffff:a00:1', /IPv4-mapped .*10\.0\.0\.1, a private/],
    ['::ffff:0:127.0.0.1', /IPv4-translated .*127\.0\.0\.1/],
    ['::ffff:0:a9fe:a9fe', /IPv4-translated .*169\.254\.169\.254/],
    ['64:ff9b::127.0.0.1', /NAT64 .*127\.0\.0\.1/],
    ['64:ff9b::a00:1', /NAT64 .*10\.0\.0\.1/],
    ['64:ff9b:1::8.8.8.8', /local-use NAT64/],
    ['64:ff9b:1:2::7f00:1', /local-use NAT64/],
    ['2002:7f00:1::1', /6to4 .*127\.0\.0\.1/],
    ['2002:808:808::1', /6to4 .*8\.8\.8\.8/],
    ['2001:0:4136:e378:8000:63bf:80ff:fffe', /Teredo .*client 127\.0\.0\.1/],
    ['fec0::1', /deprecatedSiteLocal/],
    ['2001:db8::1', /reserved/],
    ['3fff::1', /reserved/],
    ['3fff:fff::1', /reserved/],
    ['fd00::1', /uniqueLocal/],
    ['fc00::1', /uniqueLocal/],
    ['fe80::1', /linkLocal/],
    ['fe80::1%eth0', /linkLocal/],
    ['ff02::1', /multicast/],
    ['100::1', /discard/],
    ['2001:2::1', /benchmarking/],
    ['2001:10::1', /deprecatedOrchid/],
    ['2001:20::1', /orchid2/],
    ['5f00::1', /segmentRouting/],
    ['4000::1', /outside the global unicast range/],
    ['nonsense', /not an IP address/],
    ['', /not an IP address/],
  ];
  const allowed = ['93.184.216.34', '172.32.0.1', '8.8.8.8', '1.1.1.1', '2606:4700::1111', '2a00:1450:4009:81f::200e', '::ffff:8.8.8.8', '::ffff:0:8.8.8.8', '64:ff9b::8.8.8.8'];

  it.each(refused)('refuses %s', (address, why) => {
    expect(privateAddressReason(address)).toMatch(why);
    expect(isPrivateAddress(address)).toBe(true);
  });

  it.each(allowed)('allows the public address %s', (address) => {
    expect(privateAddressReason(address)).toBeNull();
  });

  it('refuses private hosts however a URL spells them, before any connection', async () => {
    const strict = createRemoteResolver({ publicUrl: 'https://guild.example' });
    for (const [url, shown] of [
      ['https://[::127.0.0.1]:9/key', '::7f00:1'],
      ['https://[::ffff:127.0.0.1]:9/key', '::ffff:7f00:1'],
      ['https://[::ffff:0:127.0.0.1]:9/key', '::ffff:0:7f00:1'],
      ['https://[64:ff9b::10.0.0.1]:9/key', '64:ff9b::a00:1'],
      ['https://[2002:a9fe:a9fe::1]:9/key', '2002:a9fe:a9fe::1'],
      ['https://[fec0::1]:9/key', 'fec0::1'],
      ['https://0x7f000001:9/key', '127.0.0.1'],
      ['https://2130706433:9/key', '127.0.0.1'],
      ['https://127.1:9/key', '127.0.0.1'],
      ['https://0251.0376.0251.0376:9/key', '169.254.169.254'],
    ]) await expect(strict(url as string), url).rejects.toThrow(`${shown} is a private address`);
  });

  it('checks every DNS answer at connect time and connects to none when one is private', async () => {
    const asked: string[] = [];
    const answers: Record<string, string[]> = { 'mixed.example': ['8.8.8.8', '::ffff:127.0.0.1'], 'nat64.example': ['64:ff9b::a9fe:a9fe'], 'v6.example': ['fd12::1'] };
    const lookup = ((host: string, options: { all?: boolean }, cb: (e: Error | null, a: unknown, f?: number) => void) => {
      asked.push(host);
      const list = (answers[host] ?? []).map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
      if (options.all) cb(null, list);
      else cb(null, list[0]!.address, list[0]!.family);
    }) as never;
    const strict = createRemoteResolver({ publicUrl: 'https://guild.example', dnsLookup: lookup, timeoutMs: 1000 });
    await expect(strict('https://mixed.example/key')).rejects.toThrow(/mixed\.example resolves to ::ffff:127\.0\.0\.1, a private address \(an IPv4-mapped address carrying 127\.0\.0\.1, a loopback address\)/);
    await expect(strict('did:web:nat64.example')).rejects.toThrow(/nat64\.example resolves to 64:ff9b::a9fe:a9fe, a private address \(a NAT64 address carrying 169\.254\.169\.254/);
    await expect(strict('https://v6.example/key')).rejects.toThrow(/v6\.example resolves to fd12::1, a private address \(a uniqueLocal address\)/);
    expect(asked).toEqual(['mixed.example', 'nat64.example', 'v6.example']);
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

  it('fetches a resource’s exact bytes under the same rules, kept like documents', async () => {
    const s = await server();
    s.publish('/terms.txt', 'Terms, with spacing kept:  {"a": 1}\n');
    s.publish('/big', 'x'.repeat(2000));
    const resolve = testResolver({ maxBytes: 1000 });
    expect((await resolve.bytes(`${s.origin}/terms.txt`)).toString()).toBe('Terms, with spacing kept:  {"a": 1}\n');
    await resolve.bytes(`${s.origin}/terms.txt`);
    expect(s.hits('/terms.txt')).toBe(1);
    await expect(resolve.bytes(`${s.origin}/big`)).rejects.toThrow(/larger than 1000 bytes/);
    await expect(resolve.bytes(`${s.origin}/none`)).rejects.toThrow(/answered 404/);
    await expect(resolve.bytes('https://guild.example/credentials/status/1')).rejects.toThrow(/a document of this service is not fetched as bytes/);
    await expect(resolve.bytes('did:web:example.com')).rejects.toThrow(/only https URLs are fetched/);
    const strict = createRemoteResolver({ publicUrl: 'https://guild.example' });
    await expect(strict.bytes(`${s.origin}/terms.txt`)).rejects.toThrow(/only https URLs are fetched/);
    await expect(strict.bytes('https://127.0.0.1/terms.txt')).rejects.toThrow(/private address/);
  });
});
