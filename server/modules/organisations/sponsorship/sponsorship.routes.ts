import {
  GoalSuggestion,
  GoalSuggestionList,
  GoalSuggestionParams,
  OfferSponsorshipBody,
  OrganisationSponsorshipItemParams,
  OrganisationSponsorshipParams,
  SponsorableMembers,
  Sponsorship,
  SponsorshipList,
  SponsorshipParams,
  SuggestCpdGoalBody,
} from '../../../../contracts/organisations-sponsorship.js';
import { contextOf } from '../../../platform/http/auth-hook.js';
import { type ZodApp, access, errorResponses } from '../../../platform/http/zod-app.js';
import type { SponsorshipService } from './sponsorship.service.js';

const tags = ['organisations'];
const orgRead = access({ scope: 'organisations:read' });
const orgWrite = access({ scope: 'organisations:write' });
const meRead = access({ scope: 'account:read', owner: 'self' });
const meWrite = access({ scope: 'account:write', owner: 'self' });

/** HTTP for sponsorship and suggested goals: the organisation's side and the member's. */
export function sponsorshipRoutes(app: ZodApp, s: SponsorshipService): void {
  const org = '/api/v1/organisations/:organisationId';
  app.get(`${org}/sponsorship/members`, {
    schema: { operationId: 'listSponsorableMembers', tags, summary: 'Members whose employment the organisation confirmed, with their open applications and unpaid event tickets', ...orgRead, params: OrganisationSponsorshipParams, response: { 200: SponsorableMembers, ...errorResponses } },
  }, async (req) => s.members(contextOf(req), req.params.organisationId));

  app.post(`${org}/sponsorships`, {
    schema: { operationId: 'offerSponsorship', tags, summary: 'Offer to pay a confirmed staff member’s application fee or event ticket; admin or hr', ...orgWrite, params: OrganisationSponsorshipParams, body: OfferSponsorshipBody, response: { 201: Sponsorship, ...errorResponses } },
  }, async (req, reply) => reply.status(201).send(await s.offer(contextOf(req), req.params.organisationId, req.body)));

  app.get(`${org}/sponsorships`, {
    schema: { operationId: 'listSponsorships', tags, summary: 'The organisation’s sponsorship offers and their state; admin or hr', ...orgRead, params: OrganisationSponsorshipParams, response: { 200: SponsorshipList, ...errorResponses } },
  }, async (req) => s.list(contextOf(req), req.params.organisationId));

  app.post(`${org}/sponsorships/:sponsorshipId/paid`, {
    schema: { operationId: 'markSponsorshipPaid', tags, summary: 'Mark an accepted sponsorship paid; the application’s or the ticket’s fee is marked paid, naming the organisation; admin', ...orgWrite, params: OrganisationSponsorshipItemParams, response: { 200: Sponsorship, ...errorResponses } },
  }, async (req) => s.markPaid(contextOf(req), req.params.organisationId, req.params.sponsorshipId));

  app.post(`${org}/goal-suggestions`, {
    schema: { operationId: 'suggestCpdGoal', tags, summary: 'Suggest a development goal into a confirmed staff member’s CPD plan', ...orgWrite, params: OrganisationSponsorshipParams, body: SuggestCpdGoalBody, response: { 201: GoalSuggestion, ...errorResponses } },
  }, async (req, reply) => reply.status(201).send(await s.suggestGoal(contextOf(req), req.params.organisationId, req.body)));

  app.get(`${org}/goal-suggestions`, {
    schema: { operationId: 'listGoalSuggestions', tags, summary: 'The goals the organisation suggested and the members’ answers', ...orgRead, params: OrganisationSponsorshipParams, response: { 200: GoalSuggestionList, ...errorResponses } },
  }, async (req) => s.listGoals(contextOf(req), req.params.organisationId));

  app.get('/api/v1/me/sponsorships', {
    schema: { operationId: 'listMySponsorships', tags, summary: 'Organisations’ offers to pay your fees', ...meRead, response: { 200: SponsorshipList, ...errorResponses } },
  }, async (req) => s.listMine(contextOf(req)));

  app.post('/api/v1/me/sponsorships/:sponsorshipId/accept', {
    schema: { operationId: 'acceptSponsorship', tags, summary: 'Accept an offer to pay your fee', ...meWrite, params: SponsorshipParams, response: { 200: Sponsorship, ...errorResponses } },
  }, async (req) => s.accept(contextOf(req), req.params.sponsorshipId));

  app.post('/api/v1/me/sponsorships/:sponsorshipId/decline', {
    schema: { operationId: 'declineSponsorship', tags, summary: 'Decline an offer to pay your fee', ...meWrite, params: SponsorshipParams, response: { 200: Sponsorship, ...errorResponses } },
  }, async (req) => s.decline(contextOf(req), req.params.sponsorshipId));

  app.get('/api/v1/me/goal-suggestions', {
    schema: { operationId: 'listMyGoalSuggestions', tags, summary: 'Development goals organisations suggested for your CPD plan', ...meRead, response: { 200: GoalSuggestionList, ...errorResponses } },
  }, async (req) => s.listMyGoals(contextOf(req)));

  app.post('/api/v1/me/goal-suggestions/:suggestionId/accept', {
    schema: { operationId: 'acceptCpdGoal', tags, summary: 'Accept a suggested goal: it is added to your CPD plan', ...meWrite, params: GoalSuggestionParams, response: { 200: GoalSuggestion, ...errorResponses } },
  }, async (req) => s.acceptGoal(contextOf(req), req.params.suggestionId));

  app.post('/api/v1/me/goal-suggestions/:suggestionId/decline', {
    schema: { operationId: 'declineCpdGoal', tags, summary: 'Decline a suggested goal', ...meWrite, params: GoalSuggestionParams, response: { 200: GoalSuggestion, ...errorResponses } },
  }, async (req) => s.declineGoal(contextOf(req), req.params.suggestionId));
}
