import type { Platform } from '../../../platform/context.js';
import type { ZodApp } from '../../../platform/http/zod-app.js';
import type { OrganisationDeps, PartWiring } from '../deps.js';
import { sponsorshipRoutes } from './sponsorship.routes.js';
import { sponsorshipService } from './sponsorship.service.js';

export { sponsorOfApplication } from './queries.js';

/** Wires organisations paying a member's fee, and suggesting CPD goals. */
export function registerSponsorship(app: ZodApp, p: Platform, deps: OrganisationDeps): PartWiring {
  sponsorshipRoutes(app, sponsorshipService(p, deps));
  return { jobHandlers: {}, jobSchedules: [] };
}
