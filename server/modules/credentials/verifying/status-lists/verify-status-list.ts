// Status lists made of bits: the W3C Bitstring Status List (BitstringStatusListEntry) and its
// predecessor, the W3C CCG Status List 2021 (StatusList2021Entry). Both publish a credential whose
// subject holds a GZIP-compressed bitstring, index 0 being the left-most bit of the first byte; they
// differ in names and in the text form of the list (multibase base64url "u…" against plain base64).
// A list that cannot be fetched, trusted, dated or read leaves the status unknown, never revoked.
import { gunzipSync } from 'node:zlib';
import type { JsonObject } from '../../document-loader.js';
import { getBit } from '../../status/status-list.js';
import { type CheckDetails, failed, passed, type SettledCheck, unknown, warning } from '../checks.js';
import { asArray, idOf } from '../json.js';
import { loadStatusDocument, type StatusContext } from './status-fetch.js';
import { verifyDataIntegrity } from '../proofs/verify-proof.js';

/** Largest decompressed list read (128 Mi entries): a few hundred KB of GZIP must not become gigabytes in memory. */
export const MAX_LIST_BYTES = 16 * 1024 * 1024;

type BitList = { entry: string; credential: string; subject: string; decode: (encoded: string) => Uint8Array };

function gunzip(bytes: Buffer): Uint8Array {
  try {
    return new Uint8Array(gunzipSync(bytes, { maxOutputLength: MAX_LIST_BYTES }));
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw new Error(`the list decompresses to more than ${MAX_LIST_BYTES / 1024 / 1024} MiB`);
    throw new Error(`encodedList is not GZIP data (${(error as Error).message})`);
  }
}

const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

export const BIT_LISTS: Record<string, BitList> = {
  BitstringStatusListEntry: {
    entry: 'BitstringStatusListEntry',
    credential: 'BitstringStatusListCredential',
    subject: 'BitstringStatusList',
    decode: (encoded) => {
      if (!encoded.startsWith('u') || !BASE64.test(encoded.slice(1))) throw new Error('encodedList is not multibase base64url (prefix "u")');
      return gunzip(Buffer.from(encoded.slice(1), 'base64url'));
    },
  },
  StatusList2021Entry: {
    entry: 'StatusList2021Entry',
    credential: 'StatusList2021Credential',
    subject: 'StatusList2021',
    // Plain base64 by the specification, base64url in the reference library (Node reads both). GZIP
    // in base64 always starts "H4sI", so a multibase "u" before it (issuers moving to the W3C form) is unambiguous.
    decode: (encoded) => {
      const text = encoded.startsWith('uH4sI') ? encoded.slice(1) : encoded;
      if (!BASE64.test(text)) throw new Error('encodedList is not base64');
      return gunzip(Buffer.from(text, 'base64'));
    },
  },
};

const WORDS: Record<string, string> = { revocation: 'revoked', suspension: 'suspended' };

function dateOf(x: unknown): Date | undefined {
  if (typeof x !== 'string') return undefined;
  const t = Date.parse(x);
  return Number.isNaN(t) ? undefined : new Date(t);
}

