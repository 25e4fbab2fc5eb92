import type { Platform } from '../../../platform/context.js';
import type { ZodApp } from '../../../platform/http/zod-app.js';
import type { OrganisationDeps, PartWiring } from '../deps.js';
import { JOB_KIND, SWEEP_EVERY_MS } from './rules.js';
import { webhookSender } from './sender.js';
import { webhooksRoutes } from './webhooks.routes.js';
import { webhooksService } from './webhooks.service.js';

/**
 * Wires organisations' HTTPS endpoints and signed deliveries of member events. Deliveries are queued
 * by events.ts in the changing transaction; the job sends them, and a sweep every 30 s picks up retries.
 */
export function registerWebhooks(app: ZodApp, p: Platform, _deps: OrganisationDeps): PartWiring {
  const service = webhooksService(p);
  const sender = webhookSender(p);
  app.addHook('onClose', async () => sender.close());
  webhooksRoutes(app, service);
  return {
    jobHandlers: { [JOB_KIND]: sender.handler },
    jobSchedules: [{ name: 'webhooks.sweep', kind: JOB_KIND, everyMs: SWEEP_EVERY_MS }],
  };
}
