import { Ok } from '../../../contracts/common.js';
import {
  CpdActivity,
  CpdActivityBody,
  CpdActivityPage,
  CpdActivityParams,
  CpdPlan,
  CpdPlanContent,
  CpdRuleSetList,
  CpdSummary,
  ListCpdActivitiesQuery,
  TrackedCredential,
  TrackedCredentialBody,
  TrackedCredentialList,
  TrackedCredentialParams,
} from '../../../contracts/cpd.js';
import { contextOf } from '../../platform/http/auth-hook.js';
import { type ZodApp, access, errorResponses } from '../../platform/http/zod-app.js';
import type { CpdService } from './cpd.service.js';

const tags = ['cpd'];

/** HTTP for the member's CPD log, summary, tracked credentials and plan. */
export function cpdRoutes(app: ZodApp, cpd: CpdService): void {
  app.post('/api/v1/me/cpd/activities', {
    schema: { operationId: 'logCpdActivity', tags, summary: 'Log a CPD activity (hours in quarter hours, with a reflection)', ...access({ scope: 'cpd:write', owner: 'self' }), body: CpdActivityBody, response: { 201: CpdActivity, ...errorResponses } },
  }, async (req, reply) => reply.status(201).send(await cpd.log(contextOf(req), req.body)));

  app.get('/api/v1/me/cpd/activities', {
    schema: { operationId: 'listCpdActivities', tags, summary: 'Your CPD log, newest first, by page; filter by calendar year or type', ...access({ scope: 'cpd:read', owner: 'self' }), querystring: ListCpdActivitiesQuery, response: { 200: CpdActivityPage, ...errorResponses } },
  }, async (req) => cpd.list(contextOf(req), req.query));

  app.get('/api/v1/me/cpd/activities/:activityId', {
    schema: { operationId: 'getCpdActivity', tags, summary: 'One of your CPD activities', ...access({ scope: 'cpd:read', owner: 'self' }), params: CpdActivityParams, response: { 200: CpdActivity, ...errorResponses } },
  }, async (req) => cpd.get(contextOf(req), req.params.activityId));

  app.put('/api/v1/me/cpd/activities/:activityId', {
    schema: {
      operationId: 'updateCpdActivity',
      tags,
      summary: 'Replace one of your CPD activities',
      description: 'A provider- or event-credited activity, or one under audit, only takes a new reflection and evidence; other changes are refused with 409.',
      ...access({ scope: 'cpd:write', owner: 'self' }),
      params: CpdActivityParams,
      body: CpdActivityBody,
      response: { 200: CpdActivity, ...errorResponses },
    },
  }, async (req) => cpd.update(contextOf(req), req.params.activityId, req.body));

  app.delete('/api/v1/me/cpd/activities/:activityId', {
    schema: { operationId: 'deleteCpdActivity', tags, summary: 'Delete one of your CPD activities (not while it is under audit)', ...access({ scope: 'cpd:write', owner: 'self' }), params: CpdActivityParams, response: { 200: Ok, ...errorResponses } },
  }, async (req) => cpd.remove(contextOf(req), req.params.activityId));

  // getCpdSummary answers JSON text (cached per member in the service), so it bypasses the response serialiser.
  app.get('/api/v1/me/cpd/summary', {
    schema: {
      operationId: 'getCpdSummary',
      tags,
      summary: 'Your CPD totals per credential, each under its own rule set: earned, counted, required, with reasons, progress and a forecast',
      ...access({ scope: 'cpd:read', owner: 'self' }),
      response: { 200: CpdSummary, ...errorResponses },
    },
  }, async (req, reply) => reply.type('application/json; charset=utf-8').send((await cpd.summaryJson(contextOf(req))) as never));

  app.get('/api/v1/cpd/rule-sets', {
    schema: { operationId: 'listCpdRuleSets', tags, summary: 'The CPD rule sets in force, the body’s own and others a member may track', ...access({ scope: 'cpd:read' }), response: { 200: CpdRuleSetList, ...errorResponses } },
  }, async (req) => cpd.ruleSets(contextOf(req)));

  app.get('/api/v1/me/cpd/tracked-credentials', {
    schema: { operationId: 'listTrackedCredentials', tags, summary: 'Credentials from other bodies whose CPD you track here', ...access({ scope: 'cpd:read', owner: 'self' }), response: { 200: TrackedCredentialList, ...errorResponses } },
  }, async (req) => cpd.listTracked(contextOf(req)));

  app.post('/api/v1/me/cpd/tracked-credentials', {
    schema: { operationId: 'addTrackedCredential', tags, summary: 'Track a credential from another body under one of the rule sets', ...access({ scope: 'cpd:write', owner: 'self' }), body: TrackedCredentialBody, response: { 201: TrackedCredential, ...errorResponses } },
  }, async (req, reply) => reply.status(201).send(await cpd.addTracked(contextOf(req), req.body)));

  app.delete('/api/v1/me/cpd/tracked-credentials/:trackedId', {
    schema: { operationId: 'removeTrackedCredential', tags, summary: 'Stop tracking a credential (your activities stay)', ...access({ scope: 'cpd:write', owner: 'self' }), params: TrackedCredentialParams, response: { 200: Ok, ...errorResponses } },
  }, async (req) => cpd.removeTracked(contextOf(req), req.params.trackedId));

  app.get('/api/v1/me/cpd/plan', {
    schema: { operationId: 'getCpdPlan', tags, summary: 'Your CPD plan: goals, planned activities, reminders, and reflection prompts', ...access({ scope: 'cpd:read', owner: 'self' }), response: { 200: CpdPlan, ...errorResponses } },
  }, async (req) => cpd.plan(contextOf(req)));

  app.put('/api/v1/me/cpd/plan', {
    schema: { operationId: 'updateCpdPlan', tags, summary: 'Replace your CPD plan', ...access({ scope: 'cpd:write', owner: 'self' }), body: CpdPlanContent, response: { 200: CpdPlan, ...errorResponses } },
  }, async (req) => cpd.savePlan(contextOf(req), req.body));
}
