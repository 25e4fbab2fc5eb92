import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { ApiError, type CpdAuditRow, cpdStandards } from '../../api.js';
import { formatDate } from '../../components/format.js';
import { Loading } from '../../components/guards.js';
import { Page } from '../../components/Page.js';

export const auditStatusText: Record<CpdAuditRow['status'], string> = {
  requested: 'Evidence needed',
  submitted: 'Evidence sent, waiting for review',
  in_review: 'Being reviewed',
  passed: 'Passed',
  failed: 'Decided: some activities not accepted',
  expired: 'Closed: no evidence by the due date',
};

/** Download links for the member's whole CPD record. */
export function ExportLinks() {
  return (
    <section className="section" aria-labelledby="export-h">
      <h2 id="export-h">Export your CPD record</h2>
      <p>Your whole record (activities with reflections and evidence, totals per credential, audits), whenever you want it.</p>
      <ul className="link-list">
        <li>
          <a href={cpdStandards.exportUrl('pdf')} download>
            Download as PDF
          </a>
        </li>
        <li>
          <a href={cpdStandards.exportUrl('csv')} download>
            Download activities as CSV (spreadsheet)
          </a>
        </li>
        <li>
          <a href={cpdStandards.exportUrl('json')} download>
            Download as JSON (for other systems)
          </a>
        </li>
      </ul>
    </section>
  );
}

/** A table of audits, each linking to its page. */
export function AuditTable({ rows, showMember, showSeed = false }: { rows: CpdAuditRow[]; showMember: boolean; showSeed?: boolean }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a table that scrolls sideways must be reachable by keyboard to be scrolled
    <section className="table-wrap" aria-labelledby="audits-caption" tabIndex={0}>
      <table className="table-compact">
        <caption id="audits-caption" className="visually-hidden">
          Audits
        </caption>
        <thead>
          <tr>
            <th scope="col">Audit</th>
            {showMember ? <th scope="col">Member</th> : null}
            <th scope="col">Status</th>
            <th scope="col">Due</th>
            <th scope="col">Decided</th>
            {showSeed ? <th scope="col">Seed of the draw</th> : null}
          </tr>
        </thead>
        <tbody>
          {rows.map((a) => (
            <tr key={a.id}>
              <td>
                <Link to={`/cpd/audits/${a.id}`}>
                  {a.year} {a.reason === 'random' ? 'random' : 'targeted'} audit
                  {showMember ? <span className="visually-hidden"> of {a.memberName}</span> : null}
                </Link>
              </td>
              {showMember ? <td>{a.memberName}</td> : null}
              <td>{auditStatusText[a.status]}</td>
              <td>{formatDate(a.dueAt)}</td>
              <td>
                {a.decidedCount} of {a.itemCount}
              </td>
              {showSeed ? <td>{a.reason === 'random' && a.seed ? <code className="seed">{a.seed}</code> : '—'}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** The member's audits (what is needed by when) and the export of their record. */
export function MyAuditsPage() {
  const [rows, setRows] = useState<CpdAuditRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    cpdStandards
      .audits({ scope: 'mine' })
      .then((r) => setRows(r.items))
      .catch((e: unknown) => setError(e instanceof ApiError ? e.message : 'Your audits could not be loaded.'));
  }, []);
  if (error) return <Page title="CPD audits and export" lead={error} />;
  if (!rows) return <Loading what="Loading your audits" />;
  const open = rows.filter((a) => a.status === 'requested');
  return (
    <Page title="CPD audits and export" lead="Each year a few members are asked to show evidence for some of their CPD. This page shows yours, and lets you export your record.">
      {open.length ? (
        <div className="banner banner-warning">
          <p>
            You have {open.length === 1 ? 'an audit' : `${open.length} audits`} waiting for evidence. The first is due on {formatDate(open[0]!.dueAt)}.
          </p>
        </div>
      ) : null}
      <section className="section" aria-labelledby="audits-h">
        <h2 id="audits-h">Your audits</h2>
        {rows.length ? <AuditTable rows={rows} showMember={false} /> : <p className="empty">You have not been audited.</p>}
      </section>
      <ExportLinks />
      <p>
        <Link to="/cpd">Back to your CPD</Link>
      </p>
    </Page>
  );
}

/** Assessors and scheme administrators: audits waiting for review, and the rest by status. */
export function AuditReviewListPage() {
  const [status, setStatus] = useState('submitted');
  const [rows, setRows] = useState<CpdAuditRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setRows(null);
    cpdStandards
      .audits({ scope: 'all', ...(status ? { status } : {}) })
      .then((r) => setRows(r.items))
      .catch((e: unknown) => setError(e instanceof ApiError ? e.message : 'The audits could not be loaded.'));
  }, [status]);
  if (error) return <Page title="CPD audit review" lead={error} />;
  return (
    <Page title="CPD audit review" lead="Accept or reject each audited activity with reasons. A rejected activity no longer counts towards the member's CPD.">
      <div className="field">
        <label htmlFor="audit-status">Show audits that are</label>
        <select id="audit-status" className="input input-medium" value={status} onChange={(e) => setStatus(e.target.value)}>
          <option value="submitted">Waiting for review</option>
          <option value="in_review">Being reviewed</option>
          <option value="requested">Waiting for the member's evidence</option>
          <option value="passed">Passed</option>
          <option value="failed">Failed</option>
          <option value="expired">Expired</option>
          <option value="">Any status</option>
        </select>
      </div>
      {!rows ? <Loading what="Loading audits" /> : rows.length ? <AuditTable rows={rows} showMember /> : <p className="empty">No audits here.</p>}
    </Page>
  );
}
