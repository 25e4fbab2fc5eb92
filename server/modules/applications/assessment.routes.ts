import {
  ApplicationParams,
  ApplicationView,
  AssessmentQueue,
  ConflictBody,
  DecideAppealBody,
  DecideBody,
  MyCredentials,
  QueueQuery,
  RecommendBody,
  RequestInformationBody,
  ScoreBody,
} from '../../../contracts/applications.js';
import { contextOf } from '../../platform/http/auth-hook.js';
import { type ZodApp, access, errorResponses } from '../../platform/http/zod-app.js';
import type { AssessmentService } from './assessment.service.js';

const tags = ['assessment'];
const ok = { 200: ApplicationView, ...errorResponses };

/** HTTP for assessors and scheme administrators: the queue, scoring, recommendations, decisions; and a member's credentials. */
export function assessmentRoutes(app: ZodApp, s: AssessmentService): void {
  app.get('/api/v1/assessment/queue', {
    schema: {
      operationId: 'listAssessmentQueue',
      tags,
      summary: 'Your active assignments (scope mine), or every open application (scope all, scheme administrators), by due date',
      ...access({ scope: 'admin', roles: ['assessor', 'scheme_admin'] }),
      querystring: QueueQuery,
      response: { 200: AssessmentQueue, ...errorResponses },
    },
  }, async (req) => s.queue(contextOf(req), req.query));

  app.put('/api/v1/applications/:applicationId/scores', {
    schema: { operationId: 'scoreApplication', tags, summary: 'Score categories of the rubric with notes (replaces your earlier score of each)', ...access({ scope: 'admin', roles: ['assessor'], assigned: true }), params: ApplicationParams, body: ScoreBody, response: ok },
  }, async (req) => s.score(contextOf(req), req.params.applicationId, req.body));

  app.post('/api/v1/applications/:applicationId/information-requests', {
    schema: { operationId: 'requestMoreInformation', tags, summary: 'Ask the applicant for more; the due date pauses until they answer', ...access({ scope: 'admin', roles: ['assessor'], assigned: true }), params: ApplicationParams, body: RequestInformationBody, response: ok },
  }, async (req) => s.requestInformation(contextOf(req), req.params.applicationId, req.body.question));

  app.post('/api/v1/applications/:applicationId/conflict', {
    schema: { operationId: 'declareConflict', tags, summary: 'Declare a conflict of interest and hand the application back', ...access({ scope: 'admin', roles: ['assessor'], assigned: true }), params: ApplicationParams, body: ConflictBody, response: ok },
  }, async (req) => s.declareConflict(contextOf(req), req.params.applicationId, req.body.reason));

  app.post('/api/v1/applications/:applicationId/recommendation', {
    schema: { operationId: 'recommendDecision', tags, summary: 'Recommend award (possibly at another level) or decline, with reasons', ...access({ scope: 'admin', roles: ['assessor'], assigned: true }), params: ApplicationParams, body: RecommendBody, response: ok },
  }, async (req) => s.recommend(contextOf(req), req.params.applicationId, req.body));

  app.post('/api/v1/applications/:applicationId/decision', {
    schema: { operationId: 'decideApplication', tags, summary: 'Decide on the recommendation (scheme administrators; panel levels need panel: true)', ...access({ scope: 'admin', roles: ['scheme_admin'] }), params: ApplicationParams, body: DecideBody, response: ok },
  }, async (req) => s.decide(contextOf(req), req.params.applicationId, req.body));

  app.post('/api/v1/applications/:applicationId/fee-paid', {
    schema: { operationId: 'markFeePaid', tags, summary: 'Record the award fee as paid; the credential is then awarded', ...access({ scope: 'admin', roles: ['scheme_admin'] }), params: ApplicationParams, response: ok },
  }, async (req) => s.markFeePaid(contextOf(req), req.params.applicationId));

  app.post('/api/v1/applications/:applicationId/appeal/decision', {
    schema: { operationId: 'decideAppeal', tags, summary: 'Decide an appeal (its assessor): the decision stands, or is overturned into an award', ...access({ scope: 'admin', roles: ['assessor'], assigned: true }), params: ApplicationParams, body: DecideAppealBody, response: ok },
  }, async (req) => s.decideAppeal(contextOf(req), req.params.applicationId, req.body));

  app.get('/api/v1/credentials/mine', {
    schema: { operationId: 'listMyCredentials', tags: ['credentials'], summary: 'Your credential records, newest first', ...access({ scope: 'credentials:read', owner: 'self' }), response: { 200: MyCredentials, ...errorResponses } },
  }, async (req) => s.myCredentials(contextOf(req)));
}
