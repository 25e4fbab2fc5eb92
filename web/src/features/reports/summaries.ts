import type { Reports } from '../../../../contracts/reports.js';

/*
 * Each chart's text alternative: what the picture shows, in a sentence or two, from the same numbers as the
 * table beside it.
 */

const n = (v: number) => v.toLocaleString('en-GB', { maximumFractionDigits: 1 });
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const nothing = 'Nothing in this period.';

export function holdersSummary(r: Reports): string {
  const first = r.holders.rows[0];
  const last = r.holders.rows.at(-1);
  if (!first || !last || r.holders.levels.length === 0) return nothing;
  const levels = r.holders.levels.map((l, i) => `${l.name} ${n(last.counts[i] ?? 0)}`).join(', ');
  return `At the end of ${last.month} there were ${n(last.total)} holders (${levels}), against ${n(first.total)} at the end of ${first.month}.`;
}

export function growthSummary(r: Reports): string {
  const rows = r.growth.rows;
  const last = rows.at(-1);
  if (!last) return nothing;
  return `${n(sum(rows.map((x) => x.awarded)))} credentials awarded and ${n(sum(rows.map((x) => x.left)))} suspended, lapsed or revoked in the period; ${n(last.listed)} holders listed in the public register at its end.`;
}

export function funnelSummary(r: Reports): string {
  const measured = r.funnel.rows.filter((x) => x.medianHours !== null);
  const open = sum(r.funnel.rows.filter((x) => !['awarded', 'declined', 'withdrawn'].includes(x.state)).map((x) => x.now));
  if (measured.length === 0) return `No application changed state in the period; ${n(open)} are open now.`;
  const longest = measured.reduce((a, b) => ((b.medianHours ?? 0) > (a.medianHours ?? 0) ? b : a));
  return `The longest median stay is “${longest.label}”: ${n(longest.medianHours ?? 0)} hours (90th percentile ${n(longest.p90Hours ?? 0)}). ${n(open)} applications are open now.`;
}

export function assessorsSummary(r: Reports): string {
  const rows = r.assessors.rows;
  if (rows.length === 0) return nothing;
  return `${rows.length} assessors hold ${n(sum(rows.map((x) => x.active)))} active assessments (${n(sum(rows.map((x) => x.overdue)))} overdue) and finished ${n(sum(rows.map((x) => x.completed)))} in the period.`;
}

export function complianceSummary(r: Reports): string {
  const rows = r.compliance.rows;
  const total = sum(rows.map((x) => x.total));
  if (total === 0) return nothing;
  const ok = sum(rows.map((x) => x.ok));
  return `${n(ok)} of ${n(total)} credentials in cycles of the period are on track (${n((ok / total) * 100)} %); ${n(sum(rows.map((x) => x.suspended + x.lapsed)))} are suspended or lapsed.`;
}

export function cpdLoggedSummary(r: Reports): string {
  const rows = r.cpdLogged.rows;
  const total = sum(rows.map((x) => x.activities));
  if (total === 0) return nothing;
  const busiest = rows.reduce((a, b) => (b.hours > a.hours ? b : a));
  return `${n(total)} activities, ${n(sum(rows.map((x) => x.hours)))} hours, logged in the period; the busiest month was ${busiest.month} with ${n(busiest.hours)} hours.`;
}

export function auditsSummary(r: Reports): string {
  const rows = r.audits.rows;
  if (rows.length === 0) return nothing;
  const t = (k: 'passed' | 'failed' | 'expired' | 'open' | 'total') => n(sum(rows.map((x) => x[k])));
  return `${t('total')} audits: ${t('passed')} passed, ${t('failed')} failed, ${t('expired')} expired and ${t('open')} still open.`;
}

export function attendanceSummary(r: Reports): string {
  const rows = r.attendance.rows;
  if (rows.length === 0) return nothing;
  return `${rows.length} events; ${n(sum(rows.map((x) => x.checkedIn)))} of ${n(sum(rows.map((x) => x.registered)))} registered people checked in.`;
}

