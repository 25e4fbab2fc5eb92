import type { Platform } from '../../platform/context.js';
import type { ZodApp } from '../../platform/http/zod-app.js';
import { cpdRepository } from './cpd.repository.js';
import { cpdRoutes } from './cpd.routes.js';
import { cpdService } from './cpd.service.js';

/** Wires the CPD log, summary, tracked credentials and plan. */
export function registerCpd(app: ZodApp, p: Platform) {
  const cpd = cpdService(p, cpdRepository(p.database));
  cpdRoutes(app, cpd);
  return cpd;
}
