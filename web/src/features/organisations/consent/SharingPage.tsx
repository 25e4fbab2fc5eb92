import { type FormEvent, useEffect, useState } from 'react';
import { type ConsentScopeName, type ConsentView, type MyConsents, consent } from './consent-api.js';
import { messageOf } from '../../../components/actions.js';
import { SelectField } from '../../../components/controls.js';
import { formatDate, formatTime } from '../../../components/format.js';
import { Status, Submit } from '../../../components/forms.js';
import { Page } from '../../../components/Page.js';
import { useSession } from '../../../components/session.js';

const operationWords: Record<string, string> = { getTeamView: 'Looked at the team page', exportTeamView: 'Exported the team list' };

/**
 * /account/sharing: what the member shares with which organisation (each grant with the words agreed
 * and its dates), granting with the exact words shown beside each choice, revoking at once, and the log
 * of every view an organisation made, with a CSV export.
 */
export function SharingPage() {
  const [data, setData] = useState<MyConsents | null>(null);
  const [views, setViews] = useState<ConsentView[]>([]);
  const [more, setMore] = useState<string | null>(null);
  const [organisationId, setOrganisationId] = useState('');
  const [chosen, setChosen] = useState<ConsentScopeName[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const csrf = useSession().user?.csrfToken ?? null;

  useEffect(() => {
    Promise.all([consent.mine(), consent.views()])
      .then(([mine, log]) => {
        setData(mine);
        setViews(log.views);
        setMore(log.nextCursor);
      })
      .catch((err) => setProblem(messageOf(err)));
  }, []);

  const titleOf = (scope: string) => data?.texts.find((t) => t.scope === scope)?.title ?? scope;

  async function share(e: FormEvent) {
    e.preventDefault();
    setDone(null);
    if (!organisationId) return setProblem('Choose the organisation to share with.');
    if (chosen.length === 0) return setProblem('Choose at least one thing to share.');
    setBusy(true);
    setProblem(null);
    try {
      const textVersions = Object.fromEntries(chosen.map((s) => [s, data?.texts.find((t) => t.scope === s)?.version ?? '']));
      const next = await consent.grant(csrf, { organisationId, scopes: chosen, textVersions });
      setData(next);
      setChosen([]);
      setDone(`Shared with ${next.organisations.find((o) => o.id === organisationId)?.name ?? 'the organisation'}.`);
    } catch (err) {
      setProblem(messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  async function stop(orgId: string, name: string, scopes?: ConsentScopeName[]) {
    setDone(null);
    setProblem(null);
    try {
      setData(await consent.revoke(csrf, orgId, scopes));
      setDone(scopes ? `${name} no longer sees ${scopes.map(titleOf).join(', ').toLowerCase()}.` : `${name} no longer sees anything of yours.`);
    } catch (err) {
      setProblem(messageOf(err));
    }
  }

  async function loadMore() {
    if (!more) return;
    try {
      const page = await consent.views(more);
      setViews((v) => [...v, ...page.views]);
      setMore(page.nextCursor);
    } catch (err) {
      setProblem(messageOf(err));
    }
  }

  const active = (data?.grants ?? []).filter((g) => !g.revokedAt);
  const byOrg = [...new Set(active.map((g) => g.organisationId))].map((id) => ({ id, name: active.find((g) => g.organisationId === id)?.organisationName ?? '', grants: active.filter((g) => g.organisationId === id) }));
  const ended = (data?.grants ?? []).filter((g) => g.revokedAt);

  return (
    <Page title="Sharing with employers" lead="Choose what an organisation you work for may see of your record. You can stop at any time, and you can see every time someone there looked.">
      <Status message={done} className="status-success" />
      {problem ? (
        <p className="banner banner-error" role="alert">
          {problem}
        </p>
      ) : null}
      {!data && !problem ? (
        <p className="loading" role="status">
          Loading what you share…
        </p>
      ) : null}
      {data ? (
        <>
          <section aria-labelledby="share-new">
            <h2 id="share-new">Share with an organisation</h2>
            {data.organisations.length === 0 ? (
              <p className="empty">No organisation is registered yet.</p>
            ) : (
              <form onSubmit={share} className="form card" noValidate>
                <SelectField id="share-organisation" label="Organisation" value={organisationId} onChange={setOrganisationId}>
                  <option value="">Choose…</option>
                  {data.organisations.map((o) => (
                    <option key={o.id} value={o.id}>
                      {o.name}
                    </option>
                  ))}
                </SelectField>
                <fieldset className="field">
                  <legend>What it may see</legend>
                  {data.texts.map((t) => (
                    <div className="field" key={t.scope}>
                      <div className="checkbox">
                        <input
                          type="checkbox"
                          id={`share-${t.scope}`}
                          checked={chosen.includes(t.scope)}
                          aria-describedby={`share-${t.scope}-text`}
                          onChange={(e) => setChosen((c) => (e.target.checked ? [...c, t.scope] : c.filter((s) => s !== t.scope)))}
                        />
                        <label htmlFor={`share-${t.scope}`}>{t.title}</label>
                      </div>
                      <p className="hint" id={`share-${t.scope}-text`}>
                        {t.text} <span className="visually-hidden">(wording of {formatDate(t.version)})</span>
                      </p>
                    </div>
                  ))}
                </fieldset>
                <Submit busy={busy} busyText="Sharing…">
                  I agree: share
                </Submit>
              </form>
            )}
          </section>

          <section aria-labelledby="share-current">
            <h2 id="share-current">What you share now</h2>
            {byOrg.length === 0 ? <p className="empty">You share nothing with any organisation.</p> : null}
            {byOrg.map((o) => (
              <div className="card" key={o.id}>
                <h3>{o.name}</h3>
                <ul>
                  {o.grants.map((g) => (
                    <li key={g.id}>
                      <strong>{titleOf(g.scope)}</strong>, since {formatDate(g.grantedAt)}.{' '}
                      <button type="button" className="button-quiet button-small" onClick={() => stop(o.id, o.name, [g.scope])}>
                        Stop sharing {titleOf(g.scope).toLowerCase()} with {o.name}
                      </button>
                      <details>
                        <summary>The words you agreed to</summary>
                        <p>{g.text}</p>
                      </details>
                    </li>
                  ))}
                </ul>
                <button type="button" className="button-danger" onClick={() => stop(o.id, o.name)}>
                  Stop sharing everything with {o.name}
                </button>
              </div>
            ))}
            {ended.length ? (
              <details>
                <summary>Earlier grants ({ended.length})</summary>
                {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a table that scrolls sideways must be reachable by keyboard to be scrolled */}
                <section className="table-wrap" aria-labelledby="ended-caption" tabIndex={0}>
                  <table>
                    <caption id="ended-caption" className="visually-hidden">
                      Grants you ended
                    </caption>
                    <thead>
                      <tr>
                        <th scope="col">Organisation</th>
                        <th scope="col">What</th>
                        <th scope="col">Granted</th>
                        <th scope="col">Ended</th>
                      </tr>
                    </thead>
                    <tbody>
                      {ended.map((g) => (
                        <tr key={g.id}>
                          <td>{g.organisationName}</td>
                          <td>{titleOf(g.scope)}</td>
                          <td>{formatDate(g.grantedAt)}</td>
                          <td>{g.revokedAt ? formatDate(g.revokedAt) : ''}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </section>
              </details>
            ) : null}
          </section>

          <section aria-labelledby="share-log">
            <h2 id="share-log">Who saw what, when</h2>
            <p>
              <a href={consent.viewsExportUrl} download>
                Download the whole log (CSV)
              </a>
            </p>
            {views.length === 0 ? (
              <p className="empty">No organisation has looked at your record.</p>
            ) : (
              // biome-ignore lint/a11y/noNoninteractiveTabindex: a table that scrolls sideways must be reachable by keyboard to be scrolled
              <section className="table-wrap" aria-labelledby="log-caption" tabIndex={0}>
                <table>
                  <caption id="log-caption" className="visually-hidden">Every time an organisation saw your record, newest first</caption>
                  <thead>
                    <tr>
                      <th scope="col">When</th>
                      <th scope="col">Organisation</th>
                      <th scope="col">Who</th>
                      <th scope="col">What they did</th>
                      <th scope="col">What it showed</th>
                    </tr>
                  </thead>
                  <tbody>
                    {views.map((v) => (
                      <tr key={v.viewId}>
                        <td>
                          {formatDate(v.viewedAt)} {formatTime(v.viewedAt)}
                        </td>
                        <td>{v.organisationName}</td>
                        <td>{v.viewerName}</td>
                        <td>{operationWords[v.operation] ?? v.operation}</td>
                        <td>{v.scopes.map(titleOf).join(', ')}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </section>
            )}
            {more ? (
              <button type="button" className="button-secondary" onClick={loadMore}>
                Show earlier views
              </button>
            ) : null}
          </section>
        </>
      ) : null}
    </Page>
  );
}
