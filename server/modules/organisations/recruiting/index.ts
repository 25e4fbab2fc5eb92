import type { Platform } from '../../../platform/context.js';
import type { ZodApp } from '../../../platform/http/zod-app.js';
import type { OrganisationDeps, PartWiring } from '../deps.js';
import { refreshCandidate } from './candidates.repository.js';
import { recruitingJobHandlers, recruitingSchedules } from './recruiting.jobs.js';
import { recruitingRoutes } from './recruiting.routes.js';
import { recruitingService } from './recruiting.service.js';

/** Wires searching listed holders and relaying messages to them. */
export function registerRecruiting(app: ZodApp, p: Platform, deps: OrganisationDeps): PartWiring {
  // A listing choice rewrites the holder's candidate rows in the same transaction.
  deps.register.service.followListing(async (tx, holderId, now) => {
    await refreshCandidate(tx, holderId, now);
  });
  recruitingRoutes(app, p.config.rateLimitPerMinute, recruitingService(p));
  return { jobHandlers: recruitingJobHandlers(p.database.db, p.clock), jobSchedules: recruitingSchedules };
}
