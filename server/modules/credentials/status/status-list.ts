// W3C Bitstring Status List v1.0, pure: a bitstring where index 0 is the left-most (most
// significant) bit of the first byte, published GZIP-compressed as multibase base64url ("u").
import { gunzipSync, gzipSync } from 'node:zlib';
import { type JsonObject, VC_V2_CONTEXT } from '../document-loader.js';

/** The specification's minimum, so that one set bit does not single out a holder (16 KiB). */
export const MIN_LIST_LENGTH = 131_072;
export type StatusPurpose = 'revocation' | 'suspension';

/** An all-clear bitstring of `length` bits (a whole number of bytes, at least the minimum). */
export function createBitstring(length = MIN_LIST_LENGTH): Uint8Array {
  if (!Number.isInteger(length) || length < MIN_LIST_LENGTH || length % 8 !== 0) {
    throw new Error(`A status list needs a multiple of 8 entries, at least ${MIN_LIST_LENGTH}`);
  }
  return new Uint8Array(length / 8);
}

function position(bits: Uint8Array, index: number): [number, number] {
  if (!Number.isInteger(index) || index < 0 || index >= bits.length * 8) throw new RangeError(`Status list index ${index} is outside the list`);
  return [index >> 3, 0x80 >> (index & 7)];
}

export function getBit(bits: Uint8Array, index: number): boolean {
  const [byte, mask] = position(bits, index);
  return ((bits[byte] as number) & mask) !== 0;
}

export function setBit(bits: Uint8Array, index: number, value: boolean): void {
  const [byte, mask] = position(bits, index);
  bits[byte] = value ? (bits[byte] as number) | mask : (bits[byte] as number) & ~mask;
}

export function encodeList(bits: Uint8Array): string {
  return `u${gzipSync(bits).toString('base64url')}`;
}

export function decodeList(encoded: string): Uint8Array {
  if (!encoded.startsWith('u')) throw new Error('encodedList must be multibase base64url (prefix "u")');
  return new Uint8Array(gunzipSync(Buffer.from(encoded.slice(1), 'base64url')));
}

/** The entry a credential carries for one purpose at one index of a list. */
export function statusEntry(input: { listUrl: string; index: number; purpose: StatusPurpose }): JsonObject {
  return {
    id: `${input.listUrl}#${input.index}`,
    type: 'BitstringStatusListEntry',
    statusPurpose: input.purpose,
    statusListIndex: String(input.index),
    statusListCredential: input.listUrl,
  };
}

/** The unsigned status list credential published at `listUrl`. */
export function statusListCredential(input: { listUrl: string; issuer: string; purpose: StatusPurpose; bits: Uint8Array; validFrom: Date; validUntil?: Date }): JsonObject {
  return {
    '@context': [VC_V2_CONTEXT],
    id: input.listUrl,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: input.issuer,
    validFrom: input.validFrom.toISOString(),
    ...(input.validUntil ? { validUntil: input.validUntil.toISOString() } : {}),
    credentialSubject: { id: `${input.listUrl}#list`, type: 'BitstringStatusList', statusPurpose: input.purpose, encodedList: encodeList(input.bits) },
  };
}
