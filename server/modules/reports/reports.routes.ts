import { z } from 'zod';
import { reportTable } from '../../../contracts/report-tables.js';
import { ExportReportQuery, Reports, ReportsQuery } from '../../../contracts/reports.js';
import { contextOf } from '../../platform/http/auth-hook.js';
import { type ZodApp, access, errorResponses } from '../../platform/http/zod-app.js';
import { toCsv } from '../cpd/csv.js';
import type { ReportsService } from './reports.service.js';

const tags = ['reports'];
const staffAccess = access({ scope: 'admin', roles: ['scheme_admin', 'system_admin'] });

/** HTTP for the reports: all of them as JSON, or one as CSV (the same table the page shows). */
export function reportsRoutes(app: ZodApp, s: ReportsService): void {
  app.get('/api/v1/reports', {
    schema: {
      operationId: 'getReports',
      tags,
      summary: 'Every report of a period: holders by level, register growth, the application funnel, assessors, CPD compliance and logging, audits, attendance',
      ...staffAccess,
      querystring: ReportsQuery,
      response: { 200: Reports, ...errorResponses },
    },
  }, async (req) => s.getReports(contextOf(req), req.query));

  app.get('/api/v1/reports/export', {
    schema: {
      operationId: 'exportReport',
      tags,
      summary: 'One report of a period as CSV (RFC 4180), the table the reports page shows',
      ...staffAccess,
      querystring: ExportReportQuery,
      response: { 200: z.any().describe('text/csv'), ...errorResponses },
    },
  }, async (req, reply) => {
    const { report, ...period } = req.query;
    const reports = await s.getReports(contextOf(req), period);
    const table = reportTable(reports, report);
    const name = `${report}-${reports.from}-to-${reports.to}`;
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${name}.csv"`)
      .header('cache-control', 'private, no-store')
      .send(toCsv([table.columns, ...table.rows]));
  });
}
