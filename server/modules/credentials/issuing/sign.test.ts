import { verifyCredential as independentVerify } from '@digitalcredentials/verifier-core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BatchSigner } from './batch-sign.js';
import { badge, ISSUER, issuerWorld, LISTS, NOW } from '../credentials.fixtures.js';
import { didWebDocumentUrl } from '../did-web.js';
import type { JsonObject } from '../document-loader.js';
import { generateIssuerKey, loadSigningKey } from './keys.js';
import { signCredential } from './sign.js';
import { verifyCredential } from '../verifying/verify.js';

afterEach(() => vi.unstubAllGlobals());

describe('batch signing', () => {
  it('gives byte-identical proofs to the reference library (Ed25519 is deterministic)', async () => {
    const w = await issuerWorld();
    const inputs = [badge(1), badge(2, { did: 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK' }), badge(3, { level: 'fellow', validUntil: new Date('2031-05-01T00:00:00Z') }), badge(4)];
    (inputs[3] as any).credentialSubject.achievement.description = 'Ünïcode, "quotes" and\nnew lines';
    const signer = new BatchSigner(w.key, { workers: 1 });
    try {
      const batch = await signer.signMany([...inputs, ...inputs.map((c) => ({ ...c, id: `${c['id']}9` }))], NOW, 2);
      for (const [i, input] of inputs.entries()) {
        const reference = await signCredential(input, w.key, { documentLoader: w.loader(), created: NOW });
        expect(batch[i]).toEqual(reference);
      }
      expect(batch.slice(4).map((c) => c['id'])).toEqual(inputs.map((c) => `${c['id']}9`));
      expect((await verifyCredential(batch[7] as JsonObject, { now: NOW, resolve: w.resolve })).verified).toBe(true);
    } finally {
      await signer.close();
    }
  });

  it('falls back to full expansion for values a context would rewrite', async () => {
    const w = await issuerWorld();
    const odd = badge(9);
    (odd as any).credentialSubject.achievement.id = '_:b0'; // a blank node id: not a plain IRI
    const signer = new BatchSigner(w.key, { workers: 0 });
    const [batch] = await signer.signMany([badge(8), odd], NOW).then((r) => [r[1]]);
    await signer.close();
    expect(batch).toEqual(await signCredential(odd, w.key, { documentLoader: w.loader(), created: NOW }));
  });
});

describe('a kept batch signer', () => {
  it('keeps its threads across runs and keys, takes concurrent runs in turn, and refuses work once closed', async () => {
    const w = await issuerWorld();
    const second = await loadSigningKey(await generateIssuerKey({ controller: ISSUER, number: 2, configSecret: 'another-secret-0123456789abcdef', now: NOW }), 'another-secret-0123456789abcdef');
    const signer = new BatchSigner(null, { workers: 1, workersFrom: 100 });
    try {
      await signer.warm();
      expect(signer.threads).toBe(1);
      const docs = Array.from({ length: 60 }, (_, i) => badge(i));
      // Two runs at once with different keys, each small but part of a large run: both use the thread.
      const [a, b] = await Promise.all([signer.signWith(w.key, docs, NOW, { chunk: 10, total: 500 }), signer.signWith(second, docs, NOW, { chunk: 10, total: 500 })]);
      for (const i of [0, 35, 59]) {
        expect(a[i]).toEqual(await signCredential(docs[i]!, w.key, { documentLoader: w.loader(), created: NOW }));
        expect(b[i]).toEqual(await signCredential(docs[i]!, second, { documentLoader: w.loader(), created: NOW }));
      }
      expect(signer.threads).toBe(1);
    } finally {
      await signer.close();
    }
    expect(signer.threads).toBe(0);
    await expect(signer.signWith(w.key, [badge(1)], NOW)).rejects.toThrow(/closed/);
  });
});

describe('an independent verifier', () => {
  it('accepts our credentials and reads their status, and rejects a tampered one', async () => {
    const w = await issuerWorld();
    const served = new Map<string, JsonObject>([[didWebDocumentUrl(ISSUER), w.published.get(ISSUER) as JsonObject]]);
    for (const url of Object.values(LISTS)) served.set(url, w.published.get(url) as JsonObject);
    // Its loader fetches did:web documents and status lists; answer from what we publish, offline.
    vi.stubGlobal('fetch', async (input: string | URL | Request) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      const body = served.get(url);
      return body ? new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } }) : new Response('not found', { status: 404 });
    });
    const signed = await signCredential(badge(11), w.key, { documentLoader: w.loader(), created: NOW });
    const result: any = await independentVerify({ credential: signed, knownDIDRegistries: [] } as never);
    const log = Object.fromEntries((result.log ?? []).map((e: { id: string; valid: boolean }) => [e.id, e.valid]));
    expect(result.errors).toBeUndefined();
    expect(log['valid_signature']).toBe(true);
    expect(log['revocation_status']).toBe(true);
    expect(log['expiration']).toBe(true);

    const tampered = structuredClone(signed) as any;
    tampered.credentialSubject.achievement.name = 'Fellow';
    const bad: any = await independentVerify({ credential: tampered, knownDIDRegistries: [] } as never);
    expect(JSON.stringify(bad.errors ?? bad.log)).toMatch(/invalid_signature|"valid_signature","valid":false/);
  });
});
