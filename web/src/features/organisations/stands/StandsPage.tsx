import { useCallback } from 'react';
import { Status } from '../../../components/forms.js';
import { Page } from '../../../components/Page.js';
import { useLoaded } from '../../../components/loaded.js';
import { OrganisationNav } from '../OrganisationNav.js';
import { useOrganisationParams } from '../params.js';
import { standsApi } from './api.js';
import { StandCard } from './StandCard.js';

/** The organisation's stands at events: who staffs each, their tickets, and its leads (administrators). */
export function StandsPage() {
  const { organisationId = '' } = useOrganisationParams();
  const { data, error, done, changed } = useLoaded(useCallback(() => standsApi.list(organisationId), [organisationId]));
  return (
    <Page
      title="Stands at events"
      lead="Where your organisation exhibits or sponsors. Put your people on a stand and each gets an exhibitor ticket by e-mail, with the check-in code; release someone and a ticket made for the stand is cancelled."
    >
      <OrganisationNav organisationId={organisationId} name={data?.organisation.name} />
      <Status message={done} className="status-success" />
      {error ? (
        <p className="banner banner-error" role="alert">
          {error}
        </p>
      ) : null}
      {!data && !error ? <p className="loading">Loading…</p> : null}
      {data?.stands.length === 0 ? <p className="empty">Your organisation has no stand at an event yet. The event’s organisers add exhibitors and sponsors and link them to an organisation.</p> : null}
      {(data?.stands ?? []).map((s) => (
        <StandCard key={s.exhibitor.id} stand={s} people={data?.people ?? []} changed={changed} />
      ))}
    </Page>
  );
}
