import type { ContributionItem, EducationItem, PortfolioItem, WorkItem } from '../../../contracts/portfolio.js';

/* Builders for portfolio items, shared by the tests and the benchmark; concise on purpose. */

export { loadDefaultScheme } from '../schemes/default-scheme.js';

export const degree = (id: string, qualificationId: string | null, awardedOn = '2010-06-30'): EducationItem => ({
  id,
  kind: 'education',
  qualificationId,
  title: qualificationId ?? 'Unlisted qualification',
  status: 'completed',
  awardedOn,
});
export const enrolled = (id: string): EducationItem => ({ id, kind: 'education', qualificationId: 'bachelors-degree', title: 'BSc Computing', status: 'enrolled' });

export const cert = (id: string, catalogueId: string | null, awardedOn = '2020-01-15', assessorPoints?: number | null): PortfolioItem => ({
  id,
  kind: 'certification',
  catalogueId,
  title: catalogueId ?? `Other certification ${id}`,
  awardedOn,
  ...(assessorPoints === undefined ? {} : { assessorPoints }),
});

export const job = (id: string, startOn: string, endOn: string | null, responsibilityLevel: number, itsm = true): WorkItem => ({
  id,
  kind: 'work',
  employer: `Employer ${id}`,
  roleTitle: 'Service manager',
  startOn,
  endOn,
  itsm,
  responsibilityLevel,
  skills: ['incident-management'],
});

export const talk = (id: string, date = '2024-05-01'): ContributionItem => ({ id, kind: 'contribution', type: 'talk', title: `Talk ${id}`, date });
export const oneOff = (id: string, type: 'article' | 'paper' | 'book-chapter' | 'book', date = '2023-03-01'): ContributionItem => ({
  id,
  kind: 'contribution',
  type,
  title: `${type} ${id}`,
  date,
});
export const period = (id: string, type: 'committee' | 'mentoring', startOn: string, endOn: string | null): ContributionItem => ({
  id,
  kind: 'contribution',
  type,
  title: `${type} ${id}`,
  startOn,
  endOn,
});
export const volunteering = (id: string, hours: number, startOn = '2024-01-01', endOn: string | null = '2024-12-31'): ContributionItem => ({
  id,
  kind: 'contribution',
  type: 'volunteering',
  title: `Volunteering ${id}`,
  startOn,
  endOn,
  hours,
});
