import { z } from 'zod';
import {
  AttendedSessions,
  CallView,
  DecideProposalBody,
  EventFeedback,
  EventProposalList,
  EventProposalsParams,
  EventSlugParams,
  FeedbackBody,
  FeedbackSaved,
  MyProposal,
  MyProposals,
  MySessionFeedback,
  OpenCallBody,
  ProposalParams,
  ReviewBody,
  SessionFeedbackParams,
  SpeakingInvitation,
  SubmitProposalBody,
  TokenBody,
  UpdateProposalBody,
} from '../../../../contracts/events-proposals.js';
import { organiserRoles } from '../access.js';
import { contextOf } from '../../../platform/http/auth-hook.js';
import { type ZodApp, access, errorResponses, publicAccess, strictRateLimit } from '../../../platform/http/zod-app.js';
import type { CallService } from './call.service.js';
import type { FeedbackService } from './feedback.service.js';
import type { ProposalsService } from './proposals.service.js';
import type { ReviewsService } from './reviews.service.js';
import type { SpeakersService } from './speakers.service.js';

const tags = ['events'];
const organise = access({ scope: 'events:write', roles: organiserRoles });
const organiseRead = access({ scope: 'events:read', roles: organiserRoles });
const read = access({ scope: 'events:read' });
const write = access({ scope: 'events:write' });
const meRead = access({ scope: 'events:read', owner: 'self' });
const meWrite = access({ scope: 'events:write', owner: 'self' });

const Reviewed = z.object({ proposalId: z.string(), score: z.number().int(), comment: z.string(), updatedAt: z.string() });
const Decided = z.object({ proposalId: z.string(), status: z.enum(['accepted', 'rejected']), sessionId: z.string().nullable() });

type Services = { call: CallService; proposals: ProposalsService; reviews: ReviewsService; speakers: SpeakersService; feedback: FeedbackService };

