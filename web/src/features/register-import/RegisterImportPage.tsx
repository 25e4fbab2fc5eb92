import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { ApiError } from '../../api.js';
import { type RegisterImport, registerImport } from '../../api/registerImport.js';
import { HintError, Status, Submit, describedBy } from '../../components/forms.js';
import { Page } from '../../components/Page.js';
import { ImportCounts, ImportProgress, RowsTable, running, statusText } from './ImportReport.js';

/**
 * A scheme administrator brings the body's existing register over: choose the CSV, check it (a dry run that
 * writes nothing and lists every row's outcome), then import it and follow the job's progress to the end.
 */
export function RegisterImportPage() {
  const [file, setFile] = useState<File | null>(null);
  const [checked, setChecked] = useState<RegisterImport | null>(null);
  const [current, setCurrent] = useState<RegisterImport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const summary = useRef<HTMLDivElement>(null);
  const report = useRef<HTMLHeadingElement>(null);
  const fileId = useId();

  useEffect(() => {
    if (attempt > 0) (error ? summary.current : report.current)?.focus();
  }, [attempt, error]);

  // A running import is followed every second until it ends.
  useEffect(() => {
    if (!current?.id || !running(current.status)) return;
    const id = current.id;
    const t = setTimeout(() => {
      registerImport
        .get(id)
        .then(setCurrent)
        .catch(() => {});
    }, 1000);
    return () => clearTimeout(t);
  }, [current]);

  async function act(dryRun: boolean) {
    if (busy) return;
    if (!file) {
      setError('Choose the register’s CSV file');
      setAttempt((x) => x + 1);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const r = await registerImport.upload(file, dryRun);
      if (dryRun) {
        setChecked(r);
        setCurrent(null);
      } else setCurrent(r);
    } catch (err) {
      setError(err instanceof ApiError ? [err.message, ...((err.details.issues as Array<{ message: string }> | undefined) ?? []).slice(0, 5).map((i) => i.message)].join(' ') : 'Something went wrong. Try again.');
    } finally {
      setBusy(false);
      setAttempt((x) => x + 1);
    }
  }
  const check = (e: FormEvent) => {
    e.preventDefault();
    void act(true);
  };

  const canRun = checked && checked.status === 'checked' && !current;
  return (
    <Page
      title="Import the register"
      lead="Bring the body’s existing holders over from a CSV file. Check the file first: nothing is written until you import. Holders get an invitation to claim their account; nobody is listed in the public register until they choose to be."
    >
      <form className="form" onSubmit={check} noValidate>
        {error ? (
          <div className="error-summary" ref={summary} tabIndex={-1} role="alert" aria-labelledby="register-problem">
            <h2 id="register-problem">There is a problem</h2>
            <p>
              <a href="#register-file">{error}</a>
            </p>
          </div>
        ) : null}
        <div className={error ? 'field field-error' : 'field'}>
          <label htmlFor="register-file">Register (CSV file)</label>
          <HintError
            id={fileId}
            hint={
              <>
                UTF-8 CSV with the header <code>name,email,level,awarded_on,review_on,external_id</code> and optionally <code>cpd_cycle_start</code>. Dates as YYYY-MM-DD; the level by its id or name; the
                external id is the holder’s id in your current register, so importing the same file again creates nothing twice. At most 32 MB.
              </>
            }
            error={error ?? undefined}
          />
          <input
            id="register-file"
            type="file"
            className="input"
            accept=".csv,text/csv"
            aria-invalid={error ? true : undefined}
            aria-describedby={describedBy(fileId, true, error ?? undefined)}
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setChecked(null);
              setCurrent(null);
            }}
          />
        </div>
        <Submit busy={busy && !checked} busyText="Checking…">
          Check the file
        </Submit>
      </form>
      <Status message={current ? statusText[current.status] : checked ? statusText[checked.status] : ''} />
      {checked && !current ? (
        <section className="section" aria-labelledby="check-h">
          <h2 id="check-h" ref={report} tabIndex={-1}>
            {checked.fileName ?? 'The file'}: {statusText[checked.status]}
          </h2>
          <ImportCounts imp={checked} />
          {checked.status === 'rejected' ? <p>Correct the rows below and check the file again; nothing has been imported.</p> : null}
          {canRun ? (
            <button type="button" className="button" disabled={busy} onClick={() => void act(false)}>
              {busy ? 'Starting…' : `Import ${checked.counts.create.toLocaleString('en-GB')} holders`}
            </button>
          ) : null}
          <RowsTable imp={checked} />
        </section>
      ) : null}
      {current ? (
        <section className="section" aria-labelledby="run-h">
          <h2 id="run-h" ref={report} tabIndex={-1}>
            Import: {statusText[current.status]}
          </h2>
          {running(current.status) ? <ImportProgress imp={current} /> : null}
          {current.status === 'done' ? <p>Every row is imported. Invitations to claim the accounts go out in batches; credentials are signed in the background.</p> : null}
          {current.error ? <p className="banner banner-warning">{current.error}</p> : null}
          <ImportCounts imp={current} />
        </section>
      ) : null}
    </Page>
  );
}
