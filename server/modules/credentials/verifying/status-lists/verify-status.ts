// The status check: each credentialStatus entry checked by its type (W3C Bitstring Status List, W3C CCG
// Status List 2021, Open Badges 3.0's 1EdTech Revocation List), then one verdict for all of them:
// failed beats unknown beats warning beats passed, with every entry's reason kept, the decisive first.
import type { DocumentLoader, JsonObject, Resolver } from '../../document-loader.js';
import { overallOutcome, passed, type SettledCheck, unknown } from '../checks.js';
import { checkRevocationListEntry, REVOCATION_LIST_TYPE } from './revocation-list.js';
import { asArray } from '../json.js';
import type { StatusContext } from './status-fetch.js';
import { BIT_LISTS, checkBitListEntry } from './verify-status-list.js';

export const CHECKED_STATUS_TYPES = [...Object.keys(BIT_LISTS), REVOCATION_LIST_TYPE];
const RANK = { failed: 0, unknown: 1, warning: 2, passed: 3 } as const;

function checkEntry(entry: unknown, credential: JsonObject, ctx: StatusContext): Promise<SettledCheck> | SettledCheck {
  if (!entry || typeof entry !== 'object' || Array.isArray(entry)) return unknown('status', 'Status unknown: a credentialStatus entry is not an object.', { type: null });
  const e = entry as JsonObject;
  const types = asArray(e['type']);
  const type = types.find((t): t is string => typeof t === 'string' && CHECKED_STATUS_TYPES.includes(t));
  if (type === REVOCATION_LIST_TYPE) return checkRevocationListEntry(e, credential, ctx);
  const bitList = type ? BIT_LISTS[type] : undefined;
  if (bitList) return checkBitListEntry(bitList, e, ctx);
  const named = types.length ? types.map((t) => String(t)).join(', ') : '(none)';
  return unknown('status', `Status unknown: the status type ${named} is not one this verifier checks (it checks ${CHECKED_STATUS_TYPES.join(', ')}).`, { type: named });
}

/** One check for all entries; its details are those of the entry that decided it, with the number of entries. */
function combine(results: SettledCheck[]): SettledCheck {
  if (results.length === 1) return results[0]!;
  const outcome = overallOutcome(results);
  const ordered = [...results].sort((a, b) => RANK[a.outcome] - RANK[b.outcome]);
  return { check: 'status', ok: outcome === 'passed', outcome, reason: ordered.map((r) => r.reason).join(' '), details: { ...ordered[0]!.details, entries: results.length } };
}

export async function checkStatus(credential: JsonObject, issuerId: string, now: Date, resolve: Resolver | undefined, loader: DocumentLoader): Promise<SettledCheck> {
  const entries = asArray(credential['credentialStatus']);
  if (entries.length === 0) return passed('status', 'The credential carries no status entry; it cannot be revoked or suspended.');
  const ctx: StatusContext = { issuerId, now, resolve, loader };
  return combine(await Promise.all(entries.map((e) => checkEntry(e, credential, ctx))));
}
