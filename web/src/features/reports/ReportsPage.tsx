import { type FormEvent, type ReactNode, useCallback, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { type ReportKeyName, reportTable } from '../../../../contracts/report-tables.js';
import type { Reports } from '../../../../contracts/reports.js';
import { type Period, reports } from '../../api/reports.js';
import { Field } from '../../components/forms.js';
import { useLoaded } from '../../components/loaded.js';
import { Page } from '../../components/Page.js';
import { Bars, Months } from './charts.js';
import * as say from './summaries.js';
import './reports.css';

/**
 * /admin/reports: the scheme administrator's reports for a period (default: the last twelve months). Each report is a
 * chart, a sentence that says what it shows, the table of its numbers and that table as CSV.
 */
export function ReportsPage() {
  const [params, setParams] = useSearchParams();
  const from = params.get('from') ?? undefined;
  const to = params.get('to') ?? undefined;
  const fetch = useCallback(() => reports.get({ from, to }), [from, to]);
  const { data, error } = useLoaded(fetch);
  const [draft, setDraft] = useState<{ from: string; to: string }>({ from: from ?? '', to: to ?? '' });
  useEffect(() => {
    if (data) setDraft((d) => ({ from: d.from || data.from, to: d.to || data.to }));
  }, [data]);
  const show = (e: FormEvent) => {
    e.preventDefault();
    const next = new URLSearchParams();
    if (draft.from) next.set('from', draft.from);
    if (draft.to) next.set('to', draft.to);
    setParams(next);
  };
  // A failed period leaves the last good answer on screen; the message says what to change.
  const r = data && (!from || data.from === from) && (!to || data.to === to) ? data : null;
  return (
    <Page title="Reports" lead="How the scheme is doing: holders, applications, assessors, CPD, audits and events over a period. Each chart has its table beside it and a CSV download.">
      <form className="form card report-filters" onSubmit={show} aria-label="Choose the period">
        <Field id="report-from" label="From" type="date" value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.target.value })} />
        <Field id="report-to" label="To" type="date" value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.target.value })} />
        <button type="submit" className="button">
          Show
        </button>
      </form>
      {error ? (
        <p className="banner banner-error" role="alert">
          {error}
        </p>
      ) : null}
      {!r && !error ? (
        <p className="loading" role="status">
          Loading the reports…
        </p>
      ) : null}
      {r ? <AllReports r={r} period={{ from: r.from, to: r.to }} /> : null}
    </Page>
  );
}

function AllReports({ r, period }: { r: Reports; period: Period }) {
  const months = r.months;
  const section = (k: ReportKeyName, summary: string, chart: ReactNode) => <Report key={k} k={k} r={r} period={period} summary={summary} chart={chart} />;
  return (
    <>
      <p className="hint">
        From {r.from} to {r.to}. Times are in hours (applications) and days (assessors); medians and 90th percentiles
        interpolate between the nearest values.
      </p>
      <nav aria-label="Reports on this page" className="report-toc">
        <ul>
          {(['holders', 'growth', 'funnel', 'assessors', 'compliance', 'cpdLogged', 'audits', 'attendance'] as const).map((k) => (
            <li key={k}>
              <a href={`#report-${k}`}>{reportTable(r, k).title}</a>
            </li>
          ))}
        </ul>
      </nav>
      {section('holders', say.holdersSummary(r), <Months months={months} kind="lines" series={r.holders.levels.map((l, i) => ({ key: l.id, label: l.name, values: r.holders.rows.map((x) => x.counts[i] ?? 0) }))} />)}
      {section(
        'growth',
        say.growthSummary(r),
        <Months
          months={months}
          kind="lines"
          series={[
            { key: 'holders', label: 'Holders', values: r.growth.rows.map((x) => x.holders) },
            { key: 'listed', label: 'Listed', values: r.growth.rows.map((x) => x.listed) },
          ]}
        />,
      )}
      {section(
        'funnel',
        say.funnelSummary(r),
        <Bars unit="h" items={r.funnel.rows.filter((x) => x.left > 0).map((x) => ({ key: x.state, label: x.label, value: x.medianHours, note: x.p90Hours === null ? '' : `(p90 ${x.p90Hours})` }))} />,
      )}
      {section('assessors', say.assessorsSummary(r), <Bars unit="active" items={r.assessors.rows.map((x) => ({ key: x.assessorId, label: x.name, value: x.active, note: x.overdue ? `(${x.overdue} overdue)` : '' }))} />)}
      {section('compliance', say.complianceSummary(r), <Bars unit="%" items={r.compliance.rows.map((x) => ({ key: `${x.cycleEnds}-${x.level}`, label: `${x.level}, ends ${x.cycleEnds}`, value: x.compliantPercent }))} />)}
      {section('cpdLogged', say.cpdLoggedSummary(r), <Months months={months} kind="bars" series={[{ key: 'hours', label: 'Hours', values: r.cpdLogged.rows.map((x) => x.hours) }]} />)}
      {section('audits', say.auditsSummary(r), <Bars unit="% passed" items={r.audits.rows.map((x) => ({ key: `${x.year}-${x.reason}`, label: `${x.year} ${x.reason}`, value: x.passPercent }))} />)}
      {section('attendance', say.attendanceSummary(r), <Bars unit="%" items={r.attendance.rows.map((x) => ({ key: x.eventId, label: x.title, value: x.attendancePercent }))} />)}
    </>
  );
}

/** One report: heading, the chart with its sentence, the table (scrollable by keyboard) and its CSV. */
function Report({ k, r, period, summary, chart }: { k: ReportKeyName; r: Reports; period: Period; summary: string; chart: ReactNode }) {
  const table = reportTable(r, k);
  const id = `report-${k}`;
  return (
    <section className="report card" id={id} aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{table.title}</h2>
      <figure className="report-figure" aria-labelledby={`${id}-sum`}>
        <figcaption id={`${id}-sum`}>{summary}</figcaption>
        {table.rows.length > 0 ? chart : null}
      </figure>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a table that scrolls sideways must be reachable by keyboard to be scrolled */}
      <section className="table-wrap" aria-labelledby={`${id}-cap`} tabIndex={0}>
        <table className="table-compact">
          <caption id={`${id}-cap`}>
            {table.title}, {r.from} to {r.to}
          </caption>
          <thead>
            <tr>
              {table.columns.map((c) => (
                <th key={c} scope="col">
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.length === 0 ? (
              <tr>
                <td colSpan={table.columns.length}>None in this period</td>
              </tr>
            ) : (
              table.rows.map((row, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: rows of a report have no id of their own and never reorder
                <tr key={i}>
                  {row.map((c, j) =>
                    j === 0 ? (
                      <th key={table.columns[j]} scope="row">
                        {c ?? '–'}
                      </th>
                    ) : (
                      <td key={table.columns[j]}>{c === null ? '–' : typeof c === 'number' ? c.toLocaleString('en-GB') : c}</td>
                    ),
                  )}
                </tr>
              ))
            )}
          </tbody>
        </table>
      </section>
      <p>
        <a href={reports.csvUrl(k, period)} download>
          Download {table.title.toLowerCase()} (CSV)
        </a>
      </p>
    </section>
  );
}
