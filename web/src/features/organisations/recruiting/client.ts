import type { CandidatePage, ContactReports, ReceivedMessages, SentMessages } from '../../../../../contracts/organisations-recruiting.js';
import { call, query } from '../../../api.js';

export type { CandidatePage, ContactReports, ReceivedMessages, SentMessages };

const seg = encodeURIComponent;

/** Employers' candidate search and messages, members' received messages, reports for scheme administrators. */
export const recruiting = {
  search: (organisationId: string, q: Record<string, string>) => call<CandidatePage>('GET', `/api/v1/organisations/${seg(organisationId)}/candidates${query(q)}`),
  contact: (organisationId: string, candidateId: string, body: { subject: string; body: string }) =>
    call<{ id: string; sentAt: string }>('POST', `/api/v1/organisations/${seg(organisationId)}/candidates/${seg(candidateId)}/messages`, body),
  sent: (organisationId: string) => call<SentMessages>('GET', `/api/v1/organisations/${seg(organisationId)}/messages`),
  mine: () => call<ReceivedMessages>('GET', '/api/v1/me/messages'),
  reply: (contactId: string, body: { body: string }) => call<{ status: 'ok' }>('POST', `/api/v1/me/messages/${seg(contactId)}/reply`, body),
  report: (body: { token?: string; messageId?: string; reason: string }) => call<{ status: 'accepted'; message: string }>('POST', '/api/v1/contact-reports', body),
  reports: () => call<ContactReports>('GET', '/api/v1/admin/contact-reports'),
  setMessaging: (organisationId: string, body: { suspended: boolean; reason?: string }) =>
    call<{ organisationId: string; suspended: boolean }>('PUT', `/api/v1/admin/organisations/${seg(organisationId)}/messaging`, body),
};