/** One bit-list entry: passed when its bit is clear, failed when set (revocation, suspension), unknown when the list cannot be relied on. */
export async function checkBitListEntry(kind: BitList, entry: JsonObject, ctx: StatusContext): Promise<SettledCheck> {
  const url = typeof entry['statusListCredential'] === 'string' ? entry['statusListCredential'] : '';
  const purpose = typeof entry['statusPurpose'] === 'string' ? entry['statusPurpose'] : '';
  const rawIndex = entry['statusListIndex'];
  const index = typeof rawIndex === 'string' && /^\d{1,10}$/.test(rawIndex) ? Number(rawIndex) : typeof rawIndex === 'number' && Number.isSafeInteger(rawIndex) && rawIndex >= 0 ? rawIndex : -1;
  const details: CheckDetails = { type: kind.entry, list: url || null, purpose: purpose || null, index: index >= 0 ? index : null, bit: null };
  const missing = [!url && 'statusListCredential', !purpose && 'statusPurpose', index < 0 && 'statusListIndex (a whole number of 0 or more)'].filter(Boolean);
  if (missing.length) return unknown('status', `Status unknown: the ${kind.entry} entry lacks a valid ${missing.join(', ')}.`, details);
  const where = `the ${purpose} status list ${url}`;
  const unknownBecause = (why: string) => unknown('status', `Status unknown: ${where} ${why}, so index ${index} could not be read.`, details);

  const loaded = await loadStatusDocument(ctx.resolve, url);
  if ('error' in loaded) return unknownBecause(`could not be loaded (${loaded.error})`);
  const list = loaded.doc;
  if (!asArray(list['type']).includes(kind.credential)) return unknownBecause(`is not a ${kind.credential} (its type is ${JSON.stringify(list['type'] ?? null)})`);
  // A list anyone could have written says nothing about this credential; the bit is only read from one the issuer signed.
  const proof = await verifyDataIntegrity(list, ctx.loader);
  if (!proof.ok) return unknownBecause(`is not trustworthy (${proof.reason.replace(/\.$/, '')})`);
  const listIssuer = idOf(list['issuer']);
  if (listIssuer !== ctx.issuerId) return unknownBecause(`was issued by ${String(listIssuer)}, not by the credential's issuer ${ctx.issuerId}`);
  const controller = proof.method?.['controller'];
  if (controller === undefined) return unknownBecause(`is signed with the key ${String(proof.method?.['id'])}, whose control by the credential's issuer ${ctx.issuerId} could not be confirmed`);
  if (controller !== ctx.issuerId) return unknownBecause(`is signed with a key of ${String(controller)}, not of the credential's issuer ${ctx.issuerId}`);
  const until = dateOf(list['validUntil'] ?? list['expirationDate']);
  if (until && until <= ctx.now) return unknownBecause(`expired on ${until.toISOString()}`);
  const from = dateOf(list['validFrom']);
  if (from && from > ctx.now) return unknownBecause(`is not valid before ${from.toISOString()}`);

  const subject = asArray(list['credentialSubject'])[0] as JsonObject | undefined;
  if (!subject || typeof subject !== 'object') return unknownBecause('has no credentialSubject');
  if (subject['type'] !== undefined && !asArray(subject['type']).includes(kind.subject)) return unknownBecause(`holds a ${JSON.stringify(subject['type'])}, not a ${kind.subject}`);
  // A Bitstring list may serve several purposes; some Status List 2021 issuers capitalise theirs ("Revocation").
  const listPurposes = asArray(subject['statusPurpose']).map((x) => String(x).toLowerCase());
  if (!listPurposes.includes(purpose.toLowerCase())) return unknownBecause(`is for ${JSON.stringify(subject['statusPurpose'] ?? null)}, not ${purpose}`);
  const size = entry['statusSize'] ?? subject['statusSize'] ?? 1;
  if (size !== 1 && size !== '1') return unknownBecause(`uses ${String(size)} bits an entry, and only one-bit entries are read here`);
  if (typeof subject['encodedList'] !== 'string') return unknownBecause('has no encodedList');
  let bit: boolean;
  try {
    bit = getBit(kind.decode(subject['encodedList']), index);
  } catch (error) {
    return unknownBecause(`could not be read (${(error as Error).message})`);
  }
  const at = { ...details, bit: bit ? 1 : 0 };
  const word = WORDS[purpose.toLowerCase()];
  if (!bit) return passed('status', `Not ${word ?? `flagged for ${purpose}`}: the bit at index ${index} of the ${purpose} status list ${url} is 0.`, at);
  if (word) return failed('status', `The credential has been ${word} (list ${url}, index ${index}): the ${purpose} bit is 1.`, at);
  // A set refresh bit says a newer copy exists, not that this one is invalid; other purposes are the issuer's own.
  if (purpose.toLowerCase() === 'refresh') return warning('status', `The issuer has a newer version of this credential (refresh list ${url}, index ${index}: the bit is 1).`, at);
  return unknown('status', `Status unknown: the bit at index ${index} of the ${purpose} status list ${url} is 1, and the purpose ${purpose} is not one this verifier can judge.`, at);
}
