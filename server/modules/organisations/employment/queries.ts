import type { WorkItem } from '../../../../contracts/portfolio.js';
import type { Db, Tx } from '../../../db/database.js';

/*
 * What other modules read of employment links: the confirmations of a member's work items (the assessor's
 * workbench counts them as a referee's confirmation of the claim).
 */

export type EmploymentConfirmation = {
  itemId: string;
  organisation: { id: string; name: string };
  confirmedAt: string;
  /** Who confirmed it for the organisation (null in demo data seeded without one). */
  confirmedBy: { name: string; email: string } | null;
  roleTitle: string;
  startOn: string;
  endOn: string | null;
  responsibilityLevel: number;
};

/** Every confirmation of the member's work items, ended links included (confirmed history stays confirmed). */
export async function employmentConfirmationsOf(q: Db | Tx, memberId: string): Promise<EmploymentConfirmation[]> {
  const rows = await q
    .selectFrom('employment_links as l')
    .innerJoin('organisations as o', 'o.id', 'l.organisation_id')
    .leftJoin('users as u', 'u.id', 'l.decided_by')
    .select(['u.name as by_name', 'u.email as by_email'])
    .select(['l.item_id', 'l.organisation_id', 'o.name', 'l.decided_at', 'l.confirmed_role_title', 'l.confirmed_start_on', 'l.confirmed_end_on', 'l.confirmed_level'])
    .where('l.member_id', '=', memberId)
    .where('l.status', '=', 'confirmed')
    .orderBy('l.decided_at')
    .execute();
  return rows.map((r) => ({
    itemId: r.item_id,
    organisation: { id: r.organisation_id, name: r.name },
    confirmedAt: r.decided_at ?? '',
    confirmedBy: r.by_email ? { name: r.by_name ?? '', email: r.by_email } : null,
    roleTitle: r.confirmed_role_title ?? '',
    startOn: r.confirmed_start_on ?? '',
    endOn: r.confirmed_end_on,
    responsibilityLevel: r.confirmed_level ?? 0,
  }));
}

/** Whether the claim still says what was confirmed: the period and the responsibility level. */
export function matchesConfirmation(item: Pick<WorkItem, 'startOn' | 'endOn' | 'responsibilityLevel'>, c: Pick<EmploymentConfirmation, 'startOn' | 'endOn' | 'responsibilityLevel'>): boolean {
  return item.startOn === c.startOn && item.endOn === c.endOn && item.responsibilityLevel === c.responsibilityLevel;
}
