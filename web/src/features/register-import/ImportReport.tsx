import { useId } from 'react';
import type { RegisterImport } from '../../api/registerImport.js';

export const running = (s: RegisterImport['status']) => s === 'queued' || s === 'importing';
export const statusText: Record<RegisterImport['status'], string> = {
  checked: 'Checked: every row can be imported',
  rejected: 'Some rows have problems',
  queued: 'Waiting to start',
  importing: 'Importing',
  done: 'Done',
  failed: 'Failed',
};
const actionText = { create: 'Will be created', exists: 'Exists already', error: 'Problem' } as const;
const n = (x: number) => x.toLocaleString('en-GB');

/** The progress of a running import as a bar named by the text beside it. */
export function ImportProgress({ imp }: { imp: RegisterImport }) {
  const id = useId();
  const total = imp.counts.rows;
  const pct = total ? Math.round((imp.processedRows / total) * 100) : 0;
  return (
    <div className="cpd-progress">
      <p id={id}>
        {statusText[imp.status]}: {n(imp.processedRows)} of {n(total)} rows ({pct}%)
      </p>
      <progress aria-labelledby={id} max={Math.max(1, total)} value={imp.processedRows} />
    </div>
  );
}

/** The counts of a checked file or of an import. */
export function ImportCounts({ imp }: { imp: RegisterImport }) {
  return (
    <dl className="facts">
      <dt>Rows</dt>
      <dd>{n(imp.counts.rows)}</dd>
      <dt>{imp.dryRun ? 'Would be created' : 'Created'}</dt>
      <dd>{n(imp.counts.create)}</dd>
      <dt>Existing already (same external id)</dt>
      <dd>{n(imp.counts.exists)}</dd>
      <dt>Coming in lapsed (review date passed)</dt>
      <dd>{n(imp.counts.lapsed)}</dd>
      <dt>Joining an existing account</dt>
      <dd>{n(imp.counts.existingAccounts)}</dd>
      {imp.dryRun ? (
        <>
          <dt>Rows with problems</dt>
          <dd>{n(imp.counts.errors)}</dd>
        </>
      ) : (
        <>
          <dt>Accounts created (invited)</dt>
          <dd>{n(imp.accountsCreated)}</dd>
          <dt>Claim invitations sent</dt>
          <dd>{n(imp.invitationsSent)}</dd>
        </>
      )}
    </dl>
  );
}

/** The dry run's rows: problems first, each with what to fix. */
export function RowsTable({ imp }: { imp: RegisterImport }) {
  if (!imp.rows.length) return null;
  return (
    <>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a table that scrolls sideways must be reachable by keyboard to be scrolled */}
      <section className="table-wrap" aria-labelledby="rows-caption" tabIndex={0}>
        <table className="table-compact">
          <caption id="rows-caption">Rows of the file, those with problems first</caption>
          <thead>
            <tr>
              <th scope="col">Row</th>
              <th scope="col">External id</th>
              <th scope="col">Name</th>
              <th scope="col">Level</th>
              <th scope="col">Outcome</th>
              <th scope="col">What to fix</th>
            </tr>
          </thead>
          <tbody>
            {imp.rows.map((r) => (
              <tr key={r.row}>
                <td>{r.row}</td>
                <td>{r.externalId}</td>
                <td>{r.name}</td>
                <td>{r.level}</td>
                <td>
                  {actionText[r.action]}
                  {r.action === 'create' && r.lapsed ? ' (lapsed)' : ''}
                  {r.action === 'create' && r.existingAccount ? ' (existing account)' : ''}
                </td>
                <td>{r.problems.map((p) => `${p.column ? `${p.column}: ` : ''}${p.message}`).join('; ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {imp.rowsLeftOff ? <p>And {n(imp.rowsLeftOff)} more rows not listed.</p> : null}
    </>
  );
}
