import { createECDH } from 'node:crypto';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as base58 from 'base58-universal';
import jsigs from 'jsonld-signatures';
import { describe, expect, it } from 'vitest';
import { badge, ISSUER, issuerWorld } from '../../credentials.fixtures.js';
import { createDocumentLoader, type JsonObject } from '../../document-loader.js';
import { signCredential } from '../../issuing/sign.js';
import type { Check } from '../checks.js';
import { type CurveName, chainWith, deriveSd, makeKey, type Placement, type SuiteName, signWith, vc11Badge, WEB_ISSUER, WebDocs } from './foreign-proofs.fixtures.js';
import { foreignCredential } from '../foreign.fixtures.js';
import { verifyPresentation } from '../verify-presentation.js';
import { verifyCredential } from '../verify.js';

const NOW = new Date('2026-05-01T10:00:00Z');
const check = (checks: Check[], name: Check['check']) => checks.find((c) => c.check === name) as Check;
const CHANGED = /changed after it was signed/;

/** Every suite with every kind of key it can be given; the curve decides the algorithm. */
const MATRIX: Array<[SuiteName, CurveName, Placement]> = [
  ['eddsa-rdfc-2022', 'Ed25519', 'did:key'],
  ['eddsa-rdfc-2022', 'Ed25519', 'did:key bare'],
  ['eddsa-rdfc-2022', 'Ed25519', 'did:jwk'],
  ['eddsa-rdfc-2022', 'Ed25519', 'https Multikey'],
  ['eddsa-rdfc-2022', 'Ed25519', 'https JsonWebKey'],
  ['eddsa-rdfc-2022', 'Ed25519', 'https Ed25519VerificationKey2020'],
  ['eddsa-jcs-2022', 'Ed25519', 'did:key'],
  ['eddsa-jcs-2022', 'Ed25519', 'did:jwk'],
  ['eddsa-jcs-2022', 'Ed25519', 'https JsonWebKey2020'],
  ['ecdsa-rdfc-2019', 'P-256', 'did:key'],
  ['ecdsa-rdfc-2019', 'P-256', 'did:key bare'],
  ['ecdsa-rdfc-2019', 'P-256', 'did:jwk'],
  ['ecdsa-rdfc-2019', 'P-256', 'https JsonWebKey'],
  ['ecdsa-rdfc-2019', 'P-384', 'did:key'],
  ['ecdsa-rdfc-2019', 'P-384', 'did:jwk'],
  ['ecdsa-rdfc-2019', 'P-384', 'https Multikey'],
  ['ecdsa-rdfc-2019', 'P-384', 'https JsonWebKey2020'],
  ['ecdsa-jcs-2019', 'P-256', 'did:key'],
  ['ecdsa-jcs-2019', 'P-256', 'https JsonWebKey'],
  ['ecdsa-jcs-2019', 'P-384', 'did:jwk'],
  ['ecdsa-jcs-2019', 'P-384', 'https Multikey'],
  ['Ed25519Signature2020', 'Ed25519', 'did:key'],
  ['Ed25519Signature2020', 'Ed25519', 'https Ed25519VerificationKey2020'],
];

const SOURCE: Record<string, RegExp> = {
  'did:key': /computed from the did:key identifier/,
  'did:jwk': /computed from the did:jwk identifier/,
  https: /fetched from https:\/\/issuer\.example\/keys\/\d+/,
};

async function sign(suite: SuiteName, curve: CurveName, placement: Placement) {
  const web = new WebDocs();
  const key = await makeKey(curve, placement, web);
  web.publishIssuer([key.id]);
  const unsigned = suite === 'Ed25519Signature2020' ? vc11Badge(key.controller) : foreignCredential(key.controller);
  const signed = await signWith(unsigned, suite, key);
  return { web, key, signed };
}

