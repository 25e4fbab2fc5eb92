import type { Platform } from '../../../platform/context.js';
import type { ZodApp } from '../../../platform/http/zod-app.js';
import { type EventDeps, type PartWiring, noJobs } from '../deps.js';
import { checkinRoutes } from './routes.js';

/** Wires events/checkin: door and session lists, scans recorded once by nonce, undo and the status scanners poll. */
export function registerCheckin(app: ZodApp, p: Platform, deps: EventDeps): PartWiring {
  checkinRoutes(app, p, deps.cpd.standards.standing.recheckQuietly);
  return noJobs();
}
