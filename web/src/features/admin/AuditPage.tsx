import { type FormEvent, useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ApiError, type Audit, admin } from '../../api.js';
import { Page } from '../../components/Page.js';
import { formatTime } from '../../components/format.js';

const pageSize = 50;

function detailsText(d: Record<string, unknown>): string {
  const entries = Object.entries(d);
  return entries.length ? entries.map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`).join('; ') : '—';
}

/** The append-only audit log, newest first, filtered by action or subject and paged by id. */
export function AuditPage() {
  const [params, setParams] = useSearchParams();
  const action = params.get('action') ?? '';
  const subjectId = params.get('subjectId') ?? '';
  const [draft, setDraft] = useState({ action, subjectId });
  const [entries, setEntries] = useState<Audit[] | null>(null);
  const [more, setMore] = useState(false);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<string | null>(null);

  // Links in the table change the filter too; keep the form showing what is applied.
  useEffect(() => setDraft({ action, subjectId }), [action, subjectId]);

  useEffect(() => {
    let live = true;
    setEntries(null);
    admin
      .listAuditLog({ action: action || undefined, subjectId: subjectId || undefined, limit: pageSize })
      .then((r) => {
        if (!live) return;
        setEntries(r.entries);
        setMore(r.entries.length === pageSize);
        setError(null);
      })
      .catch((err) => live && setError(err instanceof ApiError ? err.message : 'The audit log could not be loaded.'));
    return () => {
      live = false;
    };
  }, [action, subjectId]);

  async function older() {
    const last = entries?.[entries.length - 1];
    if (!last) return;
    setLoadingMore(true);
    try {
      const r = await admin.listAuditLog({ action: action || undefined, subjectId: subjectId || undefined, before: last.id, limit: pageSize });
      setEntries((e) => [...(e ?? []), ...r.entries]);
      setMore(r.entries.length === pageSize);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Older entries could not be loaded.');
    } finally {
      setLoadingMore(false);
    }
  }

  function filter(e: FormEvent) {
    e.preventDefault();
    const next: Record<string, string> = {};
    if (draft.action.trim()) next.action = draft.action.trim();
    if (draft.subjectId.trim()) next.subjectId = draft.subjectId.trim();
    setParams(next);
  }

  return (
    <Page title="Audit log" lead="Security events and administrative changes, newest first. Entries are never changed or removed.">
      <search aria-label="Filter the audit log">
      <form onSubmit={filter} className="form form-inline">
        <div className="field">
          <label htmlFor="audit-action">Action</label>
          <input id="audit-action" className="input input-medium" value={draft.action} onChange={(e) => setDraft({ ...draft, action: e.target.value })} placeholder="e.g. auth.sign_in" />
        </div>
        <div className="field">
          <label htmlFor="audit-subject">Subject id</label>
          <input id="audit-subject" className="input input-medium" value={draft.subjectId} onChange={(e) => setDraft({ ...draft, subjectId: e.target.value })} />
        </div>
        <button type="submit" className="button">
          Filter
        </button>
      </form>
      </search>
      {error ? <p className="banner banner-error">{error}</p> : null}
      {!entries && !error ? <p role="status">Loading the audit log…</p> : null}
      {entries && !entries.length ? <p className="empty">No entries match.</p> : null}
      {entries?.length ? (
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a table that scrolls sideways must be reachable by keyboard to be scrolled
        <section className="table-wrap" aria-labelledby="audit-caption" tabIndex={0}>
          <table className="audit-table">
            <caption id="audit-caption" className="visually-hidden">
              Audit log entries
            </caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Action</th>
                <th scope="col">Actor</th>
                <th scope="col">Subject</th>
                <th scope="col">Details</th>
                <th scope="col">Address</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((a) => (
                <tr key={a.id}>
                  <td className="nowrap">{formatTime(a.at)}</td>
                  <td>
                    <code>{a.action}</code>
                  </td>
                  <td className="id-cell">{a.actorId ?? 'Anonymous'}</td>
                  <td className="id-cell">
                    {a.subjectType ? `${a.subjectType} ` : ''}
                    {a.subjectId ? (
                      <Link to={`/admin/audit?subjectId=${encodeURIComponent(a.subjectId)}`} aria-label={`Entries about ${a.subjectType ?? 'subject'} ${a.subjectId}`}>
                        {a.subjectId}
                      </Link>
                    ) : a.subjectType ? null : '—'}
                  </td>
                  <td className="details-cell">{detailsText(a.details)}</td>
                  <td>{a.ip ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
      {more ? (
        <p>
          <button type="button" className="button button-secondary" onClick={older} disabled={loadingMore}>
            {loadingMore ? 'Loading…' : 'Show older entries'}
          </button>
        </p>
      ) : null}
    </Page>
  );
}
