import { useCallback } from 'react';
import { Link } from 'react-router';
import { Section } from '../../../components/actions.js';
import { Status } from '../../../components/forms.js';
import { Page } from '../../../components/Page.js';
import { useLoaded } from '../../../components/loaded.js';
import { ManageNav } from '../ManageNav.js';
import { useEventParams } from '../params.js';
import { exhibitorsApi } from './api.js';
import { ExhibitorCard } from './ExhibitorCard.js';
import { ExhibitorForm, emptyExhibitor } from './ExhibitorForm.js';
import './exhibitors.css';

/** Organisers: an event's sponsors and exhibitors, their logos and the staff on each stand. */
export function ManageExhibitorsPage() {
  const { eventId = '' } = useEventParams();
  const { data, error, done, changed } = useLoaded(useCallback(() => exhibitorsApi.list(eventId), [eventId]));
  return (
    <Page title="Exhibitors and sponsors" lead="Sponsors and exhibitors by tier, their logos, and the people on each stand. Stand staff get an exhibitor ticket and scan visitors' badges for leads.">
      <ManageNav eventId={eventId} title={data?.event.title} />
      <Status message={done} />
      {error ? (
        <p className="banner banner-error" role="alert">
          {error}
        </p>
      ) : null}
      {data ? (
        <p>
          Public page: <Link to={`/events/${encodeURIComponent(data.event.slug)}/exhibitors`}>sponsors and exhibitors of {data.event.title}</Link>
        </p>
      ) : null}
      <Section id="exhibitors-list" title={data ? `${data.exhibitors.length} exhibitors and sponsors` : 'Exhibitors and sponsors'}>
        {!data && !error ? <p className="loading">Loading…</p> : null}
        {data?.exhibitors.length === 0 ? <p className="empty">None yet.</p> : null}
        <ul className="item-list">
          {(data?.exhibitors ?? []).map((x) => (
            <ExhibitorCard key={x.id} eventId={eventId} x={x} changed={changed} />
          ))}
        </ul>
      </Section>
      <Section id="exhibitors-add" title="Add a sponsor or exhibitor">
        <ExhibitorForm
          prefix="add-"
          initial={emptyExhibitor}
          submitText="Add"
          onSubmit={async (body) => {
            await exhibitorsApi.add(eventId, body);
            await changed(`Added ${body.name}.`);
          }}
        />
      </Section>
    </Page>
  );
}
