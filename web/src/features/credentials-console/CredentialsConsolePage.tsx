import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { type ConsoleCredentials, credentialsConsole } from '../../api/credentialsConsole.js';
import { register } from '../../api/register.js';
import { messageOf } from '../../components/actions.js';
import { formatDate } from '../../components/format.js';
import { Page } from '../../components/Page.js';
import { statusWords } from './status-words.js';

const pageSize = 25;
const statuses = ['active', 'suspended', 'lapsed', 'revoked'] as const;

/** Scheme administrators find any credential by holder, id, level or status, and open one to act on it. */
export function CredentialsConsolePage() {
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const level = params.get('level') ?? '';
  const status = params.get('status') ?? '';
  const offset = Number(params.get('offset') ?? '0') || 0;
  const [draft, setDraft] = useState({ q, level, status });
  const [levels, setLevels] = useState<Array<{ id: string; name: string }>>([]);
  const [data, setData] = useState<ConsoleCredentials | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    register
      .levels()
      .then((r) => setLevels(r.levels))
      .catch(() => setLevels([]));
  }, []);

  const load = useCallback(async () => {
    try {
      setData(await credentialsConsole.find({ q: q || undefined, level: level || undefined, status: (status || undefined) as (typeof statuses)[number] | undefined, limit: pageSize, offset }));
      setError(null);
    } catch (err) {
      setError(messageOf(err));
    }
  }, [q, level, status, offset]);
  useEffect(() => {
    void load();
  }, [load]);

  function search(e: FormEvent) {
    e.preventDefault();
    const next: Record<string, string> = {};
    if (draft.q.trim()) next.q = draft.q.trim();
    if (draft.level) next.level = draft.level;
    if (draft.status) next.status = draft.status;
    setParams(next);
  }

  // Another page keeps the search and moves the offset (none for the first page, so its address stays short).
  const page = (o: number) => setParams((prev) => new URLSearchParams([...[...prev].filter(([k]) => k !== 'offset'), ...(o > 0 ? [['offset', String(o)]] : [])]));

  return (
    <Page title="Manage credentials" lead="Find a credential by its holder, its id or its level; open it to see its history, suspend, reinstate or revoke it, or re-issue it after a name change.">
      <search aria-label="Find credentials">
        <form onSubmit={search} className="form form-inline">
          <div className="field">
            <label htmlFor="creds-q">Holder’s name or e-mail, or credential id</label>
            <input id="creds-q" type="search" className="input input-medium" value={draft.q} onChange={(e) => setDraft({ ...draft, q: e.target.value })} />
          </div>
          <div className="field">
            <label htmlFor="creds-level">Level</label>
            <select id="creds-level" className="input" value={draft.level} onChange={(e) => setDraft({ ...draft, level: e.target.value })}>
              <option value="">Any level</option>
              {levels.map((l) => (
                <option key={l.id} value={l.id}>
                  {l.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="creds-status">Status</label>
            <select id="creds-status" className="input" value={draft.status} onChange={(e) => setDraft({ ...draft, status: e.target.value })}>
              <option value="">Any status</option>
              {statuses.map((s) => (
                <option key={s} value={s}>
                  {statusWords[s]?.label}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="button">
            Search
          </button>
        </form>
      </search>
      {error ? <p className="banner banner-error">{error}</p> : null}
      {!data && !error ? <p role="status">Loading credentials…</p> : null}
      {data ? (
        <>
          <p className="result-count" role="status">
            {data.total === 0 ? 'No credentials match.' : `Showing ${offset + 1}–${offset + data.credentials.length} of ${data.total} ${data.total === 1 ? 'credential' : 'credentials'}.`}
          </p>
          {data.credentials.length ? (
            // biome-ignore lint/a11y/noNoninteractiveTabindex: a table that scrolls sideways must be reachable by keyboard to be scrolled
            <section className="table-wrap" aria-labelledby="creds-caption" tabIndex={0}>
              <table className="audit-table">
                <caption id="creds-caption" className="visually-hidden">
                  Credentials found
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Holder</th>
                    <th scope="col">Level</th>
                    <th scope="col">Status</th>
                    <th scope="col">Awarded</th>
                    <th scope="col">Review</th>
                  </tr>
                </thead>
                <tbody>
                  {data.credentials.map((c) => (
                    <tr key={c.id}>
                      <td>
                        <Link to={`/admin/credentials/${encodeURIComponent(c.id)}`}>{c.holderName}</Link>
                        <br />
                        <span className="hint">{c.holderEmail}</span>
                      </td>
                      <td>{c.levelName}</td>
                      <td>
                        <span className={statusWords[c.status]?.tag}>{statusWords[c.status]?.label}</span>
                      </td>
                      <td className="nowrap">{formatDate(c.awardedAt)}</td>
                      <td className="nowrap">{formatDate(c.reviewAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          ) : null}
          {data.total > pageSize ? (
            <nav aria-label="Pages of credentials" className="pager">
              <button type="button" className="button button-secondary" disabled={offset === 0} onClick={() => page(Math.max(0, offset - pageSize))}>
                Previous
              </button>
              <button type="button" className="button button-secondary" disabled={offset + pageSize >= data.total} onClick={() => page(offset + pageSize)}>
                Next
              </button>
            </nav>
          ) : null}
        </>
      ) : null}
    </Page>
  );
}
