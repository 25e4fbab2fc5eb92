import { z } from 'zod';
import { multiline } from './common.js';

/*
 * events/proposals: the call for presentations (openCallForPresentations, closeCall, getCall), proposals
 * (submitProposal, updateProposal, withdrawProposal, listMyProposals), blind reviews (listEventProposals,
 * reviewProposal), decisions (decideProposal), speakers answering by mailed link (getSpeakingInvitation,
 * confirmSpeaking, declineSpeaking) and session feedback (listMyAttendedSessions, submitSessionFeedback,
 * listMySessionFeedback, listEventFeedback, exportEventFeedback).
 */

const id = (what: string) => z.string({ error: `Give ${what} (text)` }).min(1, `Give ${what}`).max(100, 'Use at most 100 characters');

export const EventProposalsParams = z.strictObject({ eventId: id('the event id') });
export const ProposalParams = z.strictObject({ proposalId: id('the proposal id') });
export const SessionFeedbackParams = z.strictObject({ sessionId: id('the session id') });
export const EventSlugParams = z.strictObject({ slug: id('the event’s address (slug)') });

export const sessionFormats = ['talk', 'panel', 'workshop', 'keynote'] as const;
export const sessionLevels = ['introductory', 'intermediate', 'advanced'] as const;
export const proposalStatuses = ['submitted', 'withdrawn', 'accepted', 'rejected'] as const;

const Format = z.enum(sessionFormats, { error: `Use one of the formats ${sessionFormats.join(', ')}` });
const Level = z.enum(sessionLevels, { error: `Use one of the levels ${sessionLevels.join(', ')}` });
const UtcInstant = z.iso.datetime({ offset: true, error: 'Give a date and time with its offset, e.g. 2027-01-31T23:59:00Z' });
/** A wall-clock time in the event's own zone, as people type it: 2027-03-10T09:30. */
export const LocalDateTime = z.string({ error: 'Give a local date and time (YYYY-MM-DDTHH:MM)' }).regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, 'Give a local date and time as YYYY-MM-DDTHH:MM, in the event’s time zone');

export const OpenCallBody = z.strictObject({
  closesAt: UtcInstant,
  guidance: multiline(z.string({ error: 'Give guidance for speakers (text)' }).trim().min(1, 'Give guidance for speakers').max(5000, 'Use at most 5,000 characters')),
  formats: z.array(Format).min(1, 'Offer at least one format').max(4),
  /** Tracks of the event proposals may choose; none given: every track of the event. */
  trackIds: z.array(id('a track id')).max(50).optional(),
});
export type OpenCallBody = z.infer<typeof OpenCallBody>;

export const CallView = z.object({
  eventId: z.string(),
  eventSlug: z.string(),
  eventTitle: z.string(),
  timeZone: z.string(),
  /** Whether proposals are taken now (open and before the deadline). */
  open: z.boolean(),
  status: z.enum(['open', 'closed', 'none']),
  closesAt: z.string().nullable(),
  guidance: z.string(),
  formats: z.array(z.enum(sessionFormats)),
  levels: z.array(z.enum(sessionLevels)),
  tracks: z.array(z.object({ id: z.string(), name: z.string() })),
});
export type CallView = z.infer<typeof CallView>;

const CoSpeaker = z.strictObject({
  name: z.string({ error: 'Give the co-speaker’s name (text)' }).trim().min(1, 'Give the co-speaker’s name').max(200, 'Use at most 200 characters'),
  email: z.email({ error: 'Give the co-speaker’s e-mail address' }).max(254, 'Use at most 254 characters'),
});

const proposalFields = {
  title: z.string({ error: 'Give a title (text)' }).trim().min(3, 'Give a title of at least 3 characters').max(200, 'Use at most 200 characters'),
  abstract: multiline(z.string({ error: 'Give an abstract (text)' }).trim().min(20, 'Give an abstract of at least 20 characters').max(5000, 'Use at most 5,000 characters')),
  format: Format,
  level: Level,
  trackId: id('the track id').nullable().optional(),
  coSpeakers: z.array(CoSpeaker).max(5, 'Name at most five co-speakers').optional(),
};
export const SubmitProposalBody = z.strictObject(proposalFields);
export type SubmitProposalBody = z.infer<typeof SubmitProposalBody>;
export const UpdateProposalBody = z.strictObject({ ...proposalFields }).partial();
export type UpdateProposalBody = z.infer<typeof UpdateProposalBody>;

const SessionSlot = z.object({ sessionId: z.string(), room: z.string().nullable(), startsAt: z.string(), endsAt: z.string(), timeZone: z.string() });

/** What the proposal's speakers see: never a review, a score or a reviewer. */
export const MyProposal = z.object({
  id: z.string(),
  event: z.object({ id: z.string(), slug: z.string(), title: z.string() }),
  title: z.string(),
  abstract: z.string(),
  format: z.enum(sessionFormats),
  level: z.enum(sessionLevels),
  track: z.object({ id: z.string(), name: z.string() }).nullable(),
  coSpeakers: z.array(z.object({ name: z.string(), email: z.string() })),
  status: z.enum(proposalStatuses),
  /** Until the deadline of an open call, the submitter may still change or withdraw it. */
  editable: z.boolean(),
  session: SessionSlot.nullable(),
  submittedAt: z.string(),
  decidedAt: z.string().nullable(),
});
export type MyProposal = z.infer<typeof MyProposal>;

