import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createBitstring, decodeList, encodeList, getBit, MIN_LIST_LENGTH, setBit, statusEntry, statusListCredential } from './status-list.js';

describe('bitstring status list', () => {
  it('puts index 0 in the left-most bit of the first byte', () => {
    const bits = createBitstring();
    setBit(bits, 0, true);
    setBit(bits, 9, true);
    expect(bits[0]).toBe(0x80);
    expect(bits[1]).toBe(0x40);
    expect(getBit(bits, 0) && getBit(bits, 9) && !getBit(bits, 1)).toBe(true);
    setBit(bits, 0, false);
    expect(bits[0]).toBe(0);
  });

  it('holds at least 131,072 entries and refuses indexes outside the list', () => {
    expect(createBitstring().length * 8).toBe(MIN_LIST_LENGTH);
    expect(() => createBitstring(1024)).toThrow(/at least/);
    expect(() => getBit(createBitstring(), MIN_LIST_LENGTH)).toThrow(RangeError);
    expect(() => setBit(createBitstring(), -1, true)).toThrow(RangeError);
  });

  it('encodes as multibase base64url of GZIP and decodes back', () => {
    const bits = createBitstring(MIN_LIST_LENGTH * 2);
    for (const i of [3, 77, 131_071, 200_000]) setBit(bits, i, true);
    const encoded = encodeList(bits);
    expect(encoded.startsWith('u')).toBe(true);
    expect(encoded.slice(1)).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(Buffer.from(gunzipSync(Buffer.from(encoded.slice(1), 'base64url')))).toEqual(Buffer.from(bits));
    const back = decodeList(encoded);
    expect([3, 77, 131_071, 200_000, 4].map((i) => getBit(back, i))).toEqual([true, true, true, true, false]);
    expect(() => decodeList(encoded.slice(1))).toThrow(/prefix "u"/);
  });

  it('builds entries and the list credential in the W3C shape', () => {
    expect(statusEntry({ listUrl: 'https://g.example/status/1', index: 42, purpose: 'suspension' })).toEqual({
      id: 'https://g.example/status/1#42',
      type: 'BitstringStatusListEntry',
      statusPurpose: 'suspension',
      statusListIndex: '42',
      statusListCredential: 'https://g.example/status/1',
    });
    const list = statusListCredential({ listUrl: 'https://g.example/status/1', issuer: 'did:web:g.example', purpose: 'revocation', bits: createBitstring(), validFrom: new Date('2026-01-01T00:00:00Z') });
    expect(list['type']).toEqual(['VerifiableCredential', 'BitstringStatusListCredential']);
    expect(list['credentialSubject']).toMatchObject({ type: 'BitstringStatusList', statusPurpose: 'revocation' });
    expect(decodeList((list['credentialSubject'] as { encodedList: string }).encodedList).every((b) => b === 0)).toBe(true);
  });
});
