import type { Platform } from '../../../platform/context.js';
import type { ZodApp } from '../../../platform/http/zod-app.js';
import { type EventDeps, type PartWiring, noJobs } from '../deps.js';
import { eventsService } from './events.service.js';
import { corePages } from './pages.js';
import { publicEventsService } from './public.service.js';
import { coreRoutes } from './routes.js';
import { sessionsService } from './sessions.service.js';
import { setupService } from './setup.service.js';

/** Wires events/core: organising events and their programme, the public pages and the programme feed. */
export function registerEventsCore(app: ZodApp, p: Platform, _deps: EventDeps): PartWiring {
  const pub = publicEventsService(p);
  coreRoutes(app, eventsService(p), setupService(p), sessionsService(p), pub);
  corePages(app, p.config, pub);
  return noJobs();
}
