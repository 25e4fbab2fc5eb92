import { type FormEvent, useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ApiError, type Audit, admin } from '../../api.js';
import { Page } from '../../components/Page.js';
import { formatTime } from '../../components/format.js';
import { AuditDetails, kindOf, subjectKinds, words } from './audit-words.js';

const pageSize = 50;
/** The filters the address carries, so a filtered view can be bookmarked and sent. */
const filterKeys = ['action', 'actor', 'actorId', 'subjectType', 'subjectId'] as const;
type Filters = Partial<Record<(typeof filterKeys)[number], string>>;

const linkTo = (f: Filters) => `/admin/audit?${new URLSearchParams(Object.entries(f).filter(([, v]) => v) as [string, string][]).toString()}`;
const about = (a: Audit) => a.subjectName ?? (a.subjectType ? `${kindOf(a.subjectType)} ${a.subjectId ?? ''}`.trim() : null);

/** The append-only audit log, newest first: who did what to what, filtered by person, subject and action, paged. */
export function AuditPage() {
  const [params, setParams] = useSearchParams();
  const applied: Filters = Object.fromEntries(filterKeys.map((k) => [k, params.get(k) ?? undefined]).filter(([, v]) => v));
  const key = filterKeys.map((k) => applied[k] ?? '').join('\u0000');
  const [draft, setDraft] = useState({ actor: '', subjectType: '', action: '' });
  const [entries, setEntries] = useState<Audit[] | null>(null);
  const [more, setMore] = useState(false);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<string | null>(null);

  // Links in the table change the filter too; keep the form showing what is applied.
  // biome-ignore lint/correctness/useExhaustiveDependencies: key stands for the applied filters
  useEffect(() => setDraft({ actor: applied.actor ?? '', subjectType: applied.subjectType ?? '', action: applied.action ?? '' }), [key]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: key stands for the applied filters
  useEffect(() => {
    let live = true;
    setEntries(null);
    admin
      .listAuditLog({ ...applied, limit: pageSize })
      .then((r) => {
        if (!live) return;
        setEntries(r.entries);
        setMore(r.more);
        setError(null);
      })
      .catch((err) => live && setError(err instanceof ApiError ? err.message : 'The audit log could not be loaded.'));
    return () => {
      live = false;
    };
  }, [key]);

  async function older() {
    const last = entries?.[entries.length - 1];
    if (!last) return;
    setLoadingMore(true);
    try {
      const r = await admin.listAuditLog({ ...applied, before: last.id, limit: pageSize });
      setEntries((e) => [...(e ?? []), ...r.entries]);
      setMore(r.more);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Older entries could not be loaded.');
    } finally {
      setLoadingMore(false);
    }
  }

  function filter(e: FormEvent) {
    e.preventDefault();
    // The person and kind typed here replace a person or subject picked from the table.
    const next: Filters = { actor: draft.actor.trim(), subjectType: draft.subjectType, action: draft.action.trim() };
    if (!next.actor && applied.actorId) next.actorId = applied.actorId;
    if (applied.subjectId && draft.subjectType === (applied.subjectType ?? '')) next.subjectId = applied.subjectId;
    setParams(new URLSearchParams(Object.entries(next).filter(([, v]) => v) as [string, string][]));
  }

  const picked = entries?.[0];
  const personShown = applied.actorId ? (entries?.find((a) => a.actorId === applied.actorId)?.actorName ?? 'the chosen person') : null;
  const subjectShown = applied.subjectId ? (picked && picked.subjectId === applied.subjectId ? about(picked) : `${applied.subjectType ? kindOf(applied.subjectType) : 'subject'} ${applied.subjectId}`) : null;
  const actions = [...new Set((entries ?? []).map((a) => a.action))].sort();

  return (
    <Page title="Audit log" lead="Who did what, and to what, newest first. Entries are never changed or removed.">
      <search aria-label="Filter the audit log">
        <form onSubmit={filter} className="form form-inline">
          <div className="field">
            <label htmlFor="audit-actor">Person</label>
            <input id="audit-actor" className="input input-medium" value={draft.actor} onChange={(e) => setDraft({ ...draft, actor: e.target.value })} placeholder="name or e-mail" minLength={2} maxLength={100} />
          </div>
          <div className="field">
            <label htmlFor="audit-kind">About</label>
            <select id="audit-kind" className="input" value={draft.subjectType} onChange={(e) => setDraft({ ...draft, subjectType: e.target.value })}>
              <option value="">Anything</option>
              {Object.entries(subjectKinds).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="audit-action">Action</label>
            <input id="audit-action" className="input input-medium" list="audit-actions" value={draft.action} onChange={(e) => setDraft({ ...draft, action: e.target.value })} placeholder="e.g. credential. or auth.sign_in" aria-describedby="audit-action-hint" />
            <datalist id="audit-actions">
              {actions.map((a) => (
                <option key={a} value={a} />
              ))}
            </datalist>
            <p id="audit-action-hint" className="hint">
              End with a full stop for a whole family (credential.).
            </p>
          </div>
          <button type="submit" className="button">
            Filter
          </button>
        </form>
      </search>
      {personShown || subjectShown ? (
        <p>
          Showing only entries {personShown ? `by ${personShown}` : ''}
          {personShown && subjectShown ? ' ' : ''}
          {subjectShown ? `about ${subjectShown}` : ''}. <Link to={linkTo({ ...applied, actorId: undefined, subjectId: undefined })}>Show everyone and everything</Link>
        </p>
      ) : null}
      {error ? <p className="banner banner-error">{error}</p> : null}
      {!entries && !error ? <p role="status">Loading the audit log…</p> : null}
      {entries && !entries.length ? <p className="empty">No entries match.</p> : null}
      {entries?.length ? (
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a table that scrolls sideways must be reachable by keyboard to be scrolled
        <section className="table-wrap" aria-labelledby="audit-caption" tabIndex={0}>
          <table className="audit-table">
            <caption id="audit-caption" className="visually-hidden">
              Audit log entries, newest first
            </caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">Action</th>
                <th scope="col">About</th>
                <th scope="col">Details</th>
                <th scope="col">Address</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((a) => (
                <tr key={a.id}>
                  <td className="nowrap">{formatTime(a.at)}</td>
                  <td>
                    {a.actorId ? (
                      <Link to={linkTo({ actorId: a.actorId })} aria-label={`Entries by ${a.actorName ?? a.actorId}`}>
                        {a.actorName ?? a.actorId}
                      </Link>
                    ) : (
                      'The system or a visitor'
                    )}
                  </td>
                  <td>
                    {words(a.action)}
                    <br />
                    <code>{a.action}</code>
                  </td>
                  <td>
                    {a.subjectId ? (
                      <Link to={linkTo({ subjectType: a.subjectType ?? undefined, subjectId: a.subjectId })} aria-label={`Entries about ${about(a)}`}>
                        {about(a)}
                      </Link>
                    ) : (
                      (about(a) ?? '—')
                    )}
                    {a.subjectName && a.subjectType ? (
                      <>
                        <br />
                        <span className="hint">{kindOf(a.subjectType)}</span>
                      </>
                    ) : null}
                  </td>
                  <td className="details-cell">
                    <AuditDetails details={a.details} />
                  </td>
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
