import type { ReportKeyName } from '../../../contracts/report-tables.js';
import type { Reports } from '../../../contracts/reports.js';
import { call, query } from '../api-core.js';

export type Period = { from?: string; to?: string };

export const reports = {
  get: (p: Period) => call<Reports>('GET', `/api/v1/reports${query(p)}`),
  /** exportReport's address: a plain link downloads it with the session cookie. */
  csvUrl: (report: ReportKeyName, p: Period) => `/api/v1/reports/export${query({ report, ...p })}`,
};
