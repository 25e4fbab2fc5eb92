import type { Platform } from '../../../platform/context.js';
import type { ZodApp } from '../../../platform/http/zod-app.js';
import type { OrganisationDeps, PartWiring } from '../deps.js';

/** Wires members link work items to organisations, which confirm or dispute them. */
export function registerEmployment(_app: ZodApp, _p: Platform, _deps: OrganisationDeps): PartWiring {
  return { jobHandlers: {}, jobSchedules: [] };
}
