import { describe, expect, it } from 'vitest';
import { ISSUER, NOW, SECRET } from '../credentials.fixtures.js';
import { currentKey, didDocument, generateIssuerKey, loadSigningKey, rotateIssuerKey } from './keys.js';

describe('issuer keys', () => {
  it('stores the secret sealed and opens it only with the configuration secret', async () => {
    const record = await generateIssuerKey({ controller: ISSUER, number: 1, configSecret: SECRET, now: NOW });
    expect(record.id).toBe(`${ISSUER}#key-1`);
    expect(record.publicKeyMultibase).toMatch(/^z6Mk/);
    const stored = JSON.parse(JSON.stringify(record)); // plain serialisable record
    expect(JSON.stringify(stored)).not.toContain('secretKeyMultibase');
    const key = await loadSigningKey(stored, SECRET);
    expect(key.privateJwk).toMatchObject({ kty: 'OKP', crv: 'Ed25519' });
    await expect(loadSigningKey(stored, `${SECRET}-other`)).rejects.toThrow(/Cannot open the secret/);
    await expect(loadSigningKey({ ...stored, id: `${ISSUER}#key-2` }, SECRET)).rejects.toThrow(/Cannot open the secret/);
    const tag = Buffer.from(stored.secret.tag, 'base64url');
    tag[0] = (tag[0] as number) ^ 1;
    await expect(loadSigningKey({ ...stored, secret: { ...stored.secret, tag: tag.toString('base64url') } }, SECRET)).rejects.toThrow(/Cannot open/);
  });

  it('rotates to a newer key, and keeps a retired key in the DID document for assertions but not for signing or authentication', async () => {
    const first = await generateIssuerKey({ controller: ISSUER, number: 1, configSecret: SECRET, now: NOW });
    const second = await rotateIssuerKey([first], { controller: ISSUER, configSecret: SECRET, now: NOW });
    expect(second.number).toBe(2);
    expect(currentKey([first, second]).id).toBe(`${ISSUER}#key-2`);
    const doc = didDocument(ISSUER, [first, second]);
    expect(doc['assertionMethod']).toEqual([first.id, second.id]);
    expect((doc['verificationMethod'] as Array<{ publicKeyMultibase: string }>).map((m) => m.publicKeyMultibase)).toEqual([first.publicKeyMultibase, second.publicKeyMultibase]);
    const retired = { ...second, retiredAt: NOW.toISOString() };
    const after = didDocument(ISSUER, [first, retired]);
    expect(after['assertionMethod']).toEqual([first.id, second.id]);
    expect((after['verificationMethod'] as Array<{ id: string }>).map((m) => m.id)).toEqual([first.id, second.id]);
    expect(after['authentication']).toEqual([first.id]);
    expect(currentKey([first, retired]).id).toBe(first.id);
    expect(() => currentKey([{ ...first, retiredAt: NOW.toISOString() }])).toThrow(/no key/);
  });
});
