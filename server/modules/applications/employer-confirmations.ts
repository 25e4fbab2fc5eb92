import type { ApplicationView } from '../../../contracts/applications.js';
import type { PortfolioItem, WorkItem } from '../../../contracts/portfolio.js';
import type { Db, Tx } from '../../db/database.js';
import { employmentConfirmationsOf, matchesConfirmation } from '../organisations/employment/queries.js';
import { claimSummary, monthYear } from './claims.rules.js';

type Referee = NonNullable<ApplicationView['assessment']>['referees'][number];

const period = (c: { startOn: string; endOn: string | null }) => `${monthYear(c.startOn)} to ${c.endOn === null ? 'now' : monthYear(c.endOn)}`;

/**
 * An employer's confirmation of a work item frozen with the application, as a referee's answer to that claim
 * (same claim id as a named referee's): a confirmation that still matches the frozen claim (period and
 * responsibility level) confirms it; one that no longer matches is shown as disputed, with what was confirmed.
 */
export async function employerReferees(q: Db | Tx, applicantId: string, items: readonly PortfolioItem[]): Promise<Referee[]> {
  const work = new Map(items.filter((i): i is WorkItem => i.kind === 'work').map((w) => [w.id, w]));
  const out: Referee[] = [];
  for (const c of await employmentConfirmationsOf(q, applicantId)) {
    const item = work.get(c.itemId);
    if (!item) continue;
    const same = matchesConfirmation(item, c);
    const on = c.confirmedAt.slice(0, 10);
    out.push({
      // The person who confirmed for the organisation stands where a referee's address would.
      name: c.organisation.name,
      email: c.confirmedBy?.email ?? '',
      relationship: c.confirmedBy ? `Employer, confirmed through Guildhall by ${c.confirmedBy.name}` : 'Employer, confirmed through Guildhall',
      status: 'answered',
      answeredAt: c.confirmedAt,
      answers: [
        {
          claimId: `${item.id}.role`,
          itemId: item.id,
          summary: claimSummary(item),
          answer: same ? 'confirm' : 'dispute',
          comment: same
            ? `Confirmed by ${c.organisation.name} on ${on}.`
            : `Changed since confirmed: ${c.organisation.name} confirmed ${period(c)}, responsibility level ${c.responsibilityLevel} on ${on}.`,
        },
      ],
    });
  }
  return out;
}
