import type { Platform } from '../../../platform/context.js';
import type { ZodApp } from '../../../platform/http/zod-app.js';
import { type EventDeps, type PartWiring, noJobs } from '../deps.js';

/** Wires events/closing: its routes, pages and jobs. */
export function registerClosing(_app: ZodApp, _p: Platform, _deps: EventDeps): PartWiring {
  return noJobs();
}
