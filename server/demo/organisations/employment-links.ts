import type { WorkItem } from '../../../contracts/portfolio.js';
import type { Tx } from '../../db/database.js';
import { newId } from '../../platform/ids.js';

/** A member's work item linked to an organisation, confirmed (as the item reads) or still pending, in the demo. */
export async function demoEmploymentLink(tx: Tx, organisationId: string, memberId: string, status: 'confirmed' | 'pending', at: Date, decidedBy: string | null = null): Promise<boolean> {
  const row = await tx.selectFrom('portfolio_items').select(['id', 'data']).where('member_id', '=', memberId).where('kind', '=', 'work').orderBy('id').executeTakeFirst();
  if (!row) return false;
  const w = JSON.parse(row.data) as WorkItem;
  const confirmed = status === 'confirmed';
  await tx
    .insertInto('employment_links')
    .values({
      id: newId(),
      member_id: memberId,
      item_id: row.id,
      organisation_id: organisationId,
      status,
      requested_at: new Date(at.getTime() - 2 * 86_400_000).toISOString(),
      decided_at: confirmed ? at.toISOString() : null,
      decided_by: confirmed ? decidedBy : null,
      dispute_reason: null,
      confirmed_start_on: confirmed ? w.startOn : null,
      confirmed_end_on: confirmed ? w.endOn : null,
      confirmed_level: confirmed ? w.responsibilityLevel : null,
      confirmed_role_title: confirmed ? w.roleTitle : null,
      ended_at: null,
    })
    .execute();
  return true;
}
