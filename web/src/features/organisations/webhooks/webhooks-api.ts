import type { z } from 'zod';
import type { Ok } from '../../../../../contracts/common.js';
import type {
  WebhookDelivery as WebhookDeliveryView,
  WebhookDeliveryList,
  WebhookEndpoint as WebhookEndpointView,
  WebhookEndpointInput,
  WebhookEndpointWithSecret,
  WebhookEventType,
} from '../../../../../contracts/organisations-webhooks.js';
import { call, query } from '../../../api.js';

/** An organisation's webhook endpoints and deliveries; loaded with the Webhooks page only. */
export type WebhookEndpoint = z.infer<typeof WebhookEndpointView>;
export type WebhookDelivery = z.infer<typeof WebhookDeliveryView>;
export type WebhookEvent = z.infer<typeof WebhookEventType>;

const seg = encodeURIComponent;
const at = (org: string) => `/api/v1/organisations/${seg(org)}`;

export const webhooks = {
  list: (org: string) => call<{ endpoints: WebhookEndpoint[] }>('GET', `${at(org)}/webhooks`),
  create: (org: string, body: z.input<typeof WebhookEndpointInput>) => call<z.infer<typeof WebhookEndpointWithSecret>>('POST', `${at(org)}/webhooks`, body),
  update: (org: string, id: string, body: { description?: string; events?: WebhookEvent[]; enabled?: boolean }) => call<WebhookEndpoint>('PATCH', `${at(org)}/webhooks/${seg(id)}`, body),
  remove: (org: string, id: string) => call<z.infer<typeof Ok>>('DELETE', `${at(org)}/webhooks/${seg(id)}`),
  rotate: (org: string, id: string) => call<z.infer<typeof WebhookEndpointWithSecret>>('POST', `${at(org)}/webhooks/${seg(id)}/rotate-secret`),
  deliveries: (org: string, q: { endpointId?: string; status?: string; before?: string } = {}) => call<z.infer<typeof WebhookDeliveryList>>('GET', `${at(org)}/webhook-deliveries${query(q)}`),
  redeliver: (org: string, id: string) => call<WebhookDelivery>('POST', `${at(org)}/webhook-deliveries/${seg(id)}/redeliver`),
};