describe('foreign credentials in every Data Integrity suite and with every kind of key', () => {
  it.each(MATRIX)('%s with a %s key as %s: verifies; a tampered copy and a proof naming another key fail', async (suite, curve, placement) => {
    const { web, key, signed } = await sign(suite, curve, placement);
    const verdict = await verifyCredential(signed, { now: NOW, resolve: web.resolve });
    expect(verdict.checks.filter((c) => !c.ok)).toEqual([]);
    expect(verdict.outcome).toBe('passed');
    const signature = check(verdict.checks, 'signature');
    expect(signature.reason).toContain(`Valid ${suite} signature by ${placement === 'did:key bare' ? `${key.id}#${key.publicKeyMultibase}` : key.id} (${curve === 'Ed25519' ? 'EdDSA Ed25519' : `ECDSA ${curve} with SHA-${curve === 'P-384' ? 384 : 256}`}; key `);
    expect(signature.reason).toMatch(SOURCE[placement.split(' ')[0]!]!);
    expect(signature.details).toMatchObject({ proofType: suite === 'Ed25519Signature2020' ? suite : 'DataIntegrityProof', cryptosuite: suite === 'Ed25519Signature2020' ? null : suite, curve });
    expect(check(verdict.checks, 'issuer').reason).toMatch(new RegExp(`^Signed with a key of the issuer ${key.controller.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `));

    const tampered = structuredClone(signed) as any;
    tampered.credentialSubject.id = 'did:example:someone-else';
    const t = await verifyCredential(tampered, { now: NOW, resolve: web.resolve });
    expect(t.verified).toBe(false);
    expect(check(t.checks, 'signature')).toMatchObject({ outcome: 'failed', reason: expect.stringMatching(CHANGED) });
    expect(check(t.checks, 'signature').reason).toContain(suite);

    // Signed by a stranger's key of the same kind, naming the issuer's key.
    const stranger = await makeKey(curve, placement === 'did:key bare' ? 'did:key' : placement);
    const forged = await signWith(suite === 'Ed25519Signature2020' ? vc11Badge(key.controller) : foreignCredential(key.controller), suite, stranger, { claimId: key.id });
    const f = await verifyCredential(forged, { now: NOW, resolve: web.resolve });
    expect(f.verified).toBe(false);
    expect(check(f.checks, 'signature').reason).toMatch(/signed with another key/);
  });

  it('names a key of the wrong kind for the suite, and a secp256k1 did:key that no Data Integrity suite signs with', async () => {
    const web = new WebDocs();
    const p256 = await makeKey('P-256', 'did:key', web);
    const signed = await signWith(foreignCredential(p256.controller), 'ecdsa-rdfc-2019', p256);
    const ed = await makeKey('Ed25519', 'did:key');
    const relabelled = structuredClone(signed) as any;
    relabelled.proof.verificationMethod = ed.id;
    relabelled.issuer = ed.controller;
    const v = await verifyCredential(relabelled, { now: NOW, resolve: web.resolve });
    expect(check(v.checks, 'signature').reason).toBe(`The proof (ecdsa-rdfc-2019) needs P-256 or P-384 keys, but ${ed.id} is Ed25519.`);

    // A secp256k1 did:key (multicodec e7 01, compressed point): resolvable, but not for any suite here.
    const k1 = createECDH('secp256k1');
    k1.generateKeys();
    const mb = `z${base58.encode(Buffer.concat([Buffer.from([0xe7, 0x01]), k1.getPublicKey(null, 'compressed')]))}`;
    relabelled.proof.verificationMethod = `did:key:${mb}#${mb}`;
    const k = await verifyCredential(relabelled, { now: NOW, resolve: web.resolve });
    expect(check(k.checks, 'signature').reason).toBe(`The proof (ecdsa-rdfc-2019) needs P-256 or P-384 keys, but did:key:${mb}#${mb} is secp256k1.`);
  });

  it('names an unknown proof type and an unknown cryptosuite, with the supported ones, never "undefined"', async () => {
    const key = await makeKey('Ed25519', 'did:key');
    const signed = await signWith(foreignCredential(key.controller), 'eddsa-rdfc-2022', key);
    const bbs = { ...signed, proof: { ...(signed['proof'] as JsonObject), type: 'BbsBlsSignature2020', cryptosuite: undefined } };
    const a = check((await verifyCredential(bbs, { now: NOW })).checks, 'signature').reason;
    expect(a).toMatch(/^The proof is of type "BbsBlsSignature2020", which is not checked here; supported: DataIntegrityProof with eddsa-rdfc-2022, eddsa-jcs-2022, ecdsa-rdfc-2019, ecdsa-jcs-2019 or ecdsa-sd-2023, and Ed25519Signature2020\.$/);
    const other = { ...signed, proof: { ...(signed['proof'] as JsonObject), cryptosuite: 'bbs-2023' } };
    expect(check((await verifyCredential(other, { now: NOW })).checks, 'signature').reason).toMatch(/^The proof is a DataIntegrityProof that uses the cryptosuite "bbs-2023", which is not checked here; supported: /);
    const untyped = { ...signed, proof: { ...(signed['proof'] as JsonObject), type: undefined } };
    const u = check((await verifyCredential(JSON.parse(JSON.stringify(untyped)), { now: NOW })).checks, 'signature').reason;
    expect(u).toMatch(/^The proof has no type/);
    for (const reason of [a, u]) expect(reason).not.toMatch(/undefined/);
  });
});

describe('proof sets and chains', () => {
  async function twoSigners() {
    const web = new WebDocs();
    const ed = await makeKey('Ed25519', 'did:key');
    const p256 = await makeKey('P-256', 'did:key');
    const unsigned = foreignCredential(ed.controller);
    return { web, ed, p256, unsigned };
  }

  it('passes a set only when every proof verifies, and names the one that fails by index, suite and key', async () => {
    const { ed, p256, unsigned } = await twoSigners();
    const both = await signWith(await signWith(unsigned, 'eddsa-rdfc-2022', ed), 'ecdsa-rdfc-2019', p256);
    expect((both['proof'] as unknown[]).length).toBe(2);
    const good = await verifyCredential(both, { now: NOW });
    expect(good.verified).toBe(true);
    expect(check(good.checks, 'signature').reason).toMatch(/^All 2 proofs are valid: proof\[0\], eddsa-rdfc-2022 signature by .*; proof\[1\], ecdsa-rdfc-2019 signature by /);
    expect(check(good.checks, 'issuer').reason).toContain(`Signed with a key of the issuer ${ed.controller}`);

    // The second proof signed over other contents: jsonld-signatures alone passes the set, as one proof verifies.
    const other = await signWith({ ...unsigned, validFrom: '2026-02-01T00:00:00Z' }, 'ecdsa-rdfc-2019', p256);
    const mixed = { ...both, proof: [(both['proof'] as JsonObject[])[0], other['proof']] };
    const lenient = await jsigs.verify(mixed, { suite: new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 }), purpose: new jsigs.purposes.AssertionProofPurpose(), documentLoader: createDocumentLoader() });
    expect(lenient.verified).toBe(true);
    const v = await verifyCredential(mixed, { now: NOW });
    expect(v.verified).toBe(false);
    const signature = check(v.checks, 'signature');
    expect(signature.reason).toBe(`proof[1]: the signature does not match the contents: the credential was changed after it was signed, or signed with another key (ecdsa-rdfc-2019 by ${p256.id}, ECDSA P-256 with SHA-256, key computed from the did:key identifier).`);
    expect(signature.details).toMatchObject({ proofs: 2, proofIndex: 1, cryptosuite: 'ecdsa-rdfc-2019', curve: 'P-256', key: p256.id });
  });

  it('fails a set with a proof of an unsupported type, naming it', async () => {
    const { ed, unsigned } = await twoSigners();
    const signed = await signWith(unsigned, 'eddsa-rdfc-2022', ed);
    const withForeign = { ...signed, proof: [signed['proof'], { type: 'BbsBlsSignature2020', proofPurpose: 'assertionMethod', verificationMethod: ed.id, proofValue: 'zabc' }] };
    const reason = check((await verifyCredential(withForeign, { now: NOW })).checks, 'signature').reason;
    expect(reason).toMatch(/^proof\[1\] is of type "BbsBlsSignature2020", which is not checked here; supported: /);
  });

  it('checks a chain: each proof over the document and the proofs it follows; a missing previous proof is named', async () => {
    const { ed, p256, unsigned } = await twoSigners();
    const first = await signWith(unsigned, 'eddsa-rdfc-2022', ed, { proof: { id: 'urn:uuid:proof-1' } });
    const chain = await chainWith(first, 'ecdsa-rdfc-2019', p256, 'urn:uuid:proof-2', 'urn:uuid:proof-1');
    const v = await verifyCredential(chain, { now: NOW });
    expect(v.checks.filter((c) => !c.ok)).toEqual([]);
    expect(check(v.checks, 'signature').reason).toMatch(/^All 2 proofs are valid, as a chain: /);

    const proofs = chain['proof'] as JsonObject[];
    const dangling = { ...chain, proof: [proofs[0], { ...proofs[1], previousProof: 'urn:uuid:proof-0' }] };
    expect(check((await verifyCredential(dangling, { now: NOW })).checks, 'signature').reason).toBe('proof[1] (ecdsa-rdfc-2019) follows urn:uuid:proof-0, which is not among the credential\'s proofs.');
    // The same second proof read as a plain member of a set: it signed the first proof too, so it does not match.
    const unchained = { ...chain, proof: [proofs[0], { ...proofs[1], previousProof: undefined }] };
    expect(check((await verifyCredential(JSON.parse(JSON.stringify(unchained)), { now: NOW })).checks, 'signature').reason).toMatch(/^proof\[1\]: .*changed after it was signed/);
    // The first proof changed: the chain's later proof signed it, so both fail.
    const altered = { ...chain, proof: [{ ...proofs[0], created: '2020-01-01T00:00:00Z' }, proofs[1]] };
    expect(check((await verifyCredential(altered, { now: NOW })).checks, 'signature').reason).toMatch(/^proof\[0\]: .*changed after it was signed.* 1 other proof of the 2 failed too\.$/);
  });
});

