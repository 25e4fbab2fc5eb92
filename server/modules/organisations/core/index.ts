import type { Platform } from '../../../platform/context.js';
import type { ZodApp } from '../../../platform/http/zod-app.js';
import type { OrganisationDeps, PartWiring } from '../deps.js';
import { organisationsService } from './organisations.service.js';
import { corePages } from './pages.js';
import { peopleService } from './people.service.js';
import { coreRoutes } from './routes.js';

/** Wires organisations themselves: create, request and approve, domains verified by a mailed link, inviting colleagues, the public profile page. */
export function registerCore(app: ZodApp, p: Platform, _deps: OrganisationDeps): PartWiring {
  const people = peopleService(p);
  const orgs = organisationsService(p, people);
  coreRoutes(app, orgs, people);
  corePages(app, p.config, orgs);
  return { jobHandlers: {}, jobSchedules: [] };
}
