import type { Platform } from '../../platform/context.js';
import type { ZodApp } from '../../platform/http/zod-app.js';
import { cpdRepository } from './cpd.repository.js';
import { cpdRoutes } from './cpd.routes.js';
import { cpdService } from './cpd.service.js';
import { registerCpdStandards } from './standards.js';

/** Wires the CPD log, summary, tracked credentials and plan, and keeping standards (imports, audits, lapse, export). */
export function registerCpd(app: ZodApp, p: Platform) {
  const cpd = cpdService(p, cpdRepository(p.database));
  cpdRoutes(app, cpd);
  return Object.assign(cpd, { standards: registerCpdStandards(app, p, cpd) });
}
