import type { Platform } from '../../../platform/context.js';
import type { ZodApp } from '../../../platform/http/zod-app.js';
import type { OrganisationDeps, PartWiring } from '../deps.js';

/** Wires searching listed holders and relaying messages to them. */
export function registerRecruiting(_app: ZodApp, _p: Platform, _deps: OrganisationDeps): PartWiring {
  return { jobHandlers: {}, jobSchedules: [] };
}
