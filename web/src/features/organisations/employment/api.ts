import type { z } from 'zod';
import type { EmploymentLink, EmploymentRequest, LinkableOrganisations } from '../../../../../contracts/organisations-employment.js';
import { call } from '../../../api.js';

export type { EmploymentLink, EmploymentRequest };
export type LinkableOrganisation = z.infer<typeof LinkableOrganisations>['organisations'][number];

const org = (id: string) => `/api/v1/organisations/${encodeURIComponent(id)}/employment`;

/** Employment links: the member's side and the organisation's. */
export const employment = {
  mine: () => call<{ links: EmploymentLink[] }>('GET', '/api/v1/me/employment-links'),
  organisations: () => call<{ organisations: LinkableOrganisation[] }>('GET', '/api/v1/me/employment-links/organisations'),
  link: (body: { itemId: string; organisationId: string }) => call<EmploymentLink>('POST', '/api/v1/me/employment-links', body),
  end: (linkId: string) => call<EmploymentLink>('POST', `/api/v1/me/employment-links/${encodeURIComponent(linkId)}/end`),
  requests: (organisationId: string, status: 'pending' | 'all') => call<{ requests: EmploymentRequest[] }>('GET', `${org(organisationId)}?status=${status}`),
  confirm: (organisationId: string, linkId: string) => call<EmploymentRequest>('POST', `${org(organisationId)}/${encodeURIComponent(linkId)}/confirm`),
  dispute: (organisationId: string, linkId: string, reason: string) => call<EmploymentRequest>('POST', `${org(organisationId)}/${encodeURIComponent(linkId)}/dispute`, { reason }),
};

const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const monthYear = (d: string) => `${months[Number(d.slice(5, 7)) - 1] ?? ''} ${d.slice(0, 4)}`;
/** "March 2019 to now, responsibility level 4". */
export const periodText = (c: { startOn: string; endOn: string | null; responsibilityLevel: number }) =>
  `${monthYear(c.startOn)} to ${c.endOn === null ? 'now' : monthYear(c.endOn)}, responsibility level ${c.responsibilityLevel}`;
