// Test fixtures for VC-JWTs of other issuers: key pairs of each kind, their did:key and did:jwk, and
// tokens signed as other systems sign them (jose; node:crypto for ES256K, which jose 6 lacks).
import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import * as EcdsaMultikey from '@digitalbazaar/ecdsa-multikey';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import * as base58 from 'base58-universal';
import { CompactSign } from 'jose';
import type { JsonObject } from '../../document-loader.js';
import type { PublicJwk } from './public-keys.js';

export type KeyKind = 'Ed25519' | 'P-256' | 'P-384' | 'secp256k1' | 'RSA';
export type TestKey = { kind: KeyKind; privateKey: KeyObject; jwk: PublicJwk };

export function testKey(kind: KeyKind): TestKey {
  const pair = kind === 'Ed25519'
    ? generateKeyPairSync('ed25519')
    : kind === 'RSA'
      ? generateKeyPairSync('rsa', { modulusLength: 2048 })
      : generateKeyPairSync('ec', { namedCurve: { 'P-256': 'prime256v1', 'P-384': 'secp384r1', secp256k1: 'secp256k1' }[kind] });
  return { kind, privateKey: pair.privateKey, jwk: pair.publicKey.export({ format: 'jwk' }) as PublicJwk };
}

/** The did:key of an Ed25519, P-256, P-384 or secp256k1 key, and its one verification method. */
export async function didKeyOf(key: TestKey): Promise<{ did: string; kid: string }> {
  let multibase: string;
  if (key.kind === 'Ed25519') multibase = (await Ed25519Multikey.fromJwk({ jwk: key.jwk })).publicKeyMultibase;
  else if (key.kind === 'secp256k1') {
    const odd = Buffer.from(key.jwk.y!, 'base64url').at(-1)! & 1;
    multibase = `z${base58.encode(Buffer.concat([Buffer.from([0xe7, 0x01, odd ? 3 : 2]), Buffer.from(key.jwk.x!, 'base64url')]))}`;
  } else multibase = (await EcdsaMultikey.fromJwk({ jwk: key.jwk })).publicKeyMultibase;
  return { did: `did:key:${multibase}`, kid: `did:key:${multibase}#${multibase}` };
}

export const didJwkOf = (key: TestKey) => {
  const did = `did:jwk:${Buffer.from(JSON.stringify(key.jwk)).toString('base64url')}`;
  return { did, kid: `${did}#0` };
};

const b64 = (x: unknown) => Buffer.from(JSON.stringify(x)).toString('base64url');

/** A compact JWS of `payload` with this header, signed by `key` (the header's alg says how). */
export async function signedJwt(header: JsonObject, payload: JsonObject, key: TestKey): Promise<string> {
  const alg = String(header['alg']);
  if (alg === 'ES256K') {
    const input = `${b64(header)}.${b64(payload)}`;
    return `${input}.${sign('sha256', Buffer.from(input), { key: key.privateKey, dsaEncoding: 'ieee-p1363' }).toString('base64url')}`;
  }
  return new CompactSign(new TextEncoder().encode(JSON.stringify(payload))).setProtectedHeader(header as never).sign(key.privateKey);
}

/** A token with any header and payload and a made-up signature (alg none, HS256…). */
export const unsignedJwt = (header: JsonObject, payload: JsonObject, signature = '') => `${b64(header)}.${b64(payload)}.${signature}`;

/** A JsonWebKey2020 or Multikey verification method document for `key` at `id`. */
export async function methodDocument(key: TestKey, id: string, controller: string, type: 'JsonWebKey2020' | 'Multikey'): Promise<JsonObject> {
  if (type === 'JsonWebKey2020') return { id, type, controller, publicKeyJwk: key.jwk };
  const { did } = await didKeyOf(key);
  return { id, type, controller, publicKeyMultibase: did.slice('did:key:'.length) };
}