export const MySpeaking = z.object({
  speakerId: z.string(),
  status: z.enum(['invited', 'confirmed', 'declined']),
  sessionTitle: z.string(),
  event: z.object({ id: z.string(), slug: z.string(), title: z.string() }),
  slot: SessionSlot,
});
export const MyProposals = z.object({ proposals: z.array(MyProposal), speaking: z.array(MySpeaking) });

export const Review = z.object({ reviewer: z.object({ id: z.string(), name: z.string() }), score: z.number().int(), comment: z.string(), updatedAt: z.string() });

/** A proposal as a reviewer sees it: their own review only; organisers see every review and the figures. */
export const ReviewedProposal = z.object({
  id: z.string(),
  title: z.string(),
  abstract: z.string(),
  format: z.enum(sessionFormats),
  level: z.enum(sessionLevels),
  track: z.object({ id: z.string(), name: z.string() }).nullable(),
  /** Names only: reviewers need no one's address. `member`: the speaker has an account here. */
  speakers: z.array(z.object({ name: z.string(), member: z.boolean() })),
  status: z.enum(proposalStatuses),
  submittedAt: z.string(),
  /** The caller is one of its speakers and may not review it. */
  ownProposal: z.boolean(),
  myReview: z.object({ score: z.number().int(), comment: z.string(), updatedAt: z.string() }).nullable(),
  /** Organisers only (null for reviewers). */
  reviews: z.array(Review).nullable(),
  meanScore: z.number().nullable(),
  reviewCount: z.number().int().nullable(),
  session: SessionSlot.nullable(),
});
export type ReviewedProposal = z.infer<typeof ReviewedProposal>;

export const EventProposalList = z.object({
  event: z.object({ id: z.string(), slug: z.string(), title: z.string(), timeZone: z.string(), startsOn: z.string(), endsOn: z.string() }),
  organiser: z.boolean(),
  call: CallView.nullable(),
  rooms: z.array(z.object({ id: z.string(), name: z.string() })),
  tracks: z.array(z.object({ id: z.string(), name: z.string() })),
  proposals: z.array(ReviewedProposal),
});

export const ReviewBody = z.strictObject({
  score: z.number({ error: 'Give a score from 1 to 5' }).int('Give a whole score from 1 to 5').min(1, 'Give a score from 1 to 5').max(5, 'Give a score from 1 to 5'),
  comment: multiline(z.string({ error: 'Give a comment (text)' }).trim().min(1, 'Give a comment for the organisers').max(5000, 'Use at most 5,000 characters')),
});

export const DecideProposalBody = z.discriminatedUnion(
  'outcome',
  [
    z.strictObject({ outcome: z.literal('reject') }),
    z.strictObject({
      outcome: z.literal('accept'),
      roomId: id('the room id').nullable(),
      trackId: id('the track id').nullable().optional(),
      startsAt: LocalDateTime,
      endsAt: LocalDateTime,
    }),
  ],
  { error: 'Give the outcome: "accept" (with roomId, startsAt, endsAt) or "reject"' },
);
export type DecideProposalBody = z.infer<typeof DecideProposalBody>;

export const TokenBody = z.strictObject({ token: z.string({ error: 'Give the token from the link (text)' }).min(10, 'Give the whole token from the link').max(200, 'Use at most 200 characters') });

export const SpeakingInvitation = z.object({
  name: z.string(),
  status: z.enum(['invited', 'confirmed', 'declined']),
  /** A member must be signed in as themselves to answer; a guest answers by the link alone. */
  member: z.boolean(),
  sessionTitle: z.string(),
  event: z.object({ id: z.string(), slug: z.string(), title: z.string() }),
  slot: SessionSlot,
});

export const FeedbackBody = z.strictObject({
  rating: z.number({ error: 'Give a rating from 1 to 5' }).int('Give a whole rating from 1 to 5').min(1, 'Give a rating from 1 to 5').max(5, 'Give a rating from 1 to 5'),
  comment: multiline(z.string({ error: 'Give a comment (text)' }).trim().max(2000, 'Use at most 2,000 characters')),
});

export const Feedback = z.object({ id: z.string(), rating: z.number().int(), comment: z.string(), at: z.string() });
export const FeedbackSaved = z.object({ id: z.string(), sessionId: z.string(), rating: z.number().int(), comment: z.string(), replaced: z.boolean() });

export const AttendedSessions = z.object({
  event: z.object({ id: z.string(), slug: z.string(), title: z.string(), timeZone: z.string() }),
  sessions: z.array(z.object({ id: z.string(), title: z.string(), startsAt: z.string(), endsAt: z.string(), myFeedback: Feedback.nullable() })),
});

const SessionFeedbackSummary = z.object({
  sessionId: z.string(),
  title: z.string(),
  event: z.object({ id: z.string(), slug: z.string(), title: z.string() }),
  startsAt: z.string(),
  count: z.number().int(),
  meanRating: z.number().nullable(),
  feedback: z.array(Feedback),
});
/** A speaker's own sessions only; the attendees are not named. */
export const MySessionFeedback = z.object({ sessions: z.array(SessionFeedbackSummary) });
export const EventFeedback = z.object({
  sessions: z.array(SessionFeedbackSummary.extend({ feedback: z.array(Feedback.extend({ attendee: z.object({ id: z.string(), name: z.string() }) })) })),
});
