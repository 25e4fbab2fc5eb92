import type { Platform } from '../../../platform/context.js';
import type { ZodApp } from '../../../platform/http/zod-app.js';
import { type EventDeps, type PartWiring, noJobs } from '../deps.js';
import { exhibitorsService } from './exhibitors.service.js';
import { leadsService } from './leads.service.js';
import { exhibitorPages } from './pages.js';
import { exhibitorRoutes } from './routes.js';
import { staffService } from './staff.service.js';
import { standRoutes } from './stands.routes.js';
import { standsService } from './stands.service.js';

/** Wires events/exhibitors: sponsors and exhibitors, their staff, and the leads scanned at their stands. */
export function registerExhibitors(app: ZodApp, p: Platform, _deps: EventDeps): PartWiring {
  const exhibitors = exhibitorsService(p);
  exhibitorRoutes(app, exhibitors, staffService(p), leadsService(p));
  standRoutes(app, standsService(p));
  exhibitorPages(app, p.config, exhibitors);
  return noJobs();
}
