import { type ChangeEvent, type FormEvent, useRef, useState } from 'react';
import { ApiError } from '../../../api.js';
import { type CredentialChecksAnswer, checkCredentials } from './client.js';
import { Status, Submit } from '../../../components/forms.js';
import { formatDate } from '../../../components/format.js';
import { Page } from '../../../components/Page.js';
import { chunksOf, csvOf, type LineProblem, parseChecks } from './parse.js';
import { useOrganisationParams } from '../params.js';
import { OrganisationNav } from '../OrganisationNav.js';

type Answer = CredentialChecksAnswer['results'][number];
type Row = { line: number; id: string; answer: Answer | undefined };

const statusText = { active: 'Active', suspended: 'Suspended', lapsed: 'Lapsed', revoked: 'Revoked' } as const;
const MAX_FILE = 5 * 1024 * 1024;

/** Checks pasted or uploaded credential ids and verification links against the register, 500 a call. */
export function ChecksPage() {
  const { organisationId = '' } = useOrganisationParams();
  const [text, setText] = useState('');
  const [rows, setRows] = useState<Row[] | null>(null);
  const [problems, setProblems] = useState<LineProblem[]>([]);
  const [progress, setProgress] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [checkedAt, setCheckedAt] = useState<string | null>(null);
  const results = useRef<HTMLHeadingElement>(null);

  async function readFile(e: ChangeEvent<HTMLInputElement>) {
    const file = e.target.files?.[0];
    if (!file) return;
    if (file.size > MAX_FILE) {
      setError(`The file is ${Math.ceil(file.size / 1024 / 1024)} MB; choose a CSV of at most 5 MB.`);
      return;
    }
    setError(null);
    setText(await file.text());
  }

  async function check(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setRows(null);
    const parsed = parseChecks(text);
    setProblems(parsed.problems);
    if (!parsed.lines.length) {
      setError(text.trim() ? 'No line holds a credential id or verification link; see the lines named below.' : 'Paste credential ids or verification links, or choose a CSV file.');
      return;
    }
    const chunks = chunksOf(parsed.lines);
    const total = chunks.reduce((n, c) => n + c.length, 0);
    const byId = new Map<string, Answer>();
    setBusy(true);
    try {
      let done = 0;
      for (const chunk of chunks) {
        setProgress(`Checking… ${done} of ${total} credentials checked.`);
        const answer = await checkCredentials(chunk);
        for (const r of answer.results) byId.set(r.credentialId, r);
        setCheckedAt(answer.checkedAt);
        done += chunk.length;
      }
      setRows(parsed.lines.flatMap((l) => l.ids.map((id) => ({ line: l.line, id, answer: byId.get(id) }))));
      setProgress(`Checked ${total} credential${total === 1 ? '' : 's'}.`);
      requestAnimationFrame(() => results.current?.focus());
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'The check failed; try again.');
      setProgress(null);
    } finally {
      setBusy(false);
    }
  }

  function download() {
    if (!rows) return;
    const csv = csvOf(
      ['line', 'credential_id', 'found', 'level', 'post_nominals', 'status', 'holder_name', 'awarded_at', 'review_at', 'url'],
      rows.map(({ line, id, answer: a }) =>
        a?.found ? [line, id, 'yes', a.levelName, a.postNominals, a.status, a.holderName ?? '', a.awardedAt, a.reviewAt, new URL(a.url, location.origin).href] : [line, id, 'no', '', '', '', '', '', '', ''],
      ),
    );
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
    link.download = `credential-checks-${(checkedAt ?? new Date().toISOString()).slice(0, 10)}.csv`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
  }

  const unknown = rows?.filter((r) => !r.answer?.found) ?? [];

  return (
    <Page title="Bulk checks" lead="Confirm many credentials at once: paste credential ids or verification links, one a line, or choose a CSV file. The holder’s name is shown only when they are listed in the public register.">
      <OrganisationNav organisationId={organisationId} />
      <form onSubmit={check} className="form card" noValidate>
        <div className="field">
          <label htmlFor="checks-text">Credential ids or links</label>
          <p className="hint" id="checks-text-hint">
            Such as 0190a5b2-7c1e-7abc-8def-0123456789ab, a credential page (…/credentials/&lt;id&gt;) or a verification link (…/verify?credential=&lt;id&gt;).
          </p>
          <textarea id="checks-text" className="input" rows={8} value={text} aria-describedby="checks-text-hint" onChange={(e) => setText(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="checks-file">Or a CSV file</label>
          <p className="hint" id="checks-file-hint">
            Read in your browser; any column may hold the id or link. At most 5 MB.
          </p>
          <input id="checks-file" type="file" accept=".csv,.txt,text/csv,text/plain" aria-describedby="checks-file-hint" onChange={readFile} />
        </div>
        <Submit busy={busy} busyText="Checking…">
          Check credentials
        </Submit>
      </form>
      <Status message={progress} />
      {error ? (
        <p className="banner banner-error" role="alert">
          {error}
        </p>
      ) : null}
      {problems.length ? (
        <section aria-labelledby="checks-problems" className="banner banner-warning">
          <h2 id="checks-problems">Lines not read ({problems.length})</h2>
          <ul>
            {problems.slice(0, 100).map((p) => (
              <li key={p.line}>
                Line {p.line}: {p.message} (“{p.text}”)
              </li>
            ))}
          </ul>
          {problems.length > 100 ? <p>And {problems.length - 100} more.</p> : null}
        </section>
      ) : null}
      {rows ? (
        <section aria-labelledby="checks-results">
          <h2 id="checks-results" ref={results} tabIndex={-1}>
            Results
          </h2>
          <p className="result-count">
            {rows.length - unknown.length} found, {unknown.length} not found{unknown.length ? ` (lines ${[...new Set(unknown.map((u) => u.line))].slice(0, 20).join(', ')}${unknown.length > 20 ? ', …' : ''})` : ''}.
          </p>
          <div className="button-row">
            <button type="button" className="button button-secondary" onClick={download}>
              Download results as CSV
            </button>
          </div>
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">Credential checks, in the order given</caption>
              <thead>
                <tr>
                  <th scope="col">Line</th>
                  <th scope="col">Credential</th>
                  <th scope="col">Level</th>
                  <th scope="col">Status</th>
                  <th scope="col">Name</th>
                </tr>
              </thead>
              <tbody>
                {rows.slice(0, 1000).map(({ line, id, answer: a }) => (
                  <tr key={`${line}-${id}`}>
                    <td>{line}</td>
                    <td className="id-cell">{a?.found ? <a href={a.url}>{id}</a> : id}</td>
                    {a?.found ? (
                      <>
                        <td>
                          {a.levelName}
                          {a.postNominals ? ` (${a.postNominals})` : ''}
                          <br />
                          <span className="muted-line">awarded {formatDate(a.awardedAt)}</span>
                        </td>
                        <td>
                          <span className={a.status === 'active' ? 'tag tag-ok' : a.status === 'revoked' ? 'tag tag-failed' : 'tag tag-warn'}>{statusText[a.status]}</span>
                        </td>
                        <td>{a.holderName ?? <span className="muted-line">Not listed</span>}</td>
                      </>
                    ) : (
                      <td colSpan={3}>
                        <strong>Unknown id</strong>: no credential has this id.
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {rows.length > 1000 ? <p>The table shows the first 1,000 rows; the CSV holds all {rows.length}.</p> : null}
        </section>
      ) : null}
    </Page>
  );
}
