import type { PortfolioItem } from '../../../contracts/portfolio.js';

/* How a portfolio item is named and described, in the member's portfolio and in the assessor's snapshot of it. */

export type ItemKind = PortfolioItem['kind'];

export const kindNames: Record<ItemKind, { one: string; section: string }> = {
  education: { one: 'education', section: 'Education' },
  certification: { one: 'certification', section: 'Training and certifications' },
  work: { one: 'job', section: 'Work history' },
  contribution: { one: 'contribution', section: 'Contributions to the industry' },
};

export const contributionLabels: Record<string, string> = {
  talk: 'Talk',
  article: 'Article',
  paper: 'Paper',
  'book-chapter': 'Book chapter',
  book: 'Book',
  committee: 'Committee or board role',
  mentoring: 'Mentoring',
  volunteering: 'Volunteering',
};
/** One line describing an item in its list. */
export function describe(item: PortfolioItem): { title: string; detail: string } {
  switch (item.kind) {
    case 'education':
      return { title: item.title, detail: [item.institution, item.status === 'enrolled' ? 'studying now' : item.awardedOn ? `awarded ${item.awardedOn}` : ''].filter(Boolean).join(' · ') };
    case 'certification':
      return { title: item.title, detail: [item.issuer, `awarded ${item.awardedOn}`, item.catalogueId ? '' : 'not in the catalogue: an assessor will value it'].filter(Boolean).join(' · ') };
    case 'work':
      return {
        title: `${item.roleTitle}, ${item.employer}`,
        detail: [`${item.startOn.slice(0, 7)} to ${item.endOn ? item.endOn.slice(0, 7) : 'now'}`, `responsibility level ${item.responsibilityLevel}`, item.itsm ? 'service management' : 'other work'].join(' · '),
      };
    case 'contribution':
      return {
        title: item.title,
        detail: [contributionLabels[item.type], 'date' in item ? item.date : `${item.startOn} to ${item.endOn ?? 'now'}`, 'hours' in item ? `${item.hours} hours` : ''].filter(Boolean).join(' · '),
      };
  }
}
