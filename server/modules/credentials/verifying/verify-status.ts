// Status checks (W3C Bitstring Status List): each entry's list credential is resolved, its own
// proof, issuer and dates checked, and the bit read. Revoked and suspended are named as such.
import type { DocumentLoader, JsonObject, Resolver } from '../document-loader.js';
import { decodeList, getBit } from '../status/status-list.js';
import { verifyDataIntegrity } from './verify-proof.js';

export type StatusOutcome = { ok: boolean; reason: string };
const asArray = <T>(x: T | T[] | undefined): T[] => (x === undefined ? [] : Array.isArray(x) ? x : [x]);

async function checkEntry(entry: JsonObject, issuerId: string, now: Date, resolve: Resolver | undefined, loader: DocumentLoader): Promise<StatusOutcome> {
  if (entry['type'] !== 'BitstringStatusListEntry') return { ok: false, reason: `Status type ${String(entry['type'])} is not supported; only BitstringStatusListEntry is checked.` };
  const url = String(entry['statusListCredential']);
  const purpose = String(entry['statusPurpose']);
  const index = Number(entry['statusListIndex']);
  const list = resolve ? await resolve(url).catch(() => null) : null;
  if (!list) return { ok: false, reason: `The ${purpose} status list ${url} could not be loaded, so the status is unknown.` };
  const proof = await verifyDataIntegrity(list, loader);
  if (!proof.ok) return { ok: false, reason: `The ${purpose} status list ${url} is not trustworthy: ${proof.reason}` };
  const listIssuer = typeof list['issuer'] === 'string' ? list['issuer'] : String((list['issuer'] as JsonObject)?.['id']);
  if (listIssuer !== issuerId || proof.method?.['controller'] !== issuerId) return { ok: false, reason: `The ${purpose} status list ${url} was not issued by the credential's issuer.` };
  if (list['validUntil'] && new Date(String(list['validUntil'])) <= now) return { ok: false, reason: `The ${purpose} status list ${url} has expired, so the status is unknown.` };
  const subject = list['credentialSubject'] as JsonObject;
  if (subject?.['statusPurpose'] !== purpose) return { ok: false, reason: `The status list ${url} is for ${String(subject?.['statusPurpose'])}, not ${purpose}.` };
  try {
    const set = getBit(decodeList(String(subject['encodedList'])), index);
    if (!set) return { ok: true, reason: `Not ${purpose === 'revocation' ? 'revoked' : purpose === 'suspension' ? 'suspended' : `flagged for ${purpose}`} (list ${url}, index ${index}).` };
    const word = purpose === 'revocation' ? 'revoked' : purpose === 'suspension' ? 'suspended' : `flagged for ${purpose}`;
    return { ok: false, reason: `The credential has been ${word} (list ${url}, index ${index}).` };
  } catch (error) {
    return { ok: false, reason: `The ${purpose} status list ${url} could not be read: ${(error as Error).message}` };
  }
}

export async function checkStatus(credential: JsonObject, issuerId: string, now: Date, resolve: Resolver | undefined, loader: DocumentLoader): Promise<StatusOutcome> {
  const entries = asArray(credential['credentialStatus'] as JsonObject | JsonObject[] | undefined);
  if (entries.length === 0) return { ok: true, reason: 'The credential carries no status entry; it cannot be revoked or suspended.' };
  const outcomes = await Promise.all(entries.map((e) => checkEntry(e, issuerId, now, resolve, loader)));
  const failed = outcomes.filter((o) => !o.ok);
  return failed.length ? { ok: false, reason: failed.map((o) => o.reason).join(' ') } : { ok: true, reason: outcomes.map((o) => o.reason).join(' ') };
}
