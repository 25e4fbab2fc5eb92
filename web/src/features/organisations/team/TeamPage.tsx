import { type FormEvent, useEffect, useState } from 'react';
import { TeamCharts } from './TeamCharts.js';
import { useSearchParams } from 'react-router';
import { type TeamFilters, type TeamView, consent } from '../consent/consent-api.js';
import { messageOf } from '../../../components/actions.js';
import { SelectField } from '../../../components/controls.js';
import { formatDate } from '../../../components/format.js';
import { Field } from '../../../components/forms.js';
import { Page } from '../../../components/Page.js';
import './team.css';
import { useOrganisationParams } from '../params.js';
import { OrganisationNav } from '../OrganisationNav.js';

const standingWords: Record<string, string> = { on_track: 'On track', at_risk: 'At risk', suspended: 'Suspended', lapsed: 'Lapsed' };
const statusWords: Record<string, string> = { active: 'Active', suspended: 'Suspended', lapsed: 'Lapsed', revoked: 'Revoked' };

const filterKeys = ['q', 'level', 'status', 'standing', 'reviewWithinDays'] as const;

/**
 * /organisations/:organisationId/team: the members who share their record with the organisation, with
 * filters, paging, a CSV export and charts of the whole team (each with its numbers in a table).
 */
export function TeamPage() {
  const { organisationId = '' } = useOrganisationParams();
  const [params, setParams] = useSearchParams();
  const filters: TeamFilters = Object.fromEntries([...filterKeys, 'page'].flatMap((k) => (params.get(k) ? [[k, params.get(k) as string]] : [])));
  const [draft, setDraft] = useState<TeamFilters>(filters);
  const [view, setView] = useState<TeamView | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const key = params.toString();

  // biome-ignore lint/correctness/useExhaustiveDependencies: the search string is the filters' identity
  useEffect(() => {
    let live = true;
    consent
      .team(organisationId, filters)
      .then((v) => {
        if (!live) return;
        setView(v);
        setProblem(null);
      })
      .catch((err) => live && setProblem(messageOf(err)));
    return () => {
      live = false;
    };
  }, [organisationId, key]);

  function apply(e: FormEvent) {
    e.preventDefault();
    const next = new URLSearchParams();
    for (const k of filterKeys) if (draft[k]) next.set(k, draft[k] as string);
    setParams(next);
  }
  const goTo = (page: number) => {
    const next = new URLSearchParams(params);
    next.set('page', String(page));
    setParams(next);
  };
  const set = (k: keyof TeamFilters) => (v: string) => setDraft((d) => ({ ...d, [k]: v }));

  const f = view?.figures;
  return (
    <Page title="Team" lead="Your colleagues who chose to share their Guildhall record with the organisation. Each shows only what they chose to share, and they can see each time you look.">
      <OrganisationNav organisationId={organisationId} />
      {problem ? (
        <p className="banner banner-error" role="alert">
          {problem}
        </p>
      ) : null}
      {!view && !problem ? (
        <p className="loading" role="status">
          Loading the team…
        </p>
      ) : null}
      {view && f ? (
        <>
          <form className="form card team-filters" onSubmit={apply} aria-label="Filter the team">
            <Field id="team-q" label="Name" value={draft.q ?? ''} onChange={(e) => set('q')(e.target.value)} maxLength={100} />
            <SelectField id="team-level" label="Level" value={draft.level ?? ''} onChange={set('level')}>
              <option value="">Any level</option>
              {view.levels.map((l) => (
                <option key={l.id} value={l.id}>
                  {l.name}
                </option>
              ))}
            </SelectField>
            <SelectField id="team-status" label="Credential status" value={draft.status ?? ''} onChange={set('status')}>
              <option value="">Any status</option>
              {Object.entries(statusWords).map(([k, v]) => (
                <option key={k} value={k}>
                  {v}
                </option>
              ))}
            </SelectField>
            <SelectField id="team-standing" label="CPD standing" value={draft.standing ?? ''} onChange={set('standing')}>
              <option value="">Any standing</option>
              {Object.entries(standingWords).map(([k, v]) => (
                <option key={k} value={k}>
                  {v}
                </option>
              ))}
            </SelectField>
            <SelectField id="team-review" label="Review due" value={draft.reviewWithinDays ?? ''} onChange={set('reviewWithinDays')}>
              <option value="">Any time</option>
              <option value="30">Within 30 days</option>
              <option value="90">Within 90 days</option>
              <option value="365">Within a year</option>
            </SelectField>
            <button type="submit" className="button">
              Show
            </button>
          </form>

          <section aria-labelledby="team-members">
            <h2 id="team-members">
              Members <span className="hint">({view.total} matching)</span>
            </h2>
            <p>
              <a href={consent.teamExportUrl(organisationId, filters)} download>
                Download these members (CSV)
              </a>
            </p>
            {view.members.length === 0 ? (
              <p className="empty">No member who shares their record matches.</p>
            ) : (
              // biome-ignore lint/a11y/noNoninteractiveTabindex: a table that scrolls sideways must be reachable by keyboard to be scrolled
              <section className="table-wrap" aria-labelledby="team-caption" tabIndex={0}>
                <table>
                  <caption id="team-caption" className="visually-hidden">Members sharing their record, page {view.page} of {view.pages}</caption>
                  <thead>
                    <tr>
                      <th scope="col">Name</th>
                      <th scope="col">Level</th>
                      <th scope="col">Status</th>
                      <th scope="col">CPD standing</th>
                      <th scope="col">Review due</th>
                    </tr>
                  </thead>
                  <tbody>
                    {view.members.map((m) => (
                      <tr key={m.memberId}>
                        <th scope="row">{m.name}</th>
                        <td>{m.levelName ?? <span className="hint">Not shared</span>}</td>
                        <td>{m.status ? statusWords[m.status] : <span className="hint">Not shared</span>}</td>
                        <td>
                          {m.standing ? `${standingWords[m.standing]}, ${m.hoursThisCycle ?? 0} h this cycle` : <span className="hint">{m.scopes.includes('cpd_standing') ? 'No CPD cycle' : 'Not shared'}</span>}
                        </td>
                        <td>{m.reviewDue ? formatDate(m.reviewDue) : <span className="hint">{m.scopes.includes('credentials') ? '—' : 'Not shared'}</span>}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </section>
            )}
            {view.pages > 1 ? (
              <nav aria-label="Pages of members" className="button-row">
                <button type="button" className="button-secondary" disabled={view.page <= 1} onClick={() => goTo(view.page - 1)}>
                  Previous page
                </button>
                <span>
                  Page {view.page} of {view.pages}
                </span>
                <button type="button" className="button-secondary" disabled={view.page >= view.pages} onClick={() => goTo(view.page + 1)}>
                  Next page
                </button>
              </nav>
            ) : null}
          </section>

          <TeamCharts figures={f} />
        </>
      ) : null}
    </Page>
  );
}
