import { type FormEvent, useCallback, useEffect, useId, useRef, useState } from 'react';
import { ApiError, type CpdImport, type CpdProvider, type FieldErrors, cpdStandards } from '../../api.js';
import { HintError, ProblemLinks, Status, Submit, describedBy } from '../../components/forms.js';
import { formatTime } from '../../components/format.js';
import { Loading } from '../../components/guards.js';
import { Page } from '../../components/Page.js';

const labels: Record<string, string> = { file: 'CSV file', providerId: 'Provider' };
const running = (s: CpdImport['status']) => s === 'queued' || s === 'validating' || s === 'importing';
const statusText: Record<CpdImport['status'], string> = {
  queued: 'Waiting to start',
  validating: 'Checking every row',
  importing: 'Crediting members',
  done: 'Done',
  rejected: 'Rejected: nothing was credited',
  failed: 'Failed',
};

/** The progress of a running import as a bar with its text beside it (the bar is named by the text). */
function ImportProgress({ imp }: { imp: CpdImport }) {
  const id = useId();
  const pct = imp.totalRows ? Math.round((imp.processedRows / imp.totalRows) * 100) : 0;
  const phase = imp.status === 'importing' ? 'credited' : 'checked';
  return (
    <div className="cpd-progress">
      <p id={id}>
        {statusText[imp.status]}: {imp.processedRows.toLocaleString('en-GB')} of {imp.totalRows.toLocaleString('en-GB')} rows {phase} ({pct}%)
      </p>
      <progress aria-labelledby={id} max={Math.max(1, imp.totalRows)} value={imp.processedRows} />
    </div>
  );
}

