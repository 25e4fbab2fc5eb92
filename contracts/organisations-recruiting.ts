import { z } from 'zod';
import { multiline } from './common.js';
import { RegisterCredential } from './register.js';

/*
 * Recruiting: searchCandidates, contactCandidate, listSentMessages (the organisation's side);
 * listMyMessages, replyToContact, reportContactAbuse (the member's side); listContactReports,
 * setOrganisationMessaging (scheme administrators). A member's e-mail address appears only in a sent
 * message they replied to.
 */

const blank = (s: string | undefined) => (s === '' ? undefined : s);

export const SearchCandidatesQuery = z.strictObject({
  level: z
    .string()
    .regex(/^([a-z0-9][a-z0-9-]{0,79})?$/, 'Choose a level from the list')
    .optional()
    .transform(blank)
    .describe('A level id, such as member'),
  country: z
    .string()
    .regex(/^([A-Za-z]{2})?$/, 'Use a two-letter country code such as GB')
    .optional()
    .transform((c) => blank(c)?.toUpperCase())
    .describe('Two-letter country code (only holders who show their country)'),
  certification: z.string().max(200, 'Use at most 200 characters').optional().transform(blank).describe('A certification title, such as ITIL 4 Foundation (case and accents do not matter)'),
  minResponsibility: z
    .union([z.literal(''), z.coerce.number({ error: 'Give the responsibility level as a number from 1 to 7' }).int('Give a whole number from 1 to 7').min(1, 'Responsibility levels run from 1 to 7').max(7, 'Responsibility levels run from 1 to 7')])
    .optional()
    .transform((v) => (v === '' ? undefined : v))
    .describe('At least this responsibility level (1–7), among holders who list it'),
  cursor: z.string().max(600).optional().describe('nextCursor of the previous page'),
  limit: z.coerce.number({ error: 'Give the page size as a number' }).int('Give a whole number').min(1, 'Ask for at least 1').max(50, 'Ask for at most 50 a page').default(20),
});
export type SearchCandidatesQuery = z.output<typeof SearchCandidatesQuery>;

export const Candidate = z.object({
  candidateId: z.string().describe('Pass to contactCandidate'),
  name: z.string(),
  country: z.string().nullable().describe('Only when the holder chose to show it'),
  credentials: z.array(RegisterCredential),
  certifications: z.array(z.string()).nullable().describe('Only when the holder chose to list them'),
  responsibilityLevel: z.number().int().nullable().describe('Highest responsibility level of a current role; only when the holder chose to list it'),
});
export type Candidate = z.infer<typeof Candidate>;

export const CandidatePage = z.object({ results: z.array(Candidate), nextCursor: z.string().nullable() });
export type CandidatePage = z.infer<typeof CandidatePage>;

export const ContactCandidateBody = z.strictObject({
  subject: z.string({ error: 'Give a subject' }).trim().min(3, 'Give a subject of at least 3 characters').max(150, 'Use at most 150 characters for the subject'),
  body: multiline(z.string({ error: 'Write a message' }).trim().min(20, 'Write a message of at least 20 characters').max(5000, 'Use at most 5000 characters')),
});

export const MessagingAllowance = z.object({
  limit: z.number().int().describe('Messages an organisation may send in any 24 hours'),
  sent: z.number().int().describe('Messages sent in the last 24 hours'),
  resetsAt: z.string().nullable().describe('When the oldest of those stops counting; null when none were sent'),
  suspended: z.boolean().describe('Scheme administrators stopped this organisation’s messaging'),
});

export const SentMessage = z.object({
  id: z.string(),
  candidateName: z.string(),
  subject: z.string(),
  body: z.string(),
  sentAt: z.string(),
  sentBy: z.string(),
  reply: z.object({ body: z.string(), email: z.string(), repliedAt: z.string() }).nullable().describe('Once the member replies: their reply and address'),
});
export const SentMessages = z.object({ messages: z.array(SentMessage), allowance: MessagingAllowance });
export type SentMessages = z.infer<typeof SentMessages>;

export const ReceivedMessage = z.object({
  id: z.string(),
  organisationName: z.string(),
  senderName: z.string(),
  subject: z.string(),
  body: z.string(),
  sentAt: z.string(),
  reply: z.object({ body: z.string(), repliedAt: z.string() }).nullable(),
  reported: z.boolean(),
});
export const ReceivedMessages = z.object({ messages: z.array(ReceivedMessage) });
export type ReceivedMessages = z.infer<typeof ReceivedMessages>;

export const ReplyToContactBody = z.strictObject({
  body: multiline(z.string({ error: 'Write a reply' }).trim().min(1, 'Write a reply').max(5000, 'Use at most 5000 characters')),
});

export const ReportContactAbuseBody = z
  .strictObject({
    token: z.string().min(20, 'This report link is incomplete; open it from the mail again').max(200).optional().describe('From the link in the mail'),
    messageId: z.string().max(40).optional().describe('A message you received (signed in)'),
    reason: multiline(z.string({ error: 'Say what was wrong' }).trim().min(3, 'Say briefly what was wrong').max(2000, 'Use at most 2000 characters')),
  })
  .refine((b) => !!b.token !== !!b.messageId, { message: 'Give either the token from the mail or the id of a message you received', path: ['token'] });

export const ContactReport = z.object({
  id: z.string(),
  createdAt: z.string(),
  reason: z.string(),
  via: z.enum(['link', 'member']),
  organisationId: z.string(),
  organisationName: z.string(),
  messagingSuspended: z.boolean(),
  message: z.object({ subject: z.string(), body: z.string(), sentAt: z.string(), senderName: z.string() }),
});
export const ContactReports = z.object({ reports: z.array(ContactReport) });
export type ContactReports = z.infer<typeof ContactReports>;

export const SetOrganisationMessagingBody = z.strictObject({
  suspended: z.boolean({ error: 'Say whether to suspend messaging (true or false)' }),
  reason: z.string().trim().min(3, 'Give a reason of at least 3 characters').max(500, 'Use at most 500 characters').optional(),
});
