import {
  DisputeEmploymentBody,
  EmploymentLink,
  EmploymentLinkList,
  EmploymentLinkParams,
  EmploymentRequest,
  EmploymentRequestList,
  EmploymentRequestsQuery,
  LinkableOrganisations,
  LinkEmploymentBody,
  OrganisationEmploymentLinkParams,
  OrganisationEmploymentParams,
} from '../../../../contracts/organisations-employment.js';
import { contextOf } from '../../../platform/http/auth-hook.js';
import { type ZodApp, access, errorResponses } from '../../../platform/http/zod-app.js';
import type { EmploymentService } from './employment.service.js';

const tags = ['organisations'];

/** HTTP for employment links: the organisation's side under /organisations/:id, the member's under /me. */
export function employmentRoutes(app: ZodApp, s: EmploymentService): void {
  app.get('/api/v1/organisations/:organisationId/employment', {
    schema: { operationId: 'listEmploymentRequests', tags, summary: 'The organisation’s employment requests (pending by default); admin or hr', ...access({ scope: 'organisations:read' }), params: OrganisationEmploymentParams, querystring: EmploymentRequestsQuery, response: { 200: EmploymentRequestList, ...errorResponses } },
  }, async (req) => s.listRequests(contextOf(req), req.params.organisationId, req.query.status));

  app.post('/api/v1/organisations/:organisationId/employment/:linkId/confirm', {
    schema: { operationId: 'confirmEmployment', tags, summary: 'Confirm the period and responsibility level as the member claims them; admin or hr', ...access({ scope: 'organisations:write' }), params: OrganisationEmploymentLinkParams, response: { 200: EmploymentRequest, ...errorResponses } },
  }, async (req) => s.confirm(contextOf(req), req.params.organisationId, req.params.linkId));

  app.post('/api/v1/organisations/:organisationId/employment/:linkId/dispute', {
    schema: { operationId: 'disputeEmployment', tags, summary: 'Dispute the claim, with a reason the member sees; admin or hr', ...access({ scope: 'organisations:write' }), params: OrganisationEmploymentLinkParams, body: DisputeEmploymentBody, response: { 200: EmploymentRequest, ...errorResponses } },
  }, async (req) => s.dispute(contextOf(req), req.params.organisationId, req.params.linkId, req.body.reason));

  app.post('/api/v1/me/employment-links', {
    schema: { operationId: 'linkEmployment', tags, summary: 'Link one of your work items to an organisation, which is asked to confirm it', ...access({ scope: 'account:write', owner: 'self' }), body: LinkEmploymentBody, response: { 201: EmploymentLink, ...errorResponses } },
  }, async (req, reply) => reply.status(201).send(await s.link(contextOf(req), req.body)));

  app.get('/api/v1/me/employment-links', {
    schema: { operationId: 'listMyEmploymentLinks', tags, summary: 'Your work items linked to organisations, with what each confirmed', ...access({ scope: 'account:read', owner: 'self' }), response: { 200: EmploymentLinkList, ...errorResponses } },
  }, async (req) => s.listMine(contextOf(req)));

  app.get('/api/v1/me/employment-links/organisations', {
    schema: { operationId: 'listLinkableOrganisations', tags, summary: 'The organisations you may link a work item to', ...access({ scope: 'account:read' }), response: { 200: LinkableOrganisations, ...errorResponses } },
  }, async (req) => s.linkable(contextOf(req)));

  app.post('/api/v1/me/employment-links/:linkId/end', {
    schema: { operationId: 'endEmployment', tags, summary: 'End a link (you left); what was confirmed stays confirmed', ...access({ scope: 'account:write', owner: 'self' }), params: EmploymentLinkParams, response: { 200: EmploymentLink, ...errorResponses } },
  }, async (req) => s.end(contextOf(req), req.params.linkId));
}
