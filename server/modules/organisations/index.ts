import type { Platform } from '../../platform/context.js';
import type { ZodApp } from '../../platform/http/zod-app.js';
import { registerConsent } from './consent/index.js';
import { registerCore } from './core/index.js';
import type { OrganisationDeps, PartWiring } from './deps.js';
import { registerEmployment } from './employment/index.js';
import { registerRecruiting } from './recruiting/index.js';
import { registerSponsorship } from './sponsorship/index.js';
import { registerWebhooks } from './webhooks/index.js';

/**
 * For other modules: queueMemberEvent(tx, event, now) queues the webhook deliveries a change to a
 * member's credential causes, inside the caller's transaction (an award, a status change).
 */
export { queueMemberEvent } from './webhooks/events.js';

/**
 * Employers (decision 0022): organisations and their staff, employment confirmed by the employer,
 * members' consent and the team view it opens, sponsorship, recruiting and webhooks. Each part lives in
 * its own folder; every organisation-scoped operation goes through membership.ts.
 */
export function registerOrganisations(app: ZodApp, p: Platform, deps: OrganisationDeps) {
  const parts: PartWiring[] = [
    registerCore(app, p, deps),
    registerEmployment(app, p, deps),
    registerConsent(app, p, deps),
    registerSponsorship(app, p, deps),
    registerRecruiting(app, p, deps),
    registerWebhooks(app, p, deps),
  ];
  return {
    jobHandlers: Object.assign({}, ...parts.map((x) => x.jobHandlers)) as PartWiring['jobHandlers'],
    jobSchedules: parts.flatMap((x) => x.jobSchedules),
  };
}
