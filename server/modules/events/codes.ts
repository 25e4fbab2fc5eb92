import { type KeyObject, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import { type CheckInCode, parseCheckInCode, signedPartOf } from '../../../contracts/checkin-code.js';
import { type SealedSecret, seal, unseal } from '../../platform/sealed.js';

/*
 * Check-in codes (contracts/checkin-code.ts): each event has its own Ed25519 key, made when the event is
 * created. The private half is sealed at rest and opened only to sign a registration's code; the public
 * half is handed to scanners, which tell a real code from a made-up one without the server.
 */

const INFO = 'guildhall/event-checkin-key';

/** A new check-in key for an event: the public half (raw, base64url) and the sealed private half (JSON). */
export function newCheckInKey(secret: string, eventId: string): { publicKey: string; sealedPrivateKey: string } {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const x = publicKey.export({ format: 'jwk' }).x as string;
  const der = privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64url');
  return { publicKey: x, sealedPrivateKey: JSON.stringify(seal(der, { info: INFO, aad: eventId, secret })) };
}

// Opened keys by event id: the door rush signs and verifies thousands of codes a minute.
const privateKeys = new Map<string, KeyObject>();
const publicKeys = new Map<string, KeyObject>();

function privateKeyOf(eventId: string, sealedPrivateKey: string, secret: string): KeyObject {
  let k = privateKeys.get(eventId);
  if (!k) {
    const der = unseal(JSON.parse(sealedPrivateKey) as SealedSecret, { info: INFO, aad: eventId, secret });
    k = createPrivateKey({ key: Buffer.from(der, 'base64url'), format: 'der', type: 'pkcs8' });
    privateKeys.set(eventId, k);
  }
  return k;
}

function publicKeyOf(publicKey: string): KeyObject {
  let k = publicKeys.get(publicKey);
  if (!k) {
    k = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: publicKey }, format: 'jwk' });
    publicKeys.set(publicKey, k);
  }
  return k;
}

/** The check-in code of one registration, signed with its event's key. */
export function signCheckInCode(event: { id: string; checkin_private_key: string }, registrationId: string, secret: string): string {
  const signed = signedPartOf(event.id, registrationId);
  const signature = sign(null, Buffer.from(signed), privateKeyOf(event.id, event.checkin_private_key, secret)).toString('base64url');
  return `${signed}.${signature}`;
}

/** The code's parts when it is well formed and signed by the key whose public half is given; otherwise null. */
export function verifyCheckInCode(code: string, publicKey: string): CheckInCode | null {
  const parsed = parseCheckInCode(code);
  if (!parsed) return null;
  const ok = verify(null, Buffer.from(parsed.signed), publicKeyOf(publicKey), Buffer.from(parsed.signature, 'base64url'));
  return ok ? parsed : null;
}
