import { generateKeyPairSync, sign } from 'node:crypto';
import * as EcdsaMultikey from '@digitalbazaar/ecdsa-multikey';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import * as base58 from 'base58-universal';
import { compactVerify, importJWK } from 'jose';
import { describe, expect, it } from 'vitest';
import { createDocumentLoader, type JsonObject } from '../../document-loader.js';
import { decodeMultikey, keyWords, publicJwkOf } from './public-keys.js';

const load = createDocumentLoader();
const methodOf = async (did: string) => ((await load(did)).document['verificationMethod'] as JsonObject[])[0]!;

/** A compact JWS over "hello" made with node:crypto, for the JWK to check. */
function jws(alg: string, key: Parameters<typeof sign>[2]) {
  const input = `${Buffer.from(JSON.stringify({ alg })).toString('base64url')}.${Buffer.from('hello').toString('base64url')}`;
  const sig = sign(alg === 'EdDSA' ? null : `sha${alg.slice(2)}`, Buffer.from(input), alg === 'EdDSA' ? key : { key: key as never, dsaEncoding: 'ieee-p1363' });
  return `${input}.${sig.toString('base64url')}`;
}

describe('public keys of verification methods', () => {
  it.each(['P-256', 'P-384'] as const)('reads a did:key %s Multikey as a JWK that checks its signatures', async (curve) => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: curve === 'P-256' ? 'prime256v1' : 'secp384r1' });
    const pair = await EcdsaMultikey.fromJwk({ jwk: publicKey.export({ format: 'jwk' }) });
    const method = await methodOf(`did:key:${pair.publicKeyMultibase}`);
    const jwk = publicJwkOf(method);
    expect(jwk).toEqual(publicKey.export({ format: 'jwk' }));
    expect(keyWords(jwk)).toBe(curve);
    const alg = curve === 'P-256' ? 'ES256' : 'ES384';
    await expect(compactVerify(jws(alg, privateKey), await importJWK(jwk, alg))).resolves.toBeTruthy();
  });

  it('reads Ed25519 keys as Multikey and as Ed25519VerificationKey2020 and 2018', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const expected = publicKey.export({ format: 'jwk' });
    const pair = await Ed25519Multikey.fromJwk({ jwk: expected });
    const method = await methodOf(`did:key:${pair.publicKeyMultibase}`);
    expect(publicJwkOf(method)).toEqual(expected);
    expect(publicJwkOf({ type: 'Ed25519VerificationKey2020', publicKeyMultibase: pair.publicKeyMultibase })).toEqual(expected);
    const raw = Buffer.from(expected.x as string, 'base64url');
    expect(publicJwkOf({ type: 'Ed25519VerificationKey2018', publicKeyBase58: base58.encode(raw) })).toEqual(expected);
    await expect(compactVerify(jws('EdDSA', privateKey), await importJWK(publicJwkOf(method), 'EdDSA'))).resolves.toBeTruthy();
  });

  it('reads a secp256k1 did:key and a did:jwk', async () => {
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'secp256k1' });
    const expected = publicKey.export({ format: 'jwk' });
    const compressed = Buffer.concat([Buffer.from([0xe7, 0x01, Buffer.from(expected.y as string, 'base64url').at(-1)! & 1 ? 3 : 2]), Buffer.from(expected.x as string, 'base64url')]);
    const did = `did:key:z${base58.encode(compressed)}`;
    expect(did.startsWith('did:key:zQ3s')).toBe(true);
    expect(publicJwkOf(await methodOf(did))).toEqual(expected);
    const jwkDid = `did:jwk:${Buffer.from(JSON.stringify(expected)).toString('base64url')}`;
    const method = (await load(`${jwkDid}#0`)).document;
    expect(method['type']).toBe('JsonWebKey');
    expect(publicJwkOf(method)).toEqual(expected);
  });

  it('refuses a published private key and unknown key kinds with a reason', () => {
    expect(() => publicJwkOf({ id: 'k', type: 'JsonWebKey', publicKeyJwk: { kty: 'OKP', crv: 'Ed25519', x: 'AA', d: 'AA' } })).toThrow(/publishes a private key/);
    expect(() => decodeMultikey(`z${base58.encode(Uint8Array.from([0x12, 0x00, 1, 2, 3]))}`)).toThrow(/not checked here \(multicodec 0x1200\)/);
    expect(() => decodeMultikey('uAAAA')).toThrow(/must start with z/);
    expect(() => publicJwkOf({ id: 'k', type: 'Mystery' })).toThrow(/gives no public key/);
  });
});
