import { z } from 'zod';

/** The events an organisation's endpoint may subscribe to. */
export const WebhookEventType = z.enum([
  'credential.awarded',
  'credential.suspended',
  'credential.reinstated',
  'credential.revoked',
  'credential.lapsed',
  'consent.granted',
  'consent.revoked',
  'employment.confirmation_requested',
]);
export type WebhookEventType = z.infer<typeof WebhookEventType>;

const events = z
  .array(WebhookEventType, { message: 'events must be a list of event names such as credential.suspended' })
  .min(1, 'Choose at least one event')
  .max(8)
  .refine((list) => new Set(list).size === list.length, 'Name each event once');

export const WebhookEndpointInput = z.strictObject({
  url: z.url({ message: 'Give the endpoint as a full https address such as https://hooks.example.org/guildhall' }).max(2000),
  description: z.string().trim().max(200).default(''),
  events,
});

export const WebhookEndpointUpdate = z
  .strictObject({
    description: z.string().trim().max(200).optional(),
    events: events.optional(),
    enabled: z.boolean().optional(),
  })
  .refine((b) => b.description !== undefined || b.events !== undefined || b.enabled !== undefined, 'Give description, events or enabled to change');

export const WebhookEndpoint = z.object({
  id: z.string(),
  organisationId: z.string(),
  url: z.string(),
  description: z.string(),
  events: z.array(WebhookEventType),
  enabled: z.boolean(),
  disabledReason: z.string().nullable(),
  failingSince: z.string().nullable(),
  /** While a rotated secret is still used beside the new one. */
  previousSecretUntil: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

/** Only the answers to creating an endpoint and rotating its secret carry the secret. */
export const WebhookEndpointWithSecret = WebhookEndpoint.extend({ secret: z.string() });

export const WebhookEndpointList = z.object({ endpoints: z.array(WebhookEndpoint) });

export const WebhookAttempt = z.object({
  id: z.string(),
  attemptedAt: z.string(),
  statusCode: z.number().int().nullable(),
  latencyMs: z.number().int(),
  error: z.string().nullable(),
  byHand: z.boolean(),
});

export const WebhookDelivery = z.object({
  id: z.string(),
  endpointId: z.string(),
  eventType: WebhookEventType,
  status: z.enum(['pending', 'delivered', 'failed', 'dropped']),
  attempts: z.number().int(),
  nextAttemptAt: z.string().nullable(),
  lastStatusCode: z.number().int().nullable(),
  lastError: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  createdAt: z.string(),
  body: z.string(),
  attemptLog: z.array(WebhookAttempt),
});

export const WebhookDeliveryList = z.object({ deliveries: z.array(WebhookDelivery), next: z.string().nullable() });

export const WebhookDeliveryQuery = z.strictObject({
  endpointId: z.string().max(64).optional(),
  status: z.enum(['pending', 'delivered', 'failed', 'dropped']).optional(),
  before: z.string().max(64).optional().describe('Return deliveries older than this delivery id (for paging)'),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});