describe('ecdsa-sd-2023 selective disclosure', () => {
  it('refuses the base proof by name, verifies a derived disclosure, and refuses a tampered one', async () => {
    const key = await makeKey('P-256', 'did:key');
    const base = await signWith(foreignCredential(key.controller), 'ecdsa-sd-2023', key, { mandatoryPointers: ['/issuer', '/validFrom'] });
    const b = await verifyCredential(base, { now: NOW });
    expect(check(b.checks, 'signature')).toMatchObject({
      outcome: 'failed',
      reason: "The proof is the issuer's base proof (ecdsa-sd-2023), which only the holder uses to derive a disclosure; ask for a derived credential.",
    });

    const derived = await deriveSd(base, ['/credentialSubject/alumniOf']);
    const d = await verifyCredential(derived, { now: NOW });
    expect(d.checks.filter((c) => !c.ok)).toEqual([]);
    expect(check(d.checks, 'signature').reason).toContain(`Valid ecdsa-sd-2023 signature by ${key.id} (ECDSA P-256 with SHA-256; key computed from the did:key identifier)`);

    const tampered = structuredClone(derived) as any;
    tampered.credentialSubject.alumniOf.name = 'Another University';
    expect(check((await verifyCredential(tampered, { now: NOW })).checks, 'signature').reason).toMatch(CHANGED);
    // A statement added to the disclosure changes the count of signed statements: named as a change too.
    const added = structuredClone(derived) as any;
    added.credentialSubject.alumniOf.location = 'Elsewhere';
    expect(check((await verifyCredential(added, { now: NOW })).checks, 'signature').reason).toMatch(CHANGED);
  });
});

