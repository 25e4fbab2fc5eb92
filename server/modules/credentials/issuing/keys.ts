// Issuer signing keys: Ed25519, kept as plain serialisable records whose secret half is sealed
// by platform/sealed.ts (AES-256-GCM under a key derived from the configuration's sealing secret).
// Rotation adds a key and new credentials use the newest; retiring a key stops it signing. The DID
// document lists every key, retired ones included, so whatever a key signed stays verifiable.
import { createPrivateKey, type KeyObject } from 'node:crypto';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { type SealedSecret, seal, unseal } from '../../../platform/sealed.js';
import { DID_V1_CONTEXT, type JsonObject, MULTIKEY_CONTEXT } from '../document-loader.js';


/** One issuer key as a repository stores it. */
export type IssuerKeyRecord = {
  id: string; // did:web:<host>#key-<n>
  controller: string; // did:web:<host>
  number: number;
  publicKeyMultibase: string;
  secret: SealedSecret;
  createdAt: string;
  retiredAt: string | null;
};

/** An unsealed key, ready to sign: never stored, never logged. */
export type SigningKey = {
  id: string;
  controller: string;
  publicKeyMultibase: string;
  /** The private key as a JWK (OKP, Ed25519), for jose and for handing to a signing worker. */
  privateJwk: { kty: 'OKP'; crv: 'Ed25519'; x: string; d: string };
  keyObject: KeyObject;
};

/** What issuer keys are sealed as (see platform/sealed.ts); the key id is the record. */
const sealedAs = (keyId: string, secret: string) => ({ info: 'guildhall issuer signing key v1', aad: keyId, secret });

/** A new key record numbered `number` for `controller` (a did:web identifier). */
export async function generateIssuerKey(input: { controller: string; number: number; configSecret: string; now: Date }): Promise<IssuerKeyRecord> {
  const id = `${input.controller}#key-${input.number}`;
  const pair = await Ed25519Multikey.generate({ id, controller: input.controller });
  const exported = await pair.export({ publicKey: true, secretKey: true, includeContext: false });
  return {
    id,
    controller: input.controller,
    number: input.number,
    publicKeyMultibase: exported.publicKeyMultibase,
    secret: seal(exported.secretKeyMultibase, sealedAs(id, input.configSecret)),
    createdAt: input.now.toISOString(),
    retiredAt: null,
  };
}

/** Rotation: a new key numbered after the highest so far; the older keys stay listed and may still sign until retired. */
export function rotateIssuerKey(existing: IssuerKeyRecord[], input: { controller: string; configSecret: string; now: Date }): Promise<IssuerKeyRecord> {
  const number = existing.reduce((n, k) => Math.max(n, k.number), 0) + 1;
  return generateIssuerKey({ ...input, number });
}

/** The key new credentials are signed with: the newest one not retired. */
export function currentKey(records: IssuerKeyRecord[]): IssuerKeyRecord {
  const live = records.filter((k) => k.retiredAt === null).sort((a, b) => b.number - a.number);
  if (!live[0]) throw new Error('The issuer has no key that is not retired');
  return live[0];
}

/** Opens a record's secret and checks it belongs to the record's public key. */
export async function loadSigningKey(record: IssuerKeyRecord, configSecret: string): Promise<SigningKey> {
  const secretKeyMultibase = unseal(record.secret, sealedAs(record.id, configSecret));
  const pair = await Ed25519Multikey.from({ id: record.id, controller: record.controller, type: 'Multikey', publicKeyMultibase: record.publicKeyMultibase, secretKeyMultibase });
  // The library keeps the 64-byte (seed + public key) form; a JWK's "d" is the 32-byte seed.
  const b64 = (x: Uint8Array) => Buffer.from(x).toString('base64url');
  const jwk = { kty: 'OKP', crv: 'Ed25519', x: b64(pair.publicKey), d: b64(pair.secretKey.subarray(0, 32)) } as const;
  return { id: record.id, controller: record.controller, publicKeyMultibase: record.publicKeyMultibase, privateJwk: jwk, keyObject: createPrivateKey({ key: jwk, format: 'jwk' }) };
}

/** The Multikey verification method for a record (public half only). */
export function verificationMethod(record: Pick<IssuerKeyRecord, 'id' | 'controller' | 'publicKeyMultibase'>): JsonObject {
  return { id: record.id, type: 'Multikey', controller: record.controller, publicKeyMultibase: record.publicKeyMultibase };
}

/**
 * The issuer's DID document. Every key is a verification method for assertions (credentials), retired
 * ones too: a retired key signs nothing new, but what it signed must still verify. Only keys not
 * retired authenticate as the issuer.
 */
export function didDocument(controller: string, records: IssuerKeyRecord[]): JsonObject {
  const all = records.filter((k) => k.controller === controller).sort((a, b) => a.number - b.number);
  return {
    '@context': [DID_V1_CONTEXT, MULTIKEY_CONTEXT],
    id: controller,
    verificationMethod: all.map(verificationMethod),
    assertionMethod: all.map((k) => k.id),
    authentication: all.filter((k) => k.retiredAt === null).map((k) => k.id),
  };
}
