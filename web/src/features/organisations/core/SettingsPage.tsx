import { useCallback, useEffect, useState } from 'react';
import { useOrganisationParams } from '../params.js';
import { Page } from '../../../components/Page.js';
import { messageOf } from '../../../components/actions.js';
import { Status } from '../../../components/forms.js';
import { OrganisationNav } from '../OrganisationNav.js';
import { type OrganisationView, organisations } from '../api.js';
import { DetailsSection } from './DetailsSection.js';
import { DomainsSection } from './DomainsSection.js';
import { PeopleSection } from './PeopleSection.js';

export type Announce = (text: string, error?: boolean) => void;

/** An organisation's settings: details and logo, e-mail domains, people and invitations. Administrators change them. */
export function SettingsPage() {
  const { organisationId = '' } = useOrganisationParams();
  const [org, setOrg] = useState<OrganisationView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<{ text: string; error: boolean } | null>(null);
  const load = useCallback(async () => {
    try {
      setOrg(await organisations.get(organisationId));
    } catch (err) {
      setError(messageOf(err));
    }
  }, [organisationId]);
  useEffect(() => {
    void load();
  }, [load]);
  const announce: Announce = (text, isError = false) => setStatus({ text, error: isError });
  const admin = org?.myRole === 'admin';
  return (
    <Page title={org ? `${org.name}: settings` : 'Organisation settings'}>
      <OrganisationNav organisationId={organisationId} name={org?.name} />
      <Status message={status?.text} className={status?.error ? 'status-error' : 'status-success'} />
      {error ? <p className="banner banner-error">{error}</p> : null}
      {!org && !error ? <p role="status">Loading the organisation…</p> : null}
      {org ? (
        <>
          {!admin ? <p className="hint">Only the organisation’s administrators change these settings.</p> : null}
          <DetailsSection org={org} admin={admin} onSaved={setOrg} announce={announce} />
          <DomainsSection org={org} admin={admin} onSaved={setOrg} announce={announce} />
          <PeopleSection organisationId={org.id} admin={admin} announce={announce} />
        </>
      ) : null}
    </Page>
  );
}