describe('the older Ed25519Signature2020 on a VC 1.1 credential', () => {
  it('verifies, and asks for the suite context when the credential lacks it', async () => {
    const { web, signed } = await sign('Ed25519Signature2020', 'Ed25519', 'did:key');
    const v = await verifyCredential(signed, { now: NOW, resolve: web.resolve });
    expect(v.verified).toBe(true);
    expect(check(v.checks, 'schema').reason).toMatch(/Open Badges 3\.0/);
    const without = { ...signed, '@context': (signed['@context'] as string[]).slice(0, 2) };
    expect(check((await verifyCredential(without, { now: NOW })).checks, 'signature').reason).toBe(
      "The proof (Ed25519Signature2020) needs the context https://w3id.org/security/suites/ed25519-2020/v1 in the credential's @context, and it is missing.",
    );
  });
});

describe("the issuer's control of the key", () => {
  async function fragmentKeyCredential() {
    const web = new WebDocs();
    const key = await makeKey('Ed25519', 'https Multikey', web);
    const id = `https://issuer.example/keys#${key.publicKeyMultibase}`;
    web.docs.delete(key.id);
    const signed = await signWith(foreignCredential(WEB_ISSUER), 'eddsa-rdfc-2022', key, { claimId: id });
    return { web, key, id, signed };
  }

  it('warns, and does not pass, when the key comes from its URL’s fragment because the document cannot be fetched', async () => {
    const { web, key, id, signed } = await fragmentKeyCredential();
    web.unreachable.set('https://issuer.example/keys', 'no answer within 3000 ms');
    const v = await verifyCredential(signed, { now: NOW, resolve: web.resolve });
    expect(check(v.checks, 'signature')).toMatchObject({ outcome: 'passed', details: { key: id, curve: 'Ed25519' } });
    expect(check(v.checks, 'signature').reason).toContain("key taken from the key's own identifier, as https://issuer.example/keys could not be fetched");
    expect(check(v.checks, 'issuer')).toMatchObject({
      outcome: 'warning',
      ok: false,
      reason: `The signature is valid for key ${key.publicKeyMultibase} but the issuer's control of that key could not be confirmed: https://issuer.example/keys could not be fetched (no answer within 3000 ms).`,
    });
    expect(v.verified).toBe(false);
    expect(v.outcome).toBe('warning');

    // Without any resolver the document cannot be fetched either: the same warning.
    expect((await verifyCredential(signed, { now: NOW })).outcome).toBe('warning');
    // A tampered copy still fails: the fragment's key checks the signature.
    expect(check((await verifyCredential({ ...signed, validFrom: '2026-02-01T00:00:00Z' }, { now: NOW })).checks, 'signature').reason).toMatch(CHANGED);
  });

  it('passes when the document lists the key and the issuer lists it for assertions, and fails when either does not', async () => {
    const { web, key, id, signed } = await fragmentKeyCredential();
    web.docs.set('https://issuer.example/keys', { id: 'https://issuer.example/keys', verificationMethod: [{ ...key.method, id }] });
    web.publishIssuer([id]);
    expect((await verifyCredential(signed, { now: NOW, resolve: web.resolve })).outcome).toBe('passed');

    web.publishIssuer(['https://issuer.example/keys#other']);
    expect(check((await verifyCredential(signed, { now: NOW, resolve: web.resolve })).checks, 'signature').reason).toBe(
      `The key ${id} is not listed for assertions in its controller's document ${WEB_ISSUER} (never published there, or removed).`,
    );
    // Fetched, but the key is not in it: a definite answer, not a warning.
    web.docs.set('https://issuer.example/keys', { id: 'https://issuer.example/keys', verificationMethod: [] });
    const gone = await verifyCredential(signed, { now: NOW, resolve: web.resolve });
    expect(gone.outcome).toBe('failed');
    expect(check(gone.checks, 'signature').reason).toBe(`The key ${id} is not in its controller's document https://issuer.example/keys (never published there, or removed).`);
  });

  it('refuses a key document that describes another key, and a key its controller revoked before it signed', async () => {
    const web = new WebDocs();
    const key = await makeKey('P-256', 'https Multikey', web);
    web.publishIssuer([key.id]);
    const signed = await signWith(foreignCredential(WEB_ISSUER), 'ecdsa-rdfc-2019', key);
    web.docs.set(key.id, { ...key.method, id: 'https://issuer.example/keys/elsewhere' });
    expect(check((await verifyCredential(signed, { now: NOW, resolve: web.resolve })).checks, 'signature').reason).toBe(`The document at ${key.id} describes https://issuer.example/keys/elsewhere, not the key ${key.id}.`);
    web.docs.set(key.id, { ...key.method, revoked: '2020-01-01T00:00:00Z' });
    expect(check((await verifyCredential(signed, { now: NOW, resolve: web.resolve })).checks, 'signature').reason).toMatch(/was revoked by its controller on 2020-01-01T00:00:00Z, before this proof was made/);
  });
});

