import {
  AnswerReferenceBody,
  AppealBody,
  ApplicationParams,
  ApplicationPreview,
  ApplicationView,
  InformationRequestParams,
  MyApplications,
  NominateBody,
  NominationReceipt,
  PreviewQuery,
  ReferenceRequestView,
  ReferenceTokenParams,
  RespondInformationBody,
  SubmitApplicationBody,
  WithdrawBody,
} from '../../../contracts/applications.js';
import { contextOf } from '../../platform/http/auth-hook.js';
import { type ZodApp, access, errorResponses, publicAccess, strictRateLimit } from '../../platform/http/zod-app.js';
import type { ApplicationsService } from './applications.service.js';
import type { ReferencesService } from './references.service.js';

const tags = ['applications'];

/** HTTP for the member side of applications and for referees (who have no account: the link's token is the key). */
export function applicationsRoutes(app: ZodApp, applications: ApplicationsService, references: ReferencesService): void {
  app.get('/api/v1/applications/preview', {
    schema: { operationId: 'previewApplication', tags, summary: 'What applying for a level would freeze and send, and what still blocks it; saves nothing', ...access({ scope: 'account:read', owner: 'self' }), querystring: PreviewQuery, response: { 200: ApplicationPreview, ...errorResponses } },
  }, async (req) => applications.preview(contextOf(req), req.query.levelId));

  app.post('/api/v1/applications', {
    schema: { operationId: 'submitApplication', tags, summary: 'Apply for a level from what is on file: freezes the portfolio and asks the referees', ...access({ scope: 'account:write', owner: 'self' }), body: SubmitApplicationBody, response: { 201: ApplicationView, ...errorResponses } },
  }, async (req, reply) => reply.status(201).send(await applications.submit(contextOf(req), req.body)));

  app.get('/api/v1/applications', {
    schema: { operationId: 'listMyApplications', tags, summary: 'Your applications, newest first', ...access({ scope: 'account:read', owner: 'self' }), response: { 200: MyApplications, ...errorResponses } },
  }, async (req) => applications.listMine(contextOf(req)));

  app.get('/api/v1/applications/:applicationId', {
    schema: { operationId: 'getApplication', tags, summary: 'An application: status for the applicant; the assessment too for its assessors and scheme administrators', ...access({ scope: 'account:read', orScope: 'admin', roles: ['assessor', 'scheme_admin'], owner: 'object', assigned: true }), params: ApplicationParams, response: { 200: ApplicationView, ...errorResponses } },
  }, async (req) => applications.get(contextOf(req), req.params.applicationId));

  app.post('/api/v1/applications/:applicationId/withdraw', {
    schema: { operationId: 'withdrawApplication', tags, summary: 'Withdraw your application (until a decision); referees are told nothing more is needed', ...access({ scope: 'account:write', owner: 'object' }), params: ApplicationParams, body: WithdrawBody, response: { 200: ApplicationView, ...errorResponses } },
  }, async (req) => applications.withdraw(contextOf(req), req.params.applicationId, req.body));

  app.post('/api/v1/nominations', {
    schema: { operationId: 'nominateMember', tags, summary: 'As a current holder of a nominating level, nominate a member for a level by nomination', ...access({ scope: 'account:write', owner: 'self' }), body: NominateBody, response: { 201: NominationReceipt, ...errorResponses } },
  }, async (req, reply) => reply.status(201).send(await applications.nominate(contextOf(req), req.body)));

  app.post('/api/v1/applications/:applicationId/consent', {
    schema: { operationId: 'consentToNomination', tags, summary: 'As the nominee, consent to your nomination', ...access({ scope: 'account:write', owner: 'object' }), params: ApplicationParams, response: { 200: ApplicationView, ...errorResponses } },
  }, async (req) => applications.consent(contextOf(req), req.params.applicationId));

  app.post('/api/v1/applications/:applicationId/information-requests/:requestId/response', {
    schema: { operationId: 'respondToInformationRequest', tags, summary: 'Answer an assessor’s request, optionally with evidence already in your portfolio', ...access({ scope: 'account:write', owner: 'object' }), params: InformationRequestParams, body: RespondInformationBody, response: { 200: ApplicationView, ...errorResponses } },
  }, async (req) => applications.respond(contextOf(req), req.params.applicationId, req.params.requestId, req.body));

  app.post('/api/v1/applications/:applicationId/appeal', {
    schema: { operationId: 'appealDecision', tags, summary: 'Appeal a decision, once; an assessor not previously involved reviews it', ...access({ scope: 'account:write', owner: 'object' }), params: ApplicationParams, body: AppealBody, response: { 200: ApplicationView, ...errorResponses } },
  }, async (req) => applications.appeal(contextOf(req), req.params.applicationId, req.body));

  app.get('/api/v1/references/:token', {
    config: strictRateLimit,
    schema: { operationId: 'getReferenceRequest', ...publicAccess, tags: ['references'], summary: 'What a referee is asked to confirm (the token from the e-mailed link; no account)', params: ReferenceTokenParams, response: { 200: ReferenceRequestView, ...errorResponses } },
  }, async (req) => references.get(req.params.token));

  app.post('/api/v1/references/:token', {
    config: strictRateLimit,
    schema: { operationId: 'answerReferenceRequest', ...publicAccess, tags: ['references'], summary: 'Confirm or dispute each claim, once (no account; the applicant sees only that you answered)', params: ReferenceTokenParams, body: AnswerReferenceBody, response: { 200: ReferenceRequestView, ...errorResponses } },
  }, async (req) => references.answer(contextOf(req), req.params.token, req.body));
}
