import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createDocumentLoader, type JsonObject, type Resolver, VC_V2_CONTEXT } from '../../document-loader.js';
import { signCredential } from '../../issuing/sign.js';
import type { SigningKey } from '../../issuing/keys.js';
import { createBitstring, setBit, statusEntry, statusListCredential } from '../../status/status-list.js';
import type { SettledCheck } from '../checks.js';
import { EXAMPLES_CONTEXT, foreignCredential, foreignKey } from '../foreign.fixtures.js';
import { checkStatus } from './verify-status.js';
import { verifyCredential } from '../verify.js';

const NOW = new Date('2026-03-01T00:00:00Z');
const LATER = new Date('2026-03-02T00:00:00Z');
const VC_V1_CONTEXT = 'https://www.w3.org/2018/credentials/v1';
const SL2021_CONTEXT = 'https://w3id.org/vc/status-list/2021/v1';
const url = (name: string) => `https://status.example/lists/${name}`;

function bits(set: number[], length?: number): Uint8Array {
  const b = createBitstring(length);
  for (const i of set) setBit(b, i, true);
  return b;
}

/** A Status List 2021 credential as its issuers publish it: VC 1.1, the list in base64 (or base64url) of GZIP. */
function list2021(listUrl: string, issuer: string, purpose: string, b: Uint8Array, extra: JsonObject = {}, encoding: 'base64' | 'base64url' = 'base64'): JsonObject {
  return {
    '@context': [VC_V1_CONTEXT, SL2021_CONTEXT],
    id: listUrl,
    type: ['VerifiableCredential', 'StatusList2021Credential'],
    issuer,
    issuanceDate: '2026-01-01T00:00:00Z',
    credentialSubject: { id: `${listUrl}#list`, type: 'StatusList2021', statusPurpose: purpose, encodedList: gzipSync(b).toString(encoding) },
    ...extra,
  };
}
const entry = { id: url('1edtech'), type: '1EdTechRevocationList' };
const entry2021 = (listUrl: string, index: number, purpose = 'revocation'): JsonObject => ({ id: `${listUrl}#${index}`, type: 'StatusList2021Entry', statusPurpose: purpose, statusListIndex: String(index), statusListCredential: listUrl });

/** A foreign issuer (did:key) whose lists are served by an in-memory resolver. */
async function world() {
  const key = await foreignKey();
  const issuer = key.controller;
  const published = new Map<string, JsonObject>();
  const resolve: Resolver = async (u) => published.get(u) ?? null;
  const loader = createDocumentLoader(resolve);
  const publish = async (listUrl: string, list: JsonObject, signer: SigningKey = key) => {
    published.set(listUrl, await signCredential(list, signer, { documentLoader: loader, created: NOW }));
  };
  const credential = (status: unknown, n = 1): JsonObject => ({ ...foreignCredential(issuer, n), '@context': [VC_V2_CONTEXT, EXAMPLES_CONTEXT, SL2021_CONTEXT], credentialStatus: status });
  const check = (c: JsonObject, over: { now?: Date; resolve?: Resolver } = {}) => checkStatus(c, issuer, over.now ?? LATER, 'resolve' in over ? over.resolve : resolve, loader);
  return { key, issuer, published, resolve, loader, publish, credential, check };
}

const expectCheck = (c: SettledCheck, outcome: SettledCheck['outcome'], reason: RegExp) => {
  expect(c.outcome, c.reason).toBe(outcome);
  expect(c.ok).toBe(outcome === 'passed');
  expect(c.reason).toMatch(reason);
};