/** What an import did, and for a rejected file every problem by row and column. */
function ImportReport({ imp }: { imp: CpdImport }) {
  return (
    <section className="section" aria-labelledby="report-h">
      <h2 id="report-h">
        {imp.fileName ?? 'Rows sent by API'}: {statusText[imp.status]}
      </h2>
      {running(imp.status) ? <ImportProgress imp={imp} /> : null}
      <dl className="facts">
        <dt>Rows</dt>
        <dd>{imp.totalRows}</dd>
        <dt>Credited</dt>
        <dd>{imp.creditedRows}</dd>
        <dt>Already credited before</dt>
        <dd>{imp.duplicateRows}</dd>
        <dt>Rows with problems</dt>
        <dd>{imp.errorRows}</dd>
      </dl>
      {imp.repeated ? <p className="banner">You sent this exact file before; this is its earlier import, and nothing was credited twice.</p> : null}
      {imp.problems.length ? (
        <>
          <p>Correct these rows and send the whole file again; no row of it was credited.</p>
          {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a table that scrolls sideways must be reachable by keyboard to be scrolled */}
          <section className="table-wrap" aria-labelledby="problems-caption" tabIndex={0}>
            <table className="table-compact">
              <caption id="problems-caption" className="visually-hidden">
                Problems by row
              </caption>
              <thead>
                <tr>
                  <th scope="col">Row</th>
                  <th scope="col">Column</th>
                  <th scope="col">Problem</th>
                </tr>
              </thead>
              <tbody>
                {imp.problems.map((p, i) => (
                  // Several problems may share a row and column.
                  // biome-ignore lint/suspicious/noArrayIndexKey: the report is fixed once written
                  <tr key={i}>
                    <td>{p.row}</td>
                    <td>{p.column || '(whole row)'}</td>
                    <td>{p.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          {imp.problemsLeftOff ? <p>And {imp.problemsLeftOff} more problems not listed.</p> : null}
        </>
      ) : null}
    </section>
  );
}

/** A provider's page: upload a CSV of credits, follow its progress, read the per-row report, see past imports. */
export function ImportPage() {
  const [providers, setProviders] = useState<CpdProvider[] | null>(null);
  const [list, setList] = useState<Array<Omit<CpdImport, 'problems'>>>([]);
  const [current, setCurrent] = useState<CpdImport | null>(null);
  const [providerId, setProviderId] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const [loadError, setLoadError] = useState<string | null>(null);
  const summary = useRef<HTMLDivElement>(null);
  const fileId = useId();

  const refresh = useCallback(async () => {
    const r = await cpdStandards.imports();
    setList(r.items);
  }, []);

  useEffect(() => {
    cpdStandards
      .providers()
      .then((r) => {
        setProviders(r.items);
        if (r.items[0]) setProviderId(r.items[0].id);
      })
      .catch((e: unknown) => setLoadError(e instanceof ApiError ? e.message : 'The providers could not be loaded.'));
    refresh().catch(() => {});
  }, [refresh]);

  useEffect(() => {
    if (attempt > 0) summary.current?.focus();
  }, [attempt]);

  // A running import is followed every second until it ends.
  useEffect(() => {
    if (!current || !running(current.status)) return;
    const t = setTimeout(() => {
      cpdStandards
        .getImport(current.id)
        .then((next) => {
          setCurrent(next);
          if (!running(next.status)) refresh().catch(() => {});
        })
        .catch(() => {});
    }, 1000);
    return () => clearTimeout(t);
  }, [current, refresh]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    const found: FieldErrors = {};
    if (!file) found.file = ['Choose a CSV file to upload'];
    else if (!/\.(csv|txt)$/i.test(file.name)) found.file = ['Choose a .csv file'];
    if (Object.keys(found).length) {
      setErrors(found);
      setFailure(null);
      setAttempt((n) => n + 1);
      return;
    }
    setBusy(true);
    setErrors({});
    setFailure(null);
    try {
      setCurrent(await cpdStandards.uploadImport(file!, providers && providers.length > 1 ? providerId : undefined));
      await refresh();
    } catch (err) {
      const apiErr = err instanceof ApiError ? err : new ApiError(0, 'UNEXPECTED', 'Something went wrong. Try again.', {}, {});
      const problems = (apiErr.details.problems as Array<{ row: number; message: string }> | undefined) ?? [];
      setErrors({ file: problems.length ? problems.map((p) => `Row ${p.row}: ${p.message}`) : [apiErr.message] });
      setFailure(apiErr.message);
      setAttempt((n) => n + 1);
    } finally {
      setBusy(false);
    }
  }

  if (loadError) return <Page title="CPD imports" lead={loadError} />;
  if (!providers) return <Loading what="Loading your providers" />;
  const fileError = errors.file?.[0];
  const items = Object.entries(errors).filter(([, m]) => m.length > 0);
  return (
    <Page title="CPD imports" lead="Credit CPD to members in bulk: upload a CSV file of attendance. The whole file is checked first; if any row is wrong, nothing is credited and every problem is listed.">
      {providers.length === 0 ? (
        <p className="banner banner-warning">You do not import for an approved CPD provider. Ask the scheme administrator to add you to one.</p>
      ) : (
        <form className="form" onSubmit={submit} noValidate>
          {items.length || failure ? (
            <div className="error-summary" ref={summary} tabIndex={-1} role="alert" aria-labelledby="import-problem">
              <h2 id="import-problem">There is a problem</h2>
              {failure && !items.some(([, m]) => m.includes(failure)) ? <p>{failure}</p> : null}
              <ProblemLinks items={items.map(([k, m]) => [k === 'file' ? 'file' : k, m])} prefix="import-" labels={labels} />
            </div>
          ) : null}
          {providers.length > 1 ? (
            <div className="field">
              <label htmlFor="import-providerId">Provider</label>
              <select id="import-providerId" className="input" value={providerId} onChange={(e) => setProviderId(e.target.value)}>
                {providers.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
              </select>
            </div>
          ) : (
            <p>
              Provider: <strong>{providers[0]!.name}</strong>
            </p>
          )}
          <div className={fileError ? 'field field-error' : 'field'}>
            <label htmlFor="import-file">CSV file</label>
            <HintError
              id={fileId}
              hint={
                <>
                  UTF-8 CSV with a header row: <code>member_email</code> (or <code>member_id</code> or <code>credential_id</code>), <code>activity_code</code>, <code>date</code> (YYYY-MM-DD), and
                  optionally <code>hours</code> (quarter hours) and <code>row_key</code> (your own id for the row, so a row sent twice is credited once). At most 10 MB.
                </>
              }
              error={fileError}
            />
            <input
              id="import-file"
              type="file"
              className="input"
              accept=".csv,text/csv"
              aria-invalid={fileError ? true : undefined}
              aria-describedby={describedBy(fileId, true, fileError)}
              onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            />
          </div>
          {providers.length === 1 ? (
            <details>
              <summary>Your activity codes</summary>
              <ul>
                {providers[0]!.codes.map((c) => (
                  <li key={c.code}>
                    <code>{c.code}</code>: {c.title}, {c.hours} hours{c.validTo ? `, valid to ${c.validTo}` : ''}
                  </li>
                ))}
              </ul>
            </details>
          ) : null}
          <Submit busy={busy} busyText="Uploading…">
            Upload and check
          </Submit>
        </form>
      )}
      <Status message={current ? `${current.fileName ?? 'Import'}: ${statusText[current.status]}` : ''} />
      {current ? <ImportReport imp={current} /> : null}
      <section className="section" aria-labelledby="recent-h">
        <h2 id="recent-h">Recent imports</h2>
        {list.length === 0 ? (
          <p className="empty">No imports yet.</p>
        ) : (
          // biome-ignore lint/a11y/noNoninteractiveTabindex: a table that scrolls sideways must be reachable by keyboard to be scrolled
          <section className="table-wrap" aria-labelledby="imports-caption" tabIndex={0}>
            <table className="table-compact">
              <caption id="imports-caption" className="visually-hidden">
                Recent imports, newest first
              </caption>
              <thead>
                <tr>
                  <th scope="col">File</th>
                  <th scope="col">Sent</th>
                  <th scope="col">Status</th>
                  <th scope="col">Credited</th>
                </tr>
              </thead>
              <tbody>
                {list.map((i) => (
                  <tr key={i.id}>
                    <td>
                      <button type="button" className="button-quiet" onClick={() => cpdStandards.getImport(i.id).then(setCurrent).catch(() => {})}>
                        {i.fileName ?? 'API rows'}
                        <span className="visually-hidden"> (show report)</span>
                      </button>
                    </td>
                    <td>{formatTime(i.createdAt)}</td>
                    <td>{statusText[i.status]}</td>
                    <td>
                      {i.creditedRows} of {i.totalRows}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        )}
      </section>
    </Page>
  );
}
