import type { z } from 'zod';
import type {
  AcceptedInvite,
  MyOrganisations,
  Organisation,
  OrganisationList,
  OrganisationPeople,
  OrganisationStatus,
  PublicOrganisation,
  VerifiedDomain,
} from '../../../../contracts/organisations.js';
import { call, send } from '../../api.js';

/*
 * The organisations feature's client, shared by its parts (core, employment, consent, sponsorship,
 * recruiting, webhooks): each part adds its own object below or in a file of its own, using call from api.ts.
 */

export type OrganisationView = z.infer<typeof Organisation>;
export type OrganisationRow = z.infer<typeof OrganisationList>['organisations'][number];
export type OrganisationStatusName = z.infer<typeof OrganisationStatus>;
export type People = z.infer<typeof OrganisationPeople>;
export type PublicProfile = z.infer<typeof PublicOrganisation>;
export type MyOrganisation = z.infer<typeof MyOrganisations>['organisations'][number];
export type OrganisationRoleName = MyOrganisation['role'];

const seg = encodeURIComponent;
const org = (id: string, rest = '') => `/api/v1/organisations/${seg(id)}${rest}`;

export type Details = { name: string; country: string; slug?: string; website?: string; description?: string };

export const organisations = {
  mine: () => call<z.infer<typeof MyOrganisations>>('GET', '/api/v1/me/organisations'),
  list: (status?: OrganisationStatusName) => call<z.infer<typeof OrganisationList>>('GET', `/api/v1/organisations${status ? `?status=${status}` : ''}`),
  create: (body: Details & { adminEmail: string }) => call<OrganisationView>('POST', '/api/v1/organisations', body),
  request: (body: Details) => call<OrganisationView>('POST', '/api/v1/organisations/requests', body),
  approve: (id: string, reason?: string) => call<OrganisationView>('POST', org(id, '/approve'), reason ? { reason } : {}),
  decline: (id: string, reason: string) => call<OrganisationView>('POST', org(id, '/decline'), { reason }),
  get: (id: string) => call<OrganisationView>('GET', org(id)),
  update: (id: string, body: { name?: string; country?: string; website?: string | null; description?: string | null }) => call<OrganisationView>('PATCH', org(id), body),
  uploadLogo: (id: string, file: File) => {
    const form = new FormData();
    form.set('file', file);
    return send<OrganisationView>(org(id, '/logo'), form);
  },
  addDomain: (id: string, domain: string, email: string) => call<OrganisationView>('POST', org(id, '/domains'), { domain, email }),
  removeDomain: (id: string, domain: string) => call<OrganisationView>('DELETE', org(id, `/domains/${seg(domain)}`)),
  verifyDomain: (token: string) => call<z.infer<typeof VerifiedDomain>>('POST', '/api/v1/organisation-domains/verify', { token }),
  people: (id: string) => call<People>('GET', org(id, '/people')),
  invite: (id: string, email: string, role: OrganisationRoleName) => call<People>('POST', org(id, '/invites'), { email, role }),
  revokeInvite: (id: string, inviteId: string) => call<People>('DELETE', org(id, `/invites/${seg(inviteId)}`)),
  acceptInvite: (token: string) => call<z.infer<typeof AcceptedInvite>>('POST', '/api/v1/organisation-invites/accept', { token }),
  changeRole: (id: string, userId: string, role: OrganisationRoleName) => call<People>('PUT', org(id, `/people/${seg(userId)}`), { role }),
  removePerson: (id: string, userId: string) => call<People>('DELETE', org(id, `/people/${seg(userId)}`)),
  publicProfile: (slug: string) => call<PublicProfile>('GET', `/api/v1/public/organisations/${seg(slug)}`),
};

export const roleNames: Record<OrganisationRoleName, string> = { admin: 'Administrator', hr: 'HR', line_manager: 'Line manager' };
export const statusNames: Record<OrganisationStatusName, string> = { requested: 'Requested', active: 'Active', declined: 'Declined', suspended: 'Suspended' };