describe('Status List 2021 (StatusList2021Entry)', () => {
  it('reads a clear bit as not revoked and a set bit as revoked, naming the list, purpose, index and bit', async () => {
    const w = await world();
    await w.publish(url('2021'), list2021(url('2021'), w.issuer, 'revocation', bits([7])));
    const clear = await w.check(w.credential(entry2021(url('2021'), 5)));
    expectCheck(clear, 'passed', /^Not revoked: the bit at index 5 of the revocation status list https:\/\/status.example\/lists\/2021 is 0\.$/);
    expect(clear.details).toEqual({ type: 'StatusList2021Entry', list: url('2021'), purpose: 'revocation', index: 5, bit: 0 });
    const set = await w.check(w.credential(entry2021(url('2021'), 7)));
    expectCheck(set, 'failed', /^The credential has been revoked \(list https:\/\/status.example\/lists\/2021, index 7\): the revocation bit is 1\.$/);
    expect(set.details).toMatchObject({ index: 7, bit: 1 });
  });

  it('reads a base64url list (as the reference library writes it) and a suspension list', async () => {
    const w = await world();
    await w.publish(url('s'), list2021(url('s'), w.issuer, 'suspension', bits([131_071]), {}, 'base64url'));
    expect((w.published.get(url('s'))!['credentialSubject'] as JsonObject)['encodedList']).toMatch(/[-_]/);
    expectCheck(await w.check(w.credential(entry2021(url('s'), 131_071, 'suspension'))), 'failed', /has been suspended \(list .*lists\/s, index 131071\): the suspension bit is 1/);
    expectCheck(await w.check(w.credential(entry2021(url('s'), 0, 'suspension'))), 'passed', /^Not suspended: the bit at index 0 of the suspension status list/);
  });

  it('accepts a capitalised purpose on the list, and a Bitstring list serving several purposes', async () => {
    const w = await world();
    await w.publish(url('cap'), list2021(url('cap'), w.issuer, 'Revocation', bits([3])));
    expectCheck(await w.check(w.credential(entry2021(url('cap'), 3))), 'failed', /has been revoked \(list .*lists\/cap, index 3\)/);
    await w.publish(url('multi'), statusListCredential({ listUrl: url('multi'), issuer: w.issuer, purpose: ['revocation', 'suspension'] as never, bits: bits([3]), validFrom: NOW }));
    expectCheck(await w.check(w.credential(statusEntry({ listUrl: url('multi'), index: 3, purpose: 'suspension' }))), 'failed', /has been suspended \(list .*lists\/multi, index 3\)/);
    expectCheck(await w.check(w.credential(statusEntry({ listUrl: url('multi'), index: 2, purpose: 'revocation' }))), 'passed', /^Not revoked: the bit at index 2/);
  });

  it('gives the whole verdict outcome failed for a revoked credential whose signature holds', async () => {
    const w = await world();
    await w.publish(url('v'), list2021(url('v'), w.issuer, 'revocation', bits([2])));
    const signed = await signCredential(w.credential(entry2021(url('v'), 2)), w.key, { documentLoader: w.loader, created: NOW });
    const verdict = await verifyCredential(signed, { now: LATER, resolve: w.resolve });
    expect(verdict.checks.find((c) => c.check === 'signature')?.ok).toBe(true);
    expect(verdict).toMatchObject({ verified: false, outcome: 'failed' });
    expect(verdict.checks.find((c) => c.check === 'status')).toMatchObject({ outcome: 'failed', details: { type: 'StatusList2021Entry', bit: 1 } });
  });
});