/** HTTP for calls for presentations, proposals, reviews, speakers' answers and session feedback. */
export function proposalRoutes(app: ZodApp, s: Services): void {
  const ev = '/api/v1/events/:eventId';
  app.put(`${ev}/call`, {
    schema: { operationId: 'openCallForPresentations', tags, summary: 'Open (or change) the event’s call for presentations: deadline, guidance, formats and tracks; organisers', ...organise, params: EventProposalsParams, body: OpenCallBody, response: { 200: CallView, ...errorResponses } },
  }, async (req) => s.call.open(contextOf(req), req.params.eventId, req.body));

  app.post(`${ev}/call/close`, {
    schema: { operationId: 'closeCall', tags, summary: 'Close the call for presentations before its deadline; organisers', ...organise, params: EventProposalsParams, response: { 200: CallView, ...errorResponses } },
  }, async (req) => s.call.close(contextOf(req), req.params.eventId));

  app.get('/api/v1/event-calls/:slug', {
    schema: { operationId: 'getCall', tags, summary: 'Whether an event takes proposals, until when, and the guidance for speakers', ...publicAccess, params: EventSlugParams, response: { 200: CallView, ...errorResponses } },
  }, async (req) => s.call.get(req.params.slug));

  app.post(`${ev}/proposals`, {
    schema: { operationId: 'submitProposal', tags, summary: 'Propose a presentation before the call’s deadline', ...write, params: EventProposalsParams, body: SubmitProposalBody, response: { 201: MyProposal, ...errorResponses } },
  }, async (req, reply) => reply.status(201).send(await s.proposals.submit(contextOf(req), req.params.eventId, req.body)));

  app.get(`${ev}/proposals`, {
    schema: { operationId: 'listEventProposals', tags, summary: 'The event’s proposals with your own review (organisers: every review, the mean and count); reviewers and organisers', ...read, params: EventProposalsParams, response: { 200: EventProposalList, ...errorResponses } },
  }, async (req) => s.reviews.list(contextOf(req), req.params.eventId));

  app.get('/api/v1/me/event-proposals', {
    schema: { operationId: 'listMyProposals', tags, summary: 'Your proposals and the sessions you speak at (never a review)', ...meRead, response: { 200: MyProposals, ...errorResponses } },
  }, async (req) => s.proposals.listMine(contextOf(req)));

  app.patch('/api/v1/me/event-proposals/:proposalId', {
    schema: { operationId: 'updateProposal', tags, summary: 'Change your proposal before the call’s deadline', ...meWrite, params: ProposalParams, body: UpdateProposalBody, response: { 200: MyProposal, ...errorResponses } },
  }, async (req) => s.proposals.update(contextOf(req), req.params.proposalId, req.body));

  app.post('/api/v1/me/event-proposals/:proposalId/withdraw', {
    schema: { operationId: 'withdrawProposal', tags, summary: 'Withdraw your proposal before the call’s deadline', ...meWrite, params: ProposalParams, response: { 200: MyProposal, ...errorResponses } },
  }, async (req) => s.proposals.withdraw(contextOf(req), req.params.proposalId));

  app.put('/api/v1/event-proposals/:proposalId/review', {
    schema: { operationId: 'reviewProposal', tags, summary: 'Score a proposal 1–5 with a comment, or change your review; no other reviewer sees it, nor the speakers', ...write, params: ProposalParams, body: ReviewBody, response: { 200: Reviewed, ...errorResponses } },
  }, async (req) => s.reviews.review(contextOf(req), req.params.proposalId, req.body));

  app.post('/api/v1/event-proposals/:proposalId/decision', {
    schema: { operationId: 'decideProposal', tags, summary: 'Reject a proposal, or accept it into a slot (local times in the event’s zone): the session is created and its speakers invited; organisers', ...organise, params: ProposalParams, body: DecideProposalBody, response: { 200: Decided, ...errorResponses } },
  }, async (req) => s.reviews.decide(contextOf(req), req.params.proposalId, req.body));

  app.post('/api/v1/event-speakers/invitation', {
    schema: { operationId: 'getSpeakingInvitation', tags, summary: 'The session a speaker’s mailed link is about', ...publicAccess, body: TokenBody, response: { 200: SpeakingInvitation, ...errorResponses } },
    config: strictRateLimit,
  }, async (req) => s.speakers.invitation(req.body.token));

  app.post('/api/v1/event-speakers/confirm', {
    schema: { operationId: 'confirmSpeaking', tags, summary: 'Confirm you will speak, by the mailed link (a member signed in as themselves)', ...publicAccess, body: TokenBody, response: { 200: SpeakingInvitation, ...errorResponses } },
    config: strictRateLimit,
  }, async (req) => s.speakers.confirm(contextOf(req), req.body.token));

  app.post('/api/v1/event-speakers/decline', {
    schema: { operationId: 'declineSpeaking', tags, summary: 'Decline to speak, by the mailed link (a member signed in as themselves)', ...publicAccess, body: TokenBody, response: { 200: SpeakingInvitation, ...errorResponses } },
    config: strictRateLimit,
  }, async (req) => s.speakers.decline(contextOf(req), req.body.token));

  app.get('/api/v1/me/event-feedback/:slug', {
    schema: { operationId: 'listMyAttendedSessions', tags, summary: 'The sessions of an event you were checked in to, with the feedback you gave', ...meRead, params: EventSlugParams, response: { 200: AttendedSessions, ...errorResponses } },
  }, async (req) => s.feedback.attended(contextOf(req), req.params.slug));

  app.put('/api/v1/event-sessions/:sessionId/feedback', {
    schema: { operationId: 'submitSessionFeedback', tags, summary: 'Rate a session you were checked in to (1–5) with a comment; a second rating replaces the first', ...write, params: SessionFeedbackParams, body: FeedbackBody, response: { 200: FeedbackSaved, ...errorResponses } },
  }, async (req) => s.feedback.submit(contextOf(req), req.params.sessionId, req.body));

  app.get('/api/v1/me/session-feedback', {
    schema: { operationId: 'listMySessionFeedback', tags, summary: 'Feedback on the sessions you speak at (attendees not named)', ...meRead, response: { 200: MySessionFeedback, ...errorResponses } },
  }, async (req) => s.feedback.listMine(contextOf(req)));

  app.get(`${ev}/feedback`, {
    schema: { operationId: 'listEventFeedback', tags, summary: 'Every session’s feedback, named; organisers', ...organiseRead, params: EventProposalsParams, response: { 200: EventFeedback, ...errorResponses } },
  }, async (req) => s.feedback.listEvent(contextOf(req), req.params.eventId));

  app.get(`${ev}/feedback.csv`, {
    schema: { operationId: 'exportEventFeedback', tags, summary: 'Every session’s feedback as CSV (spreadsheet-safe); organisers', ...organiseRead, params: EventProposalsParams, response: { 200: z.any().describe('text/csv'), ...errorResponses } },
  }, async (req, reply) => {
    const text = await s.feedback.csv(contextOf(req), req.params.eventId);
    reply.header('cache-control', 'private, no-store');
    reply.header('content-disposition', 'attachment; filename="session-feedback.csv"');
    reply.type('text/csv; charset=utf-8');
    return reply.send(text);
  });
}
