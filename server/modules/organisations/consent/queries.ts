import type { ConsentScope } from '../../../../contracts/organisations-consent.js';
import type { Db, Tx } from '../../../db/database.js';
import { consentedMemberIds } from './consent.repository.js';

/*
 * What other parts of the module ask of consent. Both read the grants as they are in the caller's
 * transaction, so a revocation committed before it stops whatever the caller was about to do.
 */

/** The ids of members who granted the organisation sight of `scope` and have not revoked it. */
export async function consentedMembers(q: Db | Tx, organisationId: string, scope: ConsentScope): Promise<string[]> {
  const rows = await consentedMemberIds(q, organisationId, scope).execute();
  return rows.map((r) => r.member_id);
}

/** Whether the member has granted the organisation sight of `scope` (and not revoked it). */
export async function hasConsent(q: Db | Tx, organisationId: string, memberId: string, scope: ConsentScope): Promise<boolean> {
  const row = await consentedMemberIds(q, organisationId, scope).where('member_id', '=', memberId).executeTakeFirst();
  return row !== undefined;
}
