import type { Platform } from '../../platform/context.js';
import type { ZodApp } from '../../platform/http/zod-app.js';
import type { PortfolioService } from '../portfolio/portfolio.service.js';
import { cpdPages } from './cpd.pages.js';
import { cpdRepository } from './cpd.repository.js';
import { cpdRoutes } from './cpd.routes.js';
import { cpdService } from './cpd.service.js';
import { standingSteps } from './lapse.job.js';
import { lapseRepository } from './lapse.repository.js';
import { registerCpdStandards } from './standards.js';

/** Wires the CPD log, summary, tracked credentials and plan, and keeping standards (imports, audits, lapse, export). */
export function registerCpd(app: ZodApp, p: Platform, portfolio: Pick<PortfolioService, 'view'>) {
  // A member who makes up a shortfall is reinstated at once, wherever their CPD changed.
  const lapses = lapseRepository(p.database);
  const standing = standingSteps(p, lapses);
  const cpd = cpdService(p, cpdRepository(p.database), standing.recheckQuietly);
  cpdRoutes(app, cpd);
  // The CPD page, rendered on the server: its log form offers the portfolio's evidence.
  cpdPages(app, p.config, cpd, portfolio);
  return Object.assign(cpd, { standards: registerCpdStandards(app, p, cpd, lapses, standing) });
}
/** For events/closing: credits from the body's events through the provider path, in the caller's transaction. */
export { EVENTS_PROVIDER_SLUG, type EventCredit, creditFromEvent } from './event-credits.js';
