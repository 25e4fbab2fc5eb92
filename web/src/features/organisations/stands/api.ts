import type { OrganisationStand, OrganisationStands, StandStaff } from '../../../../../contracts/events-stands.js';
import { call } from '../../../api.js';

export type { OrganisationStand, OrganisationStands, StandStaff };
export type Person = OrganisationStands['people'][number];

const seg = encodeURIComponent;
const stand = (s: OrganisationStand) => `/api/v1/events/${seg(s.event.id)}/exhibitors/${seg(s.exhibitor.id)}`;

/*
 * The organisation's stands at events. Adding and releasing staff are the events API's own operations
 * (the same ones organisers use); this feature keeps its own small client rather than importing the events
 * feature's.
 */
export const standsApi = {
  list: (organisationId: string) => call<OrganisationStands>('GET', `/api/v1/organisations/${seg(organisationId)}/stands`),
  addStaff: (s: OrganisationStand, body: { email: string; name?: string }) => call<{ reference: string; name: string }>('POST', `${stand(s)}/staff`, body),
  release: (s: OrganisationStand, userId: string) => call<{ status: 'ok' }>('DELETE', `${stand(s)}/staff/${seg(userId)}`),
  leadsCsv: (s: OrganisationStand) => `${stand(s)}/leads.csv`,
  leadsPage: (s: OrganisationStand) => `/events/${seg(s.event.slug)}/leads`,
};

export const tierNames: Record<OrganisationStand['exhibitor']['tier'], string> = { platinum: 'Platinum', gold: 'Gold', silver: 'Silver', bronze: 'Bronze', supporter: 'Supporter' };
export const kindNames: Record<OrganisationStand['exhibitor']['kind'], string> = { sponsor: 'sponsor', exhibitor: 'exhibitor', both: 'sponsor and exhibitor' };
