import { z } from 'zod';
import { multiline } from './common.js';
import './messages.js';

/*
 * Employment confirmed by employers: linkEmployment, listMyEmploymentLinks, listLinkableOrganisations,
 * endEmployment (the member); listEmploymentRequests, confirmEmployment, disputeEmployment (the organisation's
 * admin or hr).
 */

const id = (what: string) => z.string({ error: `Give ${what} (text)` }).min(1, `Give ${what}`).max(100, 'Use at most 100 characters');

export const EmploymentLinkParams = z.strictObject({ linkId: id('the link id') });
export const OrganisationEmploymentParams = z.strictObject({ organisationId: id('the organisation id') });
export const OrganisationEmploymentLinkParams = z.strictObject({ organisationId: id('the organisation id'), linkId: id('the link id') });

const choice = (what: string) => z.string({ error: `Choose ${what}` }).min(1, `Choose ${what}`).max(100, 'Use at most 100 characters');
export const LinkEmploymentBody = z.strictObject({
  itemId: choice('one of your work items'),
  organisationId: choice('the organisation to confirm it'),
});
export type LinkEmploymentBody = z.infer<typeof LinkEmploymentBody>;

export const DisputeEmploymentBody = z.strictObject({
  reason: multiline(z.string({ error: 'Give the reason (text)' }).trim().min(1, 'Say why the claim is disputed').max(2000, 'Use at most 2000 characters')),
});

export const employmentStatuses = ['pending', 'confirmed', 'disputed'] as const;

/** What the work item claims now and, once confirmed, what was confirmed; `changedSinceConfirmed` compares the two. */
export const EmploymentLink = z.object({
  id: z.string(),
  itemId: z.string(),
  organisation: z.object({ id: z.string(), name: z.string() }),
  status: z.enum(employmentStatuses),
  requestedAt: z.string(),
  decidedAt: z.string().nullable(),
  disputeReason: z.string().nullable(),
  endedAt: z.string().nullable(),
  claim: z.object({ roleTitle: z.string(), employer: z.string(), startOn: z.string(), endOn: z.string().nullable(), responsibilityLevel: z.number().int() }).nullable().describe('the item as it is now; null when it was deleted'),
  confirmed: z.object({ roleTitle: z.string(), startOn: z.string(), endOn: z.string().nullable(), responsibilityLevel: z.number().int() }).nullable(),
  changedSinceConfirmed: z.boolean(),
});
export type EmploymentLink = z.infer<typeof EmploymentLink>;
export const EmploymentLinkList = z.object({ links: z.array(EmploymentLink) });

export const LinkableOrganisations = z.object({ organisations: z.array(z.object({ id: z.string(), name: z.string(), country: z.string() })) });

export const EmploymentRequestsQuery = z.strictObject({
  status: z.enum([...employmentStatuses, 'all'], { error: 'Use a status of pending, confirmed, disputed or all' }).default('pending'),
});

/** One request as the organisation sees it: who, and the claim. */
export const EmploymentRequest = EmploymentLink.extend({ member: z.object({ id: z.string(), name: z.string() }) });
export type EmploymentRequest = z.infer<typeof EmploymentRequest>;
export const EmploymentRequestList = z.object({ requests: z.array(EmploymentRequest) });