describe("a presentation's holder proof in any suite", () => {
  it.each([
    ['ecdsa-rdfc-2019', 'P-256'],
    ['eddsa-jcs-2022', 'Ed25519'],
    ['ecdsa-jcs-2019', 'P-384'],
  ] as const)('%s (%s): verifies with its challenge and domain; a tampered copy, a wrong challenge and another holder fail', async (suite, curve) => {
    const issuer = await makeKey('Ed25519', 'did:key');
    const credential = await signWith(foreignCredential(issuer.controller), 'eddsa-rdfc-2022', issuer);
    const holder = await makeKey(curve, 'did:key');
    const vp = { '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiablePresentation'], holder: holder.controller, verifiableCredential: [credential] };
    const signed = await signWith(vp, suite, holder, { purpose: 'authentication', challenge: 'c-123', domain: 'verifier.example' });
    const opts = { now: NOW, challenge: 'c-123', domain: 'verifier.example' };
    const ok = await verifyPresentation(signed, opts);
    expect(ok.checks.filter((c) => !c.ok)).toEqual([]);
    expect(ok.checks.find((c) => c.check === 'proof')?.reason).toContain(`Valid authentication proof: ${suite} signature by ${holder.id}`);

    const proofOf = (v: Awaited<ReturnType<typeof verifyPresentation>>) => v.checks.find((c) => c.check === 'proof')?.reason;
    expect(proofOf(await verifyPresentation({ ...signed, holder: 'did:example:other' }, opts))).toMatch(CHANGED);
    const replayed = await verifyPresentation(signed, { ...opts, challenge: 'c-999' });
    expect(replayed.verified).toBe(false);
    expect(replayed.checks.find((c) => c.check === 'challenge')?.reason).toMatch(/not the one given/);
    const impostor = await makeKey(curve, 'did:key');
    const stolen = await signWith(vp, suite, impostor, { purpose: 'authentication', challenge: 'c-123', domain: 'verifier.example' });
    expect(proofOf(await verifyPresentation(stolen, opts))).toBe(`The presentation was signed with a key of ${impostor.controller}, not of its holder ${holder.controller}.`);
    const asserted = await signWith(vp, suite, holder);
    expect(proofOf(await verifyPresentation(asserted, opts))).toBe(`The proof (${suite}) is for assertionMethod, not authentication.`);
  });
});

