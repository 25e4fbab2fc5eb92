import type { z } from 'zod';
import type { GoalSuggestion, SponsorableMembers, Sponsorship } from '../../../../../contracts/organisations-sponsorship.js';
import { call } from '../../../api.js';

export type { GoalSuggestion, Sponsorship };
export type SponsorableMember = z.infer<typeof SponsorableMembers>['members'][number];

const org = (id: string) => `/api/v1/organisations/${encodeURIComponent(id)}`;

/** Sponsorship offers and suggested goals: the organisation's side and the member's. */
export const sponsorship = {
  members: (organisationId: string) => call<{ members: SponsorableMember[] }>('GET', `${org(organisationId)}/sponsorship/members`),
  offers: (organisationId: string) => call<{ sponsorships: Sponsorship[] }>('GET', `${org(organisationId)}/sponsorships`),
  offer: (organisationId: string, body: { kind: 'application_fee'; applicationId: string; note?: string } | { kind: 'event_ticket'; registrationId: string; note?: string }) => call<Sponsorship>('POST', `${org(organisationId)}/sponsorships`, body),
  markPaid: (organisationId: string, id: string) => call<Sponsorship>('POST', `${org(organisationId)}/sponsorships/${encodeURIComponent(id)}/paid`),
  goals: (organisationId: string) => call<{ suggestions: GoalSuggestion[] }>('GET', `${org(organisationId)}/goal-suggestions`),
  suggest: (organisationId: string, body: { memberId: string; text: string; by?: string | null }) => call<GoalSuggestion>('POST', `${org(organisationId)}/goal-suggestions`, body),
  myOffers: () => call<{ sponsorships: Sponsorship[] }>('GET', '/api/v1/me/sponsorships'),
  answerOffer: (id: string, answer: 'accept' | 'decline') => call<Sponsorship>('POST', `/api/v1/me/sponsorships/${encodeURIComponent(id)}/${answer}`),
  myGoals: () => call<{ suggestions: GoalSuggestion[] }>('GET', '/api/v1/me/goal-suggestions'),
  answerGoal: (id: string, answer: 'accept' | 'decline') => call<GoalSuggestion>('POST', `/api/v1/me/goal-suggestions/${encodeURIComponent(id)}/${answer}`),
};

export const offerStatus: Record<Sponsorship['status'], string> = { offered: 'Offered', accepted: 'Accepted', declined: 'Declined', paid: 'Paid', withdrawn: 'Withdrawn' };

/** What an offer pays, in words ("Member application fee", "ticket for Summit (Non-member)"), and its fee. */
export function sponsored(s: Sponsorship): { what: string; fee: { amount: number; currency: string } | null } {
  if (s.ticket) return { what: `ticket for ${s.ticket.eventTitle} (${s.ticket.ticketName})`, fee: s.ticket.fee };
  return { what: `${s.application?.levelName ?? ''} application fee`, fee: s.application?.fee ?? null };
}
