import { z } from 'zod';
import { Accepted, Ok } from '../../../../contracts/common.js';
import {
  CandidatePage,
  ContactCandidateBody,
  ContactReports,
  ReceivedMessages,
  ReplyToContactBody,
  ReportContactAbuseBody,
  SearchCandidatesQuery,
  SentMessages,
  SetOrganisationMessagingBody,
} from '../../../../contracts/organisations-recruiting.js';
import { contextOf } from '../../../platform/http/auth-hook.js';
import { type ZodApp, access, errorResponses, publicAccess, strictRateLimit } from '../../../platform/http/zod-app.js';
import type { RecruitingService } from './recruiting.service.js';

const tags = ['organisations'];
const id = z.string().min(1).max(40);
const orgParams = z.strictObject({ organisationId: id });

/** HTTP for candidate search, relayed messages, replies and abuse reports. */
export function recruitingRoutes(app: ZodApp, rateLimitPerMinute: number, recruiting: RecruitingService): void {
  // The same limit as the public register's search: candidate search must not be a faster way to copy it.
  const max = Math.max(1, Math.floor(rateLimitPerMinute / 10));

  app.get('/api/v1/organisations/:organisationId/candidates', {
    config: { rateLimit: { max, timeWindow: '1 minute' } },
    schema: {
      operationId: 'searchCandidates',
      tags,
      summary: 'Search listed holders by level, country, certification and responsibility level (organisation staff)',
      description:
        'Only holders listed in the public register. Certifications and responsibility level are shown, and filtered on, only for holders who chose to list them. No answer carries an e-mail address. Pages follow nextCursor.',
      ...access({ scope: 'organisations:read' }),
      params: orgParams,
      querystring: SearchCandidatesQuery,
      response: { 200: CandidatePage, ...errorResponses },
    },
  }, async (req) => recruiting.search(contextOf(req), req.params.organisationId, req.query));

  app.post('/api/v1/organisations/:organisationId/candidates/:candidateId/messages', {
    schema: {
      operationId: 'contactCandidate',
      tags,
      summary: 'Send a listed holder a message, relayed by mail (organisation staff; 20 an organisation in any 24 hours)',
      description: 'The holder’s e-mail address stays hidden unless they reply. Every relayed mail carries a link to report abuse.',
      ...access({ scope: 'organisations:write' }),
      params: orgParams.extend({ candidateId: id }),
      body: ContactCandidateBody,
      response: { 201: z.object({ id: z.string(), sentAt: z.string() }), ...errorResponses },
    },
  }, async (req, reply) => reply.code(201).send(await recruiting.contact(contextOf(req), req.params.organisationId, req.params.candidateId, req.body)));

  app.get('/api/v1/organisations/:organisationId/messages', {
    schema: {
      operationId: 'listSentMessages',
      tags,
      summary: 'The organisation’s messages to candidates, with replies and how many more it may send today',
      ...access({ scope: 'organisations:read' }),
      params: orgParams,
      response: { 200: SentMessages, ...errorResponses },
    },
  }, async (req) => recruiting.sent(contextOf(req), req.params.organisationId));

  app.get('/api/v1/me/messages', {
    schema: { operationId: 'listMyMessages', tags, summary: 'Messages organisations sent you through Guildhall', ...access({ scope: 'account:read', owner: 'self' }), response: { 200: ReceivedMessages, ...errorResponses } },
  }, async (req) => recruiting.mine(contextOf(req)));

  app.post('/api/v1/me/messages/:contactId/reply', {
    schema: {
      operationId: 'replyToContact',
      tags,
      summary: 'Reply to an organisation’s message (once); the reply gives them your e-mail address',
      ...access({ scope: 'account:write', owner: 'self' }),
      params: z.strictObject({ contactId: id }),
      body: ReplyToContactBody,
      response: { 200: Ok, ...errorResponses },
    },
  }, async (req) => recruiting.reply(contextOf(req), req.params.contactId, req.body));

  app.post('/api/v1/contact-reports', {
    config: strictRateLimit,
    schema: {
      operationId: 'reportContactAbuse',
      tags,
      summary: 'Report an organisation’s message as unwelcome or abusive: by the token in its mail, or signed in by its id',
      ...publicAccess,
      body: ReportContactAbuseBody,
      response: { 202: Accepted, ...errorResponses },
    },
  }, async (req, reply) => reply.code(202).send(await recruiting.report(contextOf(req), req.body)));

  app.get('/api/v1/admin/contact-reports', {
    schema: {
      operationId: 'listContactReports',
      tags,
      summary: 'Reports of organisations’ messages, newest first (scheme and system administrators)',
      ...access({ scope: 'admin', roles: ['scheme_admin', 'system_admin'] }),
      response: { 200: ContactReports, ...errorResponses },
    },
  }, async (req) => recruiting.reports(contextOf(req)));

  app.put('/api/v1/admin/organisations/:organisationId/messaging', {
    schema: {
      operationId: 'setOrganisationMessaging',
      tags,
      summary: 'Suspend or restore an organisation’s messaging to candidates (scheme and system administrators)',
      ...access({ scope: 'admin', roles: ['scheme_admin', 'system_admin'] }),
      params: orgParams,
      body: SetOrganisationMessagingBody,
      response: { 200: z.object({ organisationId: z.string(), suspended: z.boolean() }), ...errorResponses },
    },
  }, async (req) => recruiting.setMessaging(contextOf(req), req.params.organisationId, req.body));
}