describe('where our own key came from', () => {
  it('names our own DID document as the source of our key, and the did:web address for anyone else’s', async () => {
    const w = await issuerWorld();
    const signed = await signCredential(badge(1), w.key, { documentLoader: w.loader(), created: NOW });
    const ours = await verifyCredential(signed, { now: NOW, resolve: w.resolve, ownDid: ISSUER });
    expect(check(ours.checks, 'signature').reason).toBe(`Valid eddsa-rdfc-2022 signature by ${ISSUER}#key-1 (EdDSA Ed25519; key from our own DID document).`);
    expect(check(ours.checks, 'signature').details).toMatchObject({ keySource: 'from our own DID document', key: `${ISSUER}#key-1` });
    const theirs = await verifyCredential(signed, { now: NOW, resolve: w.resolve });
    expect(check(theirs.checks, 'signature').reason).toContain('key fetched from https://guild.example/.well-known/did.json');
  });
});

describe('canonicalisation by shape', () => {
  it('verifies many credentials of one issuer from one expanded shape, and never lets an inline context change what a value means', async () => {
    const key = await makeKey('P-256', 'did:key');
    for (let n = 1; n <= 3; n++) {
      const signed = await signWith(foreignCredential(key.controller, n), 'ecdsa-rdfc-2019', key);
      expect((await verifyCredential(signed, { now: NOW })).verified).toBe(true);
      expect(check((await verifyCredential({ ...signed, id: `urn:uuid:${n}` }, { now: NOW })).checks, 'signature').reason).toMatch(CHANGED);
    }
    // "ex:thing" is an IRI of its own; a context that makes "ex" a prefix turns it into another IRI.
    const signed = await signWith(foreignCredential(key.controller, 9, { credentialSubject: { id: 'ex:thing', alumniOf: { name: 'Example University' } } }), 'ecdsa-rdfc-2019', key);
    expect((await verifyCredential(signed, { now: NOW })).verified).toBe(true);
    const redefined = { ...signed, '@context': [...(signed['@context'] as string[]), { ex: 'https://example.org/' }] };
    expect(check((await verifyCredential(redefined, { now: NOW })).checks, 'signature').reason).toMatch(CHANGED);
  });
});
