import type { Platform } from '../../../platform/context.js';
import type { ZodApp } from '../../../platform/http/zod-app.js';
import type { OrganisationDeps, PartWiring } from '../deps.js';
import { consentRoutes } from './consent.routes.js';
import { consentService } from './consent.service.js';
import { teamService } from './team.service.js';

/** For other parts: who granted an organisation sight of a scope (webhooks, sponsorship's plan goals). */
export { consentedMembers, hasConsent } from './queries.js';

/** Wires members' consent grants, the log of every view, and the team view built on them. */
export function registerConsent(app: ZodApp, p: Platform, _deps: OrganisationDeps): PartWiring {
  consentRoutes(app, consentService(p), teamService(p));
  return { jobHandlers: {}, jobSchedules: [] };
}
