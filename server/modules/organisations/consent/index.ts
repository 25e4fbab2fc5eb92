import type { Platform } from '../../../platform/context.js';
import type { ZodApp } from '../../../platform/http/zod-app.js';
import type { OrganisationDeps, PartWiring } from '../deps.js';

/** Wires members' consent grants, the log of every view, and the team view built on them. */
export function registerConsent(_app: ZodApp, _p: Platform, _deps: OrganisationDeps): PartWiring {
  return { jobHandlers: {}, jobSchedules: [] };
}
