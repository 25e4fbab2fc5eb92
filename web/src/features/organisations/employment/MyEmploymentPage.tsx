import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { portfolio } from '../../../api.js';
import { Problems, Section, messageOf, useAction } from '../../../components/actions.js';
import { SelectField } from '../../../components/controls.js';
import { Status, Submit } from '../../../components/forms.js';
import { formatDate } from '../../../components/format.js';
import { Page } from '../../../components/Page.js';
import { MemberOffers } from '../sponsorship/MemberOffers.js';
import { type EmploymentLink, type LinkableOrganisation, employment, periodText } from './api.js';

type Work = { id: string; roleTitle: string; employer: string };
const labels = { itemId: 'Job', organisationId: 'Organisation' };

function linkState(l: EmploymentLink): string {
  if (l.status === 'confirmed' && l.confirmed && l.decidedAt) return `Confirmed by ${l.organisation.name} on ${formatDate(l.decidedAt)}: ${periodText(l.confirmed)}.`;
  if (l.status === 'disputed') return `Disputed by ${l.organisation.name}${l.disputeReason ? `: “${l.disputeReason}”` : '.'}`;
  return `Waiting for ${l.organisation.name} to confirm.`;
}

/** The member's jobs linked to organisations (asked, confirmed, disputed, ended), and what employers offer them. */
export function MyEmploymentPage() {
  const [links, setLinks] = useState<EmploymentLink[] | null>(null);
  const [work, setWork] = useState<Work[]>([]);
  const [orgs, setOrgs] = useState<LinkableOrganisation[]>([]);
  const [draft, setDraft] = useState({ itemId: '', organisationId: '' });
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const action = useAction('employment-link-', (k) => k);

  const load = useCallback(async () => {
    try {
      const [mine, p, o] = await Promise.all([employment.mine(), portfolio.get(), employment.organisations()]);
      setLinks(mine.links);
      setWork(p.items.flatMap((i) => (i.kind === 'work' ? [{ id: i.id, roleTitle: i.roleTitle, employer: i.employer }] : [])));
      setOrgs(o.organisations);
    } catch (err) {
      setError(messageOf(err));
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const ended = async (l: EmploymentLink) => {
    try {
      await employment.end(l.id);
      setDone(`Ended your link with ${l.organisation.name}.`);
      await load();
    } catch (err) {
      setError(messageOf(err));
    }
  };
  const title = (l: EmploymentLink) => (l.claim ? `${l.claim.roleTitle} at ${l.claim.employer}` : 'A deleted work item');

  return (
    <Page title="Your employment" lead="Ask an employer to confirm a job in your portfolio. A confirmation counts as a referee’s when you apply.">
      <Status message={done} className="status-success" />
      {error ? (
        <p className="banner banner-error" role="alert">
          {error}
        </p>
      ) : null}
      <Section id="employment-links" title="Your linked jobs">
        {links === null && !error ? <p className="loading">Loading…</p> : null}
        {links?.length === 0 ? <p className="empty">No job is linked to an organisation yet.</p> : null}
        {links?.length ? (
          <ul className="item-list">
            {links.map((l) => (
              <li key={l.id} className="item">
                <p className="item-title">{title(l)}</p>
                <p className="item-detail">{linkState(l)}</p>
                {l.changedSinceConfirmed ? <p className="item-detail">You changed this job since it was confirmed; assessors see the confirmed period and level.</p> : null}
                {l.endedAt ? <p className="item-detail">Link ended on {formatDate(l.endedAt)}.</p> : null}
                {!l.endedAt ? (
                  <div className="item-actions">
                    <button type="button" className="button button-secondary button-small" onClick={() => ended(l)}>
                      {l.status === 'pending' ? 'Withdraw the request' : 'I have left'}
                      <span className="visually-hidden"> ({title(l)})</span>
                    </button>
                  </div>
                ) : null}
              </li>
            ))}
          </ul>
        ) : null}
      </Section>
      <Section id="employment-new" title="Link a job">
        {work.length === 0 ? (
          <p>
            Add your job to <Link to="/portfolio">your portfolio</Link> first.
          </p>
        ) : (
          <form
            className="form"
            noValidate
            onSubmit={action.run(async () => {
              const l = await employment.link(draft);
              setDraft({ itemId: '', organisationId: '' });
              setDone(`Asked ${l.organisation.name} to confirm ${title(l)}.`);
              await load();
            })}
          >
            <Problems action={action} labels={labels} />
            <SelectField {...action.at('itemId')} label={labels.itemId} value={draft.itemId} onChange={(v) => setDraft({ ...draft, itemId: v })}>
              <option value="">Choose a job</option>
              {work.map((w) => (
                <option key={w.id} value={w.id}>
                  {w.roleTitle} at {w.employer}
                </option>
              ))}
            </SelectField>
            <SelectField {...action.at('organisationId')} label={labels.organisationId} hint="The employer confirms the dates and responsibility level you claim." value={draft.organisationId} onChange={(v) => setDraft({ ...draft, organisationId: v })}>
              <option value="">Choose an organisation</option>
              {orgs.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name} ({o.country})
                </option>
              ))}
            </SelectField>
            <Submit busy={action.busy} busyText="Asking…">
              Ask for confirmation
            </Submit>
          </form>
        )}
      </Section>
      <MemberOffers onDone={setDone} />
    </Page>
  );
}
