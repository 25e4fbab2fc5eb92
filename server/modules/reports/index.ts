import type { Platform } from '../../platform/context.js';
import type { ZodApp } from '../../platform/http/zod-app.js';
import { reportsRepository } from './reports.repository.js';
import { reportsRoutes } from './reports.routes.js';
import { reportsService } from './reports.service.js';

/** The scheme administrator's reports: read-only aggregates over the other modules' tables. */
export function registerReports(app: ZodApp, p: Platform) {
  const reports = reportsService(p, reportsRepository(p.database));
  reportsRoutes(app, reports);
  return { reports };
}
