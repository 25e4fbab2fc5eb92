import { z } from 'zod';
import { IsoDate } from './portfolio.js';
import './messages.js';

/*
 * Organisations paying for development (an application's fee or an event ticket): offerSponsorship, listSponsorships, markSponsorshipPaid,
 * suggestCpdGoal, listGoalSuggestions (the organisation); listMySponsorships, acceptSponsorship,
 * declineSponsorship, listMyGoalSuggestions, acceptCpdGoal, declineCpdGoal (the member).
 */

const id = (what: string) => z.string({ error: `Give ${what} (text)` }).min(1, `Give ${what}`).max(100, 'Use at most 100 characters');

export const OrganisationSponsorshipParams = z.strictObject({ organisationId: id('the organisation id') });
export const OrganisationSponsorshipItemParams = z.strictObject({ organisationId: id('the organisation id'), sponsorshipId: id('the sponsorship id') });
export const SponsorshipParams = z.strictObject({ sponsorshipId: id('the sponsorship id') });
export const GoalSuggestionParams = z.strictObject({ suggestionId: id('the suggestion id') });

/** An application's fee, or a member's event ticket with a fee (its registration). */
export const sponsorshipKinds = ['application_fee', 'event_ticket'] as const;

const note = z.string().trim().max(500, 'Use at most 500 characters').optional();
export const OfferSponsorshipBody = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('application_fee'), applicationId: z.string({ error: 'Choose an application' }).min(1, 'Choose an application').max(100, 'Use at most 100 characters'), note }),
    z.strictObject({ kind: z.literal('event_ticket'), registrationId: z.string({ error: 'Choose an event ticket' }).min(1, 'Choose an event ticket').max(100, 'Use at most 100 characters'), note }),
  ],
  { error: 'Use the kind "application_fee" (with applicationId) or "event_ticket" (with registrationId)' },
);
export type OfferSponsorshipBody = z.infer<typeof OfferSponsorshipBody>;

const Fee = z.object({ amount: z.number(), currency: z.string() });
/** A member's event ticket as its sponsor sees it. */
export const SponsoredTicket = z.object({
  registrationId: z.string(),
  eventTitle: z.string(),
  eventSlug: z.string(),
  ticketName: z.string(),
  reference: z.string(),
  status: z.enum(['confirmed', 'cancelled']),
  fee: Fee.nullable(),
  feePaidAt: z.string().nullable(),
});

export const sponsorshipStatuses = ['offered', 'accepted', 'declined', 'paid', 'withdrawn'] as const;

export const Sponsorship = z.object({
  id: z.string(),
  kind: z.enum(sponsorshipKinds),
  organisation: z.object({ id: z.string(), name: z.string() }),
  member: z.object({ id: z.string(), name: z.string() }),
  /** For kind 'application_fee'. */
  application: z.object({ id: z.string(), levelName: z.string(), state: z.string(), fee: Fee.nullable(), feePaidAt: z.string().nullable() }).nullable(),
  /** For kind 'event_ticket'. */
  ticket: SponsoredTicket.nullable(),
  note: z.string().nullable(),
  status: z.enum(sponsorshipStatuses),
  offeredAt: z.string(),
  answeredAt: z.string().nullable(),
  paidAt: z.string().nullable(),
  /** The organisation's admin may mark it paid now (accepted, and the application awaits its fee or the ticket's fee is unpaid). */
  canMarkPaid: z.boolean(),
});
export type Sponsorship = z.infer<typeof Sponsorship>;
export const SponsorshipList = z.object({ sponsorships: z.array(Sponsorship) });

export const SuggestCpdGoalBody = z.strictObject({
  memberId: z.string({ error: 'Choose a member' }).min(1, 'Choose a member').max(100, 'Use at most 100 characters'),
  text: z.string({ error: 'Give the goal (text)' }).trim().min(1, 'Give the goal').max(500, 'Use at most 500 characters'),
  by: IsoDate.nullable().optional(),
});
export type SuggestCpdGoalBody = z.infer<typeof SuggestCpdGoalBody>;

export const GoalSuggestion = z.object({
  id: z.string(),
  organisation: z.object({ id: z.string(), name: z.string() }),
  member: z.object({ id: z.string(), name: z.string() }),
  text: z.string(),
  by: z.string().nullable(),
  status: z.enum(['suggested', 'accepted', 'declined']),
  suggestedAt: z.string(),
  answeredAt: z.string().nullable(),
});
export type GoalSuggestion = z.infer<typeof GoalSuggestion>;
export const GoalSuggestionList = z.object({ suggestions: z.array(GoalSuggestion) });

/** The members an organisation may sponsor or suggest goals to: those with a confirmed, current employment link. */
export const SponsorableMembers = z.object({
  members: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      applications: z.array(z.object({ id: z.string(), levelName: z.string(), state: z.string() })),
      /** Confirmed event tickets with a fee not yet paid. */
      tickets: z.array(SponsoredTicket),
    }),
  ),
});