describe('Bitstring Status List (BitstringStatusListEntry) of another issuer', () => {
  it('reads set and clear bits', async () => {
    const w = await world();
    await w.publish(url('b'), statusListCredential({ listUrl: url('b'), issuer: w.issuer, purpose: 'revocation', bits: bits([9]), validFrom: NOW }));
    const at = (index: number) => w.credential(statusEntry({ listUrl: url('b'), index, purpose: 'revocation' }));
    expectCheck(await w.check(at(8)), 'passed', /^Not revoked: the bit at index 8 of the revocation status list .*lists\/b is 0\.$/);
    const revoked = await w.check(at(9));
    expectCheck(revoked, 'failed', /has been revoked \(list .*lists\/b, index 9\)/);
    expect(revoked.details).toEqual({ type: 'BitstringStatusListEntry', list: url('b'), purpose: 'revocation', index: 9, bit: 1 });
  });

  it('calls a set refresh bit a warning, and an index outside the list or a purpose mismatch unknown', async () => {
    const w = await world();
    await w.publish(url('r'), statusListCredential({ listUrl: url('r'), issuer: w.issuer, purpose: 'refresh' as never, bits: bits([1]), validFrom: NOW }));
    const refresh = { type: 'BitstringStatusListEntry', statusPurpose: 'refresh', statusListIndex: '1', statusListCredential: url('r') };
    expectCheck(await w.check(w.credential(refresh)), 'warning', /newer version .*refresh list .*lists\/r, index 1: the bit is 1/);
    expectCheck(await w.check(w.credential({ ...refresh, statusListIndex: '131072' })), 'unknown', /^Status unknown: the refresh status list .*lists\/r could not be read \(Status list index 131072 is outside the list\), so index 131072 could not be read\.$/);
    expectCheck(await w.check(w.credential({ ...refresh, statusPurpose: 'revocation' })), 'unknown', /lists\/r is for "refresh", not revocation/);
  });
});

