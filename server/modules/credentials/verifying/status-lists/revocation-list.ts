// Open Badges 3.0's 1EdTech Revocation List Status Method: the entry's `id` is the URL of a plain JSON
// revocation list (not a credential, not signed) whose `revokedCredentials` name the issuer's revoked
// credentials by `id`, each with an optional `revoked` flag and `revocationReason`. What vouches for
// the list is the URL itself, written by the issuer into the credential it signed and fetched over https.
import type { JsonObject } from '../../document-loader.js';
import { type CheckDetails, failed, passed, type SettledCheck, unknown } from '../checks.js';
import { idOf } from '../json.js';
import { loadStatusDocument, type StatusContext } from './status-fetch.js';

export const REVOCATION_LIST_TYPE = '1EdTechRevocationList';
/** A reason is shown as the issuer wrote it, up to this length. */
const MAX_REASON_CHARS = 500;

export async function checkRevocationListEntry(entry: JsonObject, credential: JsonObject, ctx: StatusContext): Promise<SettledCheck> {
  const url = typeof entry['id'] === 'string' ? entry['id'] : '';
  const credentialId = typeof credential['id'] === 'string' ? credential['id'] : '';
  const details: CheckDetails = { type: REVOCATION_LIST_TYPE, list: url || null, purpose: 'revocation', credential: credentialId || null, revoked: null };
  if (!url) return unknown('status', `Status unknown: the ${REVOCATION_LIST_TYPE} entry has no id, the URL of its revocation list.`, details);
  if (!credentialId) return unknown('status', `Status unknown: the credential has no id, so the revocation list ${url} cannot name it.`, details);
  const unknownBecause = (why: string) => unknown('status', `Status unknown: the revocation list ${url} ${why}, so whether ${credentialId} is revoked is not known.`, details);

  const loaded = await loadStatusDocument(ctx.resolve, url);
  if ('error' in loaded) return unknownBecause(`could not be loaded (${loaded.error})`);
  const list = loaded.doc;
  const listed = list['revokedCredentials'];
  if (!Array.isArray(listed)) return unknownBecause('is not a revocation list (it has no revokedCredentials array)');
  const listIssuer = idOf(list['issuer']);
  if (listIssuer !== undefined && listIssuer !== ctx.issuerId) return unknownBecause(`is the list of ${listIssuer}, not of the credential's issuer ${ctx.issuerId}`);

  const hit = listed.find((x): x is JsonObject => !!x && typeof x === 'object' && (x as JsonObject)['id'] === credentialId);
  if (!hit) return passed('status', `Not revoked: the revocation list ${url} does not name ${credentialId}.`, { ...details, revoked: false });
  if (hit['revoked'] === false) return passed('status', `Not revoked: the revocation list ${url} names ${credentialId} with revoked false.`, { ...details, revoked: false });
  const reason = typeof hit['revocationReason'] === 'string' ? hit['revocationReason'].trim().slice(0, MAX_REASON_CHARS) : '';
  return failed(
    'status',
    `The credential has been revoked: the revocation list ${url} names ${credentialId}${reason ? `, for this reason: “${reason}”` : ', without a reason'}.`,
    { ...details, revoked: true, ...(reason ? { revocationReason: reason } : {}) },
  );
}
