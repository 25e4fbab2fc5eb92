/*
 * A registration's check-in code, as carried in its QR code: `1.<event>.<registration>.<signature>`, the
 * two ids as base64url of their 16 bytes and the signature an Ed25519 signature (base64url) of everything
 * before the last dot, made with the event's check-in key. Plain functions without zod or Buffer, so the
 * check-in page can read a code offline and check its signature against the event's public key.
 */

export type CheckInCode = { eventId: string; registrationId: string; signed: string; signature: string };

const B64 = /^[A-Za-z0-9_-]+$/;

function bytesOfBase64url(s: string): Uint8Array | null {
  if (!B64.test(s) || s.length % 4 === 1) return null;
  const bin = atob(s.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (s.length % 4)) % 4));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function base64urlOfBytes(b: Uint8Array): string {
  let bin = '';
  for (const x of b) bin += String.fromCharCode(x);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** A UUID as base64url of its 16 bytes (22 characters). */
export function compactId(uuid: string): string {
  const hex = uuid.replace(/-/g, '');
  const b = new Uint8Array(16);
  for (let i = 0; i < 16; i++) b[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return base64urlOfBytes(b);
}

function uuidOf(compact: string): string | null {
  const b = bytesOfBase64url(compact);
  if (!b || b.length !== 16) return null;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** The text a check-in key signs for one registration. */
export const signedPartOf = (eventId: string, registrationId: string) => `1.${compactId(eventId)}.${compactId(registrationId)}`;

/** The parts of a code, or null when it is not one (the signature is not checked here). */
export function parseCheckInCode(code: string): CheckInCode | null {
  const [version, event, registration, signature, ...rest] = code.trim().split('.');
  if (version !== '1' || !event || !registration || !signature || rest.length > 0) return null;
  const eventId = uuidOf(event);
  const registrationId = uuidOf(registration);
  if (!eventId || !registrationId || !bytesOfBase64url(signature)) return null;
  return { eventId, registrationId, signed: `1.${event}.${registration}`, signature };
}

/** Bytes of a base64url text (a signature or a raw public key), or null. */
export const base64urlBytes = bytesOfBase64url;
