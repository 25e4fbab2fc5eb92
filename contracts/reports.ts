import { z } from 'zod';
import { reportKeys } from './report-tables.js';

/*
 * The scheme administrator's reports (getReports) and their CSV copies (exportReport). Each report is the
 * table a chart draws; contracts/report-tables.ts turns each into the columns and rows that the page shows
 * and the CSV holds, so the two cannot disagree.
 */

const isoDate = z.iso.date().describe('A date, YYYY-MM-DD (UTC)');

export const ReportsQuery = z.strictObject({
  from: isoDate.optional().describe('First day of the period (default: the first of the month eleven months ago)'),
  to: isoDate.optional().describe('Last day of the period (default: today)'),
});

export const ReportKey = z.enum(reportKeys);

export const ExportReportQuery = ReportsQuery.extend({ report: ReportKey.describe('Which report to download as CSV') });

const count = z.number().int().nonnegative();
/** Hours or days with one decimal; null when nothing was measured. */
const duration = z.number().nonnegative().nullable();

export const Reports = z.object({
  from: z.string(),
  to: z.string(),
  generatedAt: z.string(),
  months: z.array(z.string()).describe('The months of the period, YYYY-MM'),
  holders: z.object({
    levels: z.array(z.object({ id: z.string(), name: z.string() })),
    rows: z.array(z.object({ month: z.string(), counts: z.array(count).describe('Holders at the month end, one per level in `levels`'), total: count })),
  }),
  growth: z.object({
    rows: z.array(z.object({ month: z.string(), awarded: count, left: count, holders: count, listed: count })),
  }),
  funnel: z.object({
    rows: z.array(
      z.object({
        state: z.string(),
        label: z.string(),
        entered: count.describe('Applications that entered the state in the period'),
        left: count.describe('Stays in the state that ended in the period (what the times are measured over)'),
        now: count.describe('Applications in the state today'),
        medianHours: duration,
        p90Hours: duration,
      }),
    ),
  }),
  assessors: z.object({
    rows: z.array(
      z.object({ assessorId: z.string(), name: z.string(), active: count, overdue: count, completed: count, handedBack: count, medianDays: duration, p90Days: duration }),
    ),
  }),
  compliance: z.object({
    rows: z.array(
      z.object({ ruleSet: z.string(), cycleEnds: z.string(), level: z.string(), ok: count, short: count, grace: count, suspended: count, lapsed: count, total: count, compliantPercent: z.number() }),
    ),
  }),
  cpdLogged: z.object({ rows: z.array(z.object({ month: z.string(), activities: count, hours: z.number() })) }),
  audits: z.object({
    rows: z.array(z.object({ year: z.number().int(), reason: z.string(), open: count, passed: count, failed: count, expired: count, total: count, passPercent: z.number().nullable() })),
  }),
  attendance: z.object({
    rows: z.array(z.object({ eventId: z.string(), title: z.string(), startsOn: z.string(), registered: count, checkedIn: count, attendancePercent: z.number().nullable() })),
  }),
});
export type Reports = z.infer<typeof Reports>;
