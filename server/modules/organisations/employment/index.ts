import type { Platform } from '../../../platform/context.js';
import type { ZodApp } from '../../../platform/http/zod-app.js';
import type { OrganisationDeps, PartWiring } from '../deps.js';
import { employmentRoutes } from './employment.routes.js';
import { employmentService } from './employment.service.js';

export { employmentConfirmationsOf, matchesConfirmation } from './queries.js';

/** Wires members link work items to organisations, which confirm or dispute them. */
export function registerEmployment(app: ZodApp, p: Platform, _deps: OrganisationDeps): PartWiring {
  employmentRoutes(app, employmentService(p));
  return { jobHandlers: {}, jobSchedules: [] };
}