describe('1EdTech Revocation List (Open Badges 3.0)', () => {
  const list = (issuer: string, revokedCredentials: unknown) => ({ id: url('1edtech'), issuer, revokedCredentials });

  it('is revoked when the list names the credential, with the reason shown, and not revoked otherwise', async () => {
    const w = await world();
    const credential = w.credential(entry, 3);
    const id = credential['id'] as string;
    w.published.set(url('1edtech'), list(w.issuer, [{ id: 'urn:uuid:someone-else' }, { id, revoked: true, revocationReason: 'Awarded in error' }]));
    const revoked = await w.check(credential);
    expectCheck(revoked, 'failed', new RegExp(`^The credential has been revoked: the revocation list https://status.example/lists/1edtech names ${id}, for this reason: “Awarded in error”\\.$`));
    expect(revoked.details).toEqual({ type: '1EdTechRevocationList', list: url('1edtech'), purpose: 'revocation', credential: id, revoked: true, revocationReason: 'Awarded in error' });

    w.published.set(url('1edtech'), list(w.issuer, [{ id }]));
    expectCheck(await w.check(credential), 'failed', /names urn:uuid:.*, without a reason\.$/);
    w.published.set(url('1edtech'), list(w.issuer, [{ id, revoked: false }]));
    expectCheck(await w.check(credential), 'passed', /^Not revoked: the revocation list .* names urn:uuid:.* with revoked false\.$/);
    w.published.set(url('1edtech'), list(w.issuer, [{ id: 'urn:uuid:someone-else', revoked: true }]));
    const clear = await w.check(credential);
    expectCheck(clear, 'passed', new RegExp(`^Not revoked: the revocation list https://status.example/lists/1edtech does not name ${id}\\.$`));
    expect(clear.details).toMatchObject({ revoked: false });
  });

  it('is unknown when the list is another issuer’s, is not a revocation list, or the credential has no id', async () => {
    const w = await world();
    const credential = w.credential(entry, 4);
    w.published.set(url('1edtech'), list('did:web:other.example', [{ id: credential['id'] }]));
    expectCheck(await w.check(credential), 'unknown', /is the list of did:web:other.example, not of the credential's issuer did:key:/);
    w.published.set(url('1edtech'), { id: url('1edtech'), issuer: w.issuer });
    expectCheck(await w.check(credential), 'unknown', /is not a revocation list \(it has no revokedCredentials array\)/);
    const { id: _id, ...anonymous } = credential;
    expectCheck(await w.check(anonymous), 'unknown', /the credential has no id, so the revocation list .* cannot name it/);
  });
});

describe('a list that cannot be relied on leaves the status unknown, never revoked and never valid', () => {
  it('cannot be fetched: no document, a fetch error with its reason, no resolver at all', async () => {
    const w = await world();
    const c = w.credential(entry2021(url('gone'), 5));
    expectCheck(await w.check(c), 'unknown', /^Status unknown: the revocation status list https:\/\/status.example\/lists\/gone could not be loaded \(no document was found there\), so index 5 could not be read\.$/);
    const failing: Resolver = async (u) => {
      throw new Error(`Unable to load ${u}: the server answered 503`);
    };
    const unreachable = await w.check(c, { resolve: failing });
    expectCheck(unreachable, 'unknown', /lists\/gone could not be loaded \(the server answered 503\)/);
    expect(unreachable.details).toEqual({ type: 'StatusList2021Entry', list: url('gone'), purpose: 'revocation', index: 5, bit: null });
    expectCheck(await w.check(c, { resolve: undefined }), 'unknown', /could not be loaded \(nothing is fetched here\)/);
    expectCheck(await w.check(w.credential(entry), { resolve: failing }), 'unknown', /revocation list .*1edtech could not be loaded \(the server answered 503\), so whether urn:uuid:.* is revoked is not known/);

    // The whole verdict: not verified, outcome unknown (not failed), the signature still valid.
    const signed = await signCredential(c, w.key, { documentLoader: w.loader, created: NOW });
    const verdict = await verifyCredential(signed, { now: LATER, resolve: failing });
    expect(verdict).toMatchObject({ verified: false, outcome: 'unknown' });
    expect(verdict.checks.filter((x) => x.outcome !== 'passed').map((x) => x.check)).toEqual(['status']);
  });

  it('has expired or is not yet valid', async () => {
    const w = await world();
    await w.publish(url('old'), list2021(url('old'), w.issuer, 'revocation', bits([]), { expirationDate: '2026-03-01T12:00:00Z' }));
    await w.publish(url('old2'), statusListCredential({ listUrl: url('old2'), issuer: w.issuer, purpose: 'revocation', bits: bits([]), validFrom: NOW, validUntil: new Date('2026-03-01T12:00:00Z') }));
    expectCheck(await w.check(w.credential(entry2021(url('old'), 1))), 'unknown', /^Status unknown: the revocation status list .*lists\/old expired on 2026-03-01T12:00:00.000Z, so index 1 could not be read\.$/);
    expectCheck(await w.check(w.credential(statusEntry({ listUrl: url('old2'), index: 1, purpose: 'revocation' }))), 'unknown', /lists\/old2 expired on 2026-03-01T12:00:00.000Z/);
    expectCheck(await w.check(w.credential(entry2021(url('old'), 1)), { now: new Date('2026-03-01T11:00:00Z') }), 'passed', /^Not revoked/);
    await w.publish(url('soon'), statusListCredential({ listUrl: url('soon'), issuer: w.issuer, purpose: 'revocation', bits: bits([]), validFrom: new Date('2026-04-01T00:00:00Z') }));
    expectCheck(await w.check(w.credential(statusEntry({ listUrl: url('soon'), index: 1, purpose: 'revocation' }))), 'unknown', /lists\/soon is not valid before 2026-04-01/);
  });

  it('was tampered with, signed by another key, or issued by another issuer', async () => {
    const w = await world();
    await w.publish(url('t'), list2021(url('t'), w.issuer, 'revocation', bits([4])));
    // Someone between the issuer and us clears the revoked bit: the list's proof no longer holds.
    const tampered = structuredClone(w.published.get(url('t'))!);
    (tampered['credentialSubject'] as JsonObject)['encodedList'] = gzipSync(bits([])).toString('base64');
    w.published.set(url('t'), tampered);
    expectCheck(await w.check(w.credential(entry2021(url('t'), 4))), 'unknown', /^Status unknown: the revocation status list .*lists\/t is not trustworthy \(The signature does not match the contents.*\), so index 4 could not be read\.$/);

    const stranger = await foreignKey();
    await w.publish(url('k'), list2021(url('k'), w.issuer, 'revocation', bits([])), stranger);
    expectCheck(await w.check(w.credential(entry2021(url('k'), 4))), 'unknown', new RegExp(`lists/k is signed with a key of ${stranger.controller}, not of the credential's issuer ${w.issuer}`));
    await w.publish(url('i'), list2021(url('i'), stranger.controller, 'revocation', bits([])), stranger);
    expectCheck(await w.check(w.credential(entry2021(url('i'), 4))), 'unknown', new RegExp(`lists/i was issued by ${stranger.controller}, not by the credential's issuer`));
  });

  it('cannot be decoded: not GZIP, not base64, or a GZIP bomb', async () => {
    const w = await world();
    const with2021 = async (name: string, encodedList: string) => {
      const l = list2021(url(name), w.issuer, 'revocation', bits([]));
      (l['credentialSubject'] as JsonObject)['encodedList'] = encodedList;
      await w.publish(url(name), l);
      return w.check(w.credential(entry2021(url(name), 1)));
    };
    expectCheck(await with2021('plain', Buffer.from('not gzip at all').toString('base64')), 'unknown', /lists\/plain could not be read \(encodedList is not GZIP data/);
    expectCheck(await with2021('text', 'this is not base64!'), 'unknown', /could not be read \(encodedList is not base64\)/);
    // 17 MiB of zeros compress to about 17 KB.
    expectCheck(await with2021('bomb', gzipSync(Buffer.alloc(17 * 1024 * 1024)).toString('base64')), 'unknown', /could not be read \(the list decompresses to more than 16 MiB\)/);
  });
});

describe('entries and types', () => {
  it('names an unsupported status type and the types it checks, and a malformed entry', async () => {
    const w = await world();
    const other = await w.check(w.credential({ id: 'https://x.example/rl#1', type: 'RevocationList2020Status', revocationListIndex: '1', revocationListCredential: 'https://x.example/rl' }));
    expectCheck(other, 'unknown', /^Status unknown: the status type RevocationList2020Status is not one this verifier checks \(it checks BitstringStatusListEntry, StatusList2021Entry, 1EdTechRevocationList\)\.$/);
    expect(other.details).toEqual({ type: 'RevocationList2020Status' });
    expectCheck(await w.check(w.credential({ type: 'StatusList2021Entry', statusPurpose: 'revocation', statusListIndex: '-1' })), 'unknown', /entry lacks a valid statusListCredential, statusListIndex/);
    expectCheck(await w.check(w.credential('https://x.example/status')), 'unknown', /a credentialStatus entry is not an object/);
    expectCheck(await w.check(w.credential(undefined)), 'passed', /carries no status entry/);
  });

  it('joins several entries: failed beats unknown beats passed, every reason kept, the decisive one first', async () => {
    const w = await world();
    await w.publish(url('rev'), list2021(url('rev'), w.issuer, 'revocation', bits([6])));
    const revoked = entry2021(url('rev'), 6);
    const clear = entry2021(url('rev'), 5);
    const gone = entry2021(url('gone'), 6, 'suspension');

    const both = await w.check(w.credential([gone, revoked]));
    expectCheck(both, 'failed', /^The credential has been revoked \(list .*lists\/rev, index 6\).* Status unknown: the suspension status list .*lists\/gone could not be loaded/);
    expect(both.details).toMatchObject({ list: url('rev'), bit: 1, entries: 2 });

    const unsure = await w.check(w.credential([clear, gone]));
    expectCheck(unsure, 'unknown', /^Status unknown: .*lists\/gone.* Not revoked: the bit at index 5/);
    expect(unsure.details).toMatchObject({ list: url('gone'), bit: null, entries: 2 });

    expectCheck(await w.check(w.credential([clear, { ...clear, statusListIndex: '4' }])), 'passed', /^Not revoked: .*index 5.* Not revoked: .*index 4/);
  });
});
