import { z } from 'zod';
import { Ok } from '../../../../contracts/common.js';
import {
  WebhookDelivery,
  WebhookDeliveryList,
  WebhookDeliveryQuery,
  WebhookEndpointInput,
  WebhookEndpointList,
  WebhookEndpointUpdate,
  WebhookEndpoint,
  WebhookEndpointWithSecret,
} from '../../../../contracts/organisations-webhooks.js';
import { contextOf } from '../../../platform/http/auth-hook.js';
import { type ZodApp, access, errorResponses } from '../../../platform/http/zod-app.js';
import type { WebhooksService } from './webhooks.service.js';

const orgParams = z.strictObject({ organisationId: z.string().max(64) });
const endpointParams = orgParams.extend({ endpointId: z.string().max(64) });
const deliveryParams = orgParams.extend({ deliveryId: z.string().max(64) });
const read = access({ scope: 'organisations:read' });
const write = access({ scope: 'organisations:write' });

/** HTTP for an organisation's webhook endpoints and their deliveries (the organisation's admins; the service checks). */
export function webhooksRoutes(app: ZodApp, s: WebhooksService): void {
  const tags = ['organisations'];
  const base = '/api/v1/organisations/:organisationId';
  app.get(`${base}/webhooks`, {
    schema: { operationId: 'listWebhookEndpoints', tags, summary: "The organisation's webhook endpoints (never their secrets)", ...read, params: orgParams, response: { 200: WebhookEndpointList, ...errorResponses } },
  }, async (req) => s.list(contextOf(req), req.params.organisationId));
  app.post(`${base}/webhooks`, {
    schema: { operationId: 'createWebhookEndpoint', tags, summary: 'Register an https endpoint for chosen events; the answer shows its signing secret, once', ...write, params: orgParams, body: WebhookEndpointInput, response: { 201: WebhookEndpointWithSecret, ...errorResponses } },
  }, async (req, reply) => reply.status(201).send(await s.create(contextOf(req), req.params.organisationId, req.body)));
  app.patch(`${base}/webhooks/:endpointId`, {
    schema: { operationId: 'updateWebhookEndpoint', tags, summary: "Change an endpoint's description or events, or switch it on or off", ...write, params: endpointParams, body: WebhookEndpointUpdate, response: { 200: WebhookEndpoint, ...errorResponses } },
  }, async (req) => s.update(contextOf(req), req.params.organisationId, req.params.endpointId, req.body));
  app.delete(`${base}/webhooks/:endpointId`, {
    schema: { operationId: 'deleteWebhookEndpoint', tags, summary: 'Remove an endpoint and its delivery log', ...write, params: endpointParams, response: { 200: Ok, ...errorResponses } },
  }, async (req) => s.remove(contextOf(req), req.params.organisationId, req.params.endpointId));
  app.post(`${base}/webhooks/:endpointId/rotate-secret`, {
    schema: { operationId: 'rotateWebhookSecret', tags, summary: 'A new signing secret, shown once; the old one keeps signing beside it for 24 hours', ...write, params: endpointParams, response: { 200: WebhookEndpointWithSecret, ...errorResponses } },
  }, async (req) => s.rotate(contextOf(req), req.params.organisationId, req.params.endpointId));
  app.get(`${base}/webhook-deliveries`, {
    schema: { operationId: 'listWebhookDeliveries', tags, summary: 'Deliveries, newest first, each with its attempts (status code, latency, error)', ...read, params: orgParams, querystring: WebhookDeliveryQuery, response: { 200: WebhookDeliveryList, ...errorResponses } },
  }, async (req) => s.deliveries(contextOf(req), req.params.organisationId, req.query));
  app.post(`${base}/webhook-deliveries/:deliveryId/redeliver`, {
    schema: { operationId: 'redeliverWebhook', tags, summary: 'Send a delivery again (same webhook-id and body), at once', ...write, params: deliveryParams, response: { 200: WebhookDelivery, ...errorResponses } },
  }, async (req) => s.redeliver(contextOf(req), req.params.organisationId, req.params.deliveryId));
}
