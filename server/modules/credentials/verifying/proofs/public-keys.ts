// A verification method's public key as a JWK, whatever form its document gives it in: publicKeyJwk
// (JsonWebKey, JsonWebKey2020), publicKeyMultibase (Multikey, Ed25519VerificationKey2020: a multicodec
// header, then the key; EC keys compressed) or publicKeyBase58 (Ed25519VerificationKey2018). The JWT
// verifier imports it with jose; the reasons name the curve.
import { ECDH } from 'node:crypto';
import * as base58 from 'base58-universal';
import type { JsonObject } from '../../document-loader.js';

export type PublicJwk = { kty: string; crv?: string; x?: string; y?: string; n?: string; e?: string; alg?: string; kid?: string };
export type Curve = 'Ed25519' | 'P-256' | 'P-384' | 'secp256k1';

// Multicodec varint headers of public keys (https://github.com/multiformats/multicodec).
const HEADERS: Array<{ bytes: number[]; curve: Curve }> = [
  { bytes: [0xed, 0x01], curve: 'Ed25519' },
  { bytes: [0x80, 0x24], curve: 'P-256' },
  { bytes: [0x81, 0x24], curve: 'P-384' },
  { bytes: [0xe7, 0x01], curve: 'secp256k1' },
];
const NODE_CURVE: Record<Exclude<Curve, 'Ed25519'>, string> = { 'P-256': 'prime256v1', 'P-384': 'secp384r1', secp256k1: 'secp256k1' };
const b64u = (b: Uint8Array) => Buffer.from(b).toString('base64url');

/** The JWK of a raw public key on a curve (EC keys compressed or not). */
export function jwkFromRaw(curve: Curve, raw: Uint8Array): PublicJwk {
  if (curve === 'Ed25519') {
    if (raw.length !== 32) throw new Error(`An Ed25519 public key is 32 bytes, not ${raw.length}.`);
    return { kty: 'OKP', crv: 'Ed25519', x: b64u(raw) };
  }
  const point = ECDH.convertKey(Buffer.from(raw), NODE_CURVE[curve], undefined, undefined, 'uncompressed') as Buffer;
  const size = (point.length - 1) / 2;
  return { kty: 'EC', crv: curve, x: b64u(point.subarray(1, 1 + size)), y: b64u(point.subarray(1 + size)) };
}

/** A multibase (base58btc, 'z') multicodec public key, with its curve. */
export function decodeMultikey(multibase: string): { curve: Curve; raw: Uint8Array } {
  if (!multibase.startsWith('z')) throw new Error(`The key ${multibase.slice(0, 12)}… is not base58btc multibase (it must start with z).`);
  const bytes = base58.decode(multibase.slice(1)) as Uint8Array;
  const hit = HEADERS.find((h) => h.bytes.every((b, i) => bytes[i] === b));
  if (!hit) throw new Error(`The key ${multibase.slice(0, 12)}… is of a kind not checked here (multicodec 0x${Buffer.from(bytes.subarray(0, 2)).toString('hex')}); Ed25519, P-256, P-384 and secp256k1 are.`);
  return { curve: hit.curve, raw: bytes.subarray(hit.bytes.length) };
}

/** The public key of a verification method document, as a JWK; throws with a reason a person can read. */
export function publicJwkOf(method: JsonObject): PublicJwk {
  const jwk = method['publicKeyJwk'];
  if (jwk && typeof jwk === 'object') {
    const { d: secret, ...pub } = jwk as PublicJwk & { d?: string };
    if (secret !== undefined) throw new Error(`The key ${String(method['id'])} publishes a private key (d); it is not trusted.`);
    return pub;
  }
  if (typeof method['publicKeyMultibase'] === 'string') {
    const { curve, raw } = decodeMultikey(method['publicKeyMultibase']);
    return jwkFromRaw(curve, raw);
  }
  if (typeof method['publicKeyBase58'] === 'string') return jwkFromRaw('Ed25519', base58.decode(method['publicKeyBase58']) as Uint8Array);
  throw new Error(`The verification method ${String(method['id'])} (${String(method['type'])}) gives no public key (publicKeyJwk, publicKeyMultibase or publicKeyBase58).`);
}

/** The curve or key type of a JWK, in words for reasons ("P-256", "RSA 2048-bit"). */
export function keyWords(jwk: PublicJwk): string {
  if (jwk.kty === 'RSA' && jwk.n) return `RSA ${Buffer.from(jwk.n, 'base64url').length * 8}-bit`;
  return jwk.crv ?? jwk.kty;
}
