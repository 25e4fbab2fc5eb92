import { type FormEvent, useEffect, useState } from 'react';
import { Link, useLocation, useSearchParams } from 'react-router';
import { applicationStates, stateLabels } from '../../../../contracts/application-states.js';
import { type QueueRow, assessment } from '../../api.js';
import { Status } from '../../components/forms.js';
import { formatDate } from '../../components/format.js';
import { Page } from '../../components/Page.js';
import { hasRole, useSession } from '../../components/session.js';
import { messageOf } from '../../components/actions.js';
import { StateTag } from '../../components/application.js';
import { SelectField } from '../../components/controls.js';

const stageWords = { assessment: 'Assessment', third: 'Third assessor', appeal: 'Appeal' } as const;
const PAGE = 25;

/** The assessor's queue, oldest first as the API orders it; scheme administrators can see every open application. */
export function QueuePage() {
  const { user } = useSession();
  const admin = hasRole(user, 'scheme_admin');
  // Only assessors have a queue of their own; a scheme administrator who is not one opens on every
  // open application, which is the queue they can see.
  const assessor = hasRole(user, 'assessor');
  const [params, setParams] = useSearchParams();
  const flash = (useLocation().state as { flash?: string } | null)?.flash ?? null;
  const asked = params.get('scope');
  const scope: 'mine' | 'all' = admin && (!assessor || asked === 'all') ? 'all' : 'mine';
  const state = params.get('state') ?? '';
  const [draftState, setDraftState] = useState(state);
  const [rows, setRows] = useState<QueueRow[] | null>(null);
  const [total, setTotal] = useState(0);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    setRows(null);
    setError(null);
    assessment
      .queue({ scope, state: state || undefined, limit: PAGE })
      .then((q) => {
        if (!live) return;
        setRows(q.entries);
        setTotal(q.total);
        setCursor(q.nextCursor);
      })
      .catch((err) => live && setError(messageOf(err)));
    return () => {
      live = false;
    };
  }, [scope, state]);

  async function more() {
    if (!cursor) return;
    setBusy(true);
    try {
      const q = await assessment.queue({ scope, state: state || undefined, limit: PAGE, cursor });
      setRows((r) => [...(r ?? []), ...q.entries]);
      setCursor(q.nextCursor);
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  const go = (next: { scope?: string; state?: string }) => {
    const p: Record<string, string> = {};
    const s = next.scope ?? scope;
    const st = next.state ?? state;
    if (s === 'all' && assessor) p.scope = 'all';
    if (st) p.state = st;
    setParams(p);
  };
  const filter = (e: FormEvent) => {
    e.preventDefault();
    go({ state: draftState });
  };

  return (
    <Page
      title="Assessment queue"
      lead={
        scope === 'all'
          ? 'Every open application, oldest first. Open one to follow its assessment, decide it or record its fee.'
          : 'Applications waiting for you, oldest first. Open one to read the frozen portfolio, score it and recommend.'
      }
    >
      {admin ? (
        <search aria-label="Filter the queue" className="queue-filters">
          {assessor ? (
          <fieldset className="segmented">
            <legend>Show</legend>
            <button type="button" className="button button-secondary button-small" aria-pressed={scope === 'mine'} onClick={() => go({ scope: 'mine' })}>
              Mine
            </button>
            <button type="button" className="button button-secondary button-small" aria-pressed={scope === 'all'} onClick={() => go({ scope: 'all' })}>
              All open
            </button>
          </fieldset>
          ) : null}
          <form onSubmit={filter} className="form form-inline">
            <SelectField id="queue-state" label="State" value={draftState} onChange={setDraftState}>
              <option value="">Any state</option>
              {applicationStates.map((s) => (
                <option key={s} value={s}>
                  {stateLabels[s]}
                </option>
              ))}
            </SelectField>
            <button type="submit" className="button">
              Filter
            </button>
          </form>
        </search>
      ) : null}
      <Status message={flash} className="status-success" />
      {error ? (
        <p className="banner banner-error" role="alert">
          The queue could not be loaded: {error}
        </p>
      ) : null}
      <Status message={rows ? `${total} ${total === 1 ? 'application' : 'applications'}${scope === 'all' ? ' open' : ' in your queue'}.` : null} />
      {!rows && !error ? <p className="loading">Loading the queue…</p> : null}
      {rows && !rows.length ? <p className="empty">Nothing is waiting here.</p> : null}
      {rows?.length ? (
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a table that scrolls sideways must be reachable by keyboard to be scrolled
        <section className="table-wrap" aria-labelledby="queue-caption" tabIndex={0}>
          <table className="queue-table">
            <caption id="queue-caption" className="visually-hidden">
              Applications to assess
            </caption>
            <thead>
              <tr>
                <th scope="col">Applicant</th>
                <th scope="col">Level</th>
                <th scope="col">State</th>
                <th scope="col">Stage</th>
                <th scope="col">Age</th>
                <th scope="col">Due</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id} className={r.overdue ? 'row-overdue' : undefined}>
                  <th scope="row">
                    <Link to={`/assess/${encodeURIComponent(r.id)}`}>{r.applicantName}</Link>
                  </th>
                  <td>{r.levelName}</td>
                  <td>
                    <StateTag state={r.state} />
                    {r.recommended ? <span className="queue-note">recommended</span> : r.scored ? <span className="queue-note">scored</span> : null}
                  </td>
                  <td>{r.stage ? stageWords[r.stage] : '—'}</td>
                  <td className="nowrap">
                    {r.ageDays} {r.ageDays === 1 ? 'day' : 'days'}
                  </td>
                  <td className="nowrap">
                    {r.dueAt ? formatDate(r.dueAt) : '—'}
                    {r.overdue ? <strong className="overdue"> Overdue</strong> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
      {cursor ? (
        <p>
          <button type="button" className="button button-secondary" onClick={more} disabled={busy}>
            {busy ? 'Loading…' : 'More'}
          </button>
        </p>
      ) : null}
    </Page>
  );
}
