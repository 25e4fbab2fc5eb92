import { z } from 'zod';
import {
  ConsentViews,
  ConsentViewsQuery,
  GrantConsentBody,
  MyConsents,
  OrganisationParams,
  RevokeConsentBody,
  TeamView,
  TeamViewQuery,
} from '../../../../contracts/organisations-consent.js';
import { contextOf } from '../../../platform/http/auth-hook.js';
import { type ZodApp, access, errorResponses } from '../../../platform/http/zod-app.js';
import type { ConsentService } from './consent.service.js';
import type { TeamService } from './team.service.js';

const tags = ['organisations'];

const csv = (reply: { header: (k: string, v: string) => unknown; type: (t: string) => unknown }, name: string) => {
  reply.header('cache-control', 'private, no-store');
  reply.header('content-disposition', `attachment; filename="${name}.csv"`);
  reply.type('text/csv; charset=utf-8');
};

/** HTTP for members' consent (their own, under /me) and the team view of an organisation's staff. */
export function consentRoutes(app: ZodApp, consent: ConsentService, team: TeamService): void {
  app.get('/api/v1/me/consents', {
    schema: { operationId: 'listMyConsents', tags, summary: 'What you share with which organisation, the words you agreed to, and the words in force', ...access({ scope: 'account:read', owner: 'self' }), response: { 200: MyConsents, ...errorResponses } },
  }, async (req) => consent.listMine(contextOf(req)));

  app.post('/api/v1/me/consents', {
    schema: {
      operationId: 'grantConsent',
      tags,
      summary: 'Let an organisation see chosen parts of your record (credentials, CPD standing, portfolio summary, CPD plan)',
      description: 'Each scope is recorded with the exact words you agreed to and their version. Scopes already granted stay as they are.',
      ...access({ scope: 'account:write', owner: 'self' }),
      body: GrantConsentBody,
      response: { 200: MyConsents, ...errorResponses },
    },
  }, async (req) => consent.grant(contextOf(req), req.body));

  app.post('/api/v1/me/consents/:organisationId/revoke', {
    schema: {
      operationId: 'revokeConsent',
      tags,
      summary: 'Stop an organisation seeing some or all of what you shared, at once',
      ...access({ scope: 'account:write', owner: 'self' }),
      params: OrganisationParams,
      body: RevokeConsentBody,
      response: { 200: MyConsents, ...errorResponses },
    },
  }, async (req) => consent.revoke(contextOf(req), req.params.organisationId, req.body));

  app.get('/api/v1/me/consent-views', {
    schema: { operationId: 'listMyConsentViews', tags, summary: 'Who at which organisation saw what of yours, and when (newest first)', ...access({ scope: 'account:read', owner: 'self' }), querystring: ConsentViewsQuery, response: { 200: ConsentViews, ...errorResponses } },
  }, async (req) => consent.views(contextOf(req), req.query));

  app.get('/api/v1/me/consent-views/export', {
    schema: { operationId: 'exportMyConsentViews', tags, summary: 'Your whole view log as CSV', ...access({ scope: 'account:read', owner: 'self' }), response: { 200: z.any().describe('text/csv'), ...errorResponses } },
  }, async (req, reply) => {
    const text = await consent.viewsCsv(contextOf(req));
    csv(reply, 'who-saw-what');
    return reply.send(text);
  });

  app.get('/api/v1/organisations/:organisationId/team', {
    schema: {
      operationId: 'getTeamView',
      tags,
      summary: 'The members who share their record with the organisation, filtered and paged, with the figures for charts',
      description: 'For the organisation’s admin, HR and line managers. Each member shows only what they chose to share; each figure counts only members who shared what it needs. Every call is logged for the members it shows.',
      ...access({ scope: 'organisations:read' }),
      params: OrganisationParams,
      querystring: TeamViewQuery,
      response: { 200: TeamView, ...errorResponses },
    },
  }, async (req) => team.view(contextOf(req), req.params.organisationId, req.query));

  app.get('/api/v1/organisations/:organisationId/team/export', {
    schema: {
      operationId: 'exportTeamView',
      tags,
      summary: 'The team view as CSV: every member matching the filters',
      ...access({ scope: 'organisations:read' }),
      params: OrganisationParams,
      querystring: TeamViewQuery,
      response: { 200: z.any().describe('text/csv'), ...errorResponses },
    },
  }, async (req, reply) => {
    const text = await team.exportCsv(contextOf(req), req.params.organisationId, req.query);
    csv(reply, 'team');
    return reply.send(text);
  });
}
