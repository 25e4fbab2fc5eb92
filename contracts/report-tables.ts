import type { Reports } from './reports.js';

/*
 * Each report as a table: the page shows it beside its chart and exportReport sends it as CSV, from this one
 * function, so the download always says what the page says. Zod-free: the reports page imports it.
 */

export const reportKeys = ['holders', 'growth', 'funnel', 'assessors', 'compliance', 'cpdLogged', 'audits', 'attendance'] as const;
export type ReportKeyName = (typeof reportKeys)[number];

export type Cell = string | number | null;
export interface ReportTable {
  title: string;
  columns: string[];
  rows: Cell[][];
}

export const reportTitles: Record<ReportKeyName, string> = {
  holders: 'Holders by level',
  growth: 'Register growth',
  funnel: 'Application funnel',
  assessors: 'Assessor load and turnaround',
  compliance: 'CPD compliance by cycle and rule set',
  cpdLogged: 'CPD logged',
  audits: 'CPD audit outcomes',
  attendance: 'Event attendance',
};

export function reportTable(r: Reports, key: ReportKeyName): ReportTable {
  const title = reportTitles[key];
  switch (key) {
    case 'holders':
      return { title, columns: ['Month', ...r.holders.levels.map((l) => l.name), 'Total'], rows: r.holders.rows.map((x) => [x.month, ...x.counts, x.total]) };
    case 'growth':
      return {
        title,
        columns: ['Month', 'Awarded', 'Left (suspended, lapsed, revoked)', 'Holders at month end', 'Listed in the register'],
        rows: r.growth.rows.map((x) => [x.month, x.awarded, x.left, x.holders, x.listed]),
      };
    case 'funnel':
      return {
        title,
        columns: ['State', 'Entered', 'Left', 'In the state now', 'Median hours in state', '90th percentile hours'],
        rows: r.funnel.rows.map((x) => [x.label, x.entered, x.left, x.now, x.medianHours, x.p90Hours]),
      };
    case 'assessors':
      return {
        title,
        columns: ['Assessor', 'Active', 'Overdue', 'Completed', 'Handed back', 'Median days to finish', '90th percentile days'],
        rows: r.assessors.rows.map((x) => [x.name, x.active, x.overdue, x.completed, x.handedBack, x.medianDays, x.p90Days]),
      };
    case 'compliance':
      return {
        title,
        columns: ['Rule set', 'Cycle ends', 'Level', 'On track', 'Short', 'In grace', 'Suspended', 'Lapsed', 'Total', 'Compliant %'],
        rows: r.compliance.rows.map((x) => [x.ruleSet, x.cycleEnds, x.level, x.ok, x.short, x.grace, x.suspended, x.lapsed, x.total, x.compliantPercent]),
      };
    case 'cpdLogged':
      return { title, columns: ['Month', 'Activities', 'Hours'], rows: r.cpdLogged.rows.map((x) => [x.month, x.activities, x.hours]) };
    case 'audits':
      return {
        title,
        columns: ['Year', 'Reason', 'Open', 'Passed', 'Failed', 'Expired', 'Total', 'Pass %'],
        rows: r.audits.rows.map((x) => [x.year, x.reason, x.open, x.passed, x.failed, x.expired, x.total, x.passPercent]),
      };
    case 'attendance':
      return {
        title,
        columns: ['Event', 'Starts', 'Registered', 'Checked in', 'Attendance %'],
        rows: r.attendance.rows.map((x) => [x.title, x.startsOn, x.registered, x.checkedIn, x.attendancePercent]),
      };
  }
}
