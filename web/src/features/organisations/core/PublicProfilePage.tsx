import '../organisations.css';
import { useEffect, useState } from 'react';
import { useOrganisationParams } from '../params.js';
import { Page } from '../../../components/Page.js';
import { messageOf } from '../../../components/actions.js';
import { useServerValue } from '../../../ssr/data.js';
import { type PublicProfile, organisations } from '../api.js';

/** What the server rendered the page with (server/modules/organisations/core/pages.ts). */
type Served = { profile: PublicProfile } | { error: string; notFound: boolean };

/** An active organisation's public profile at /orgs/:slug: readable by anyone, rendered on the server. */
export function PublicProfilePage() {
  const { slug = '' } = useOrganisationParams();
  const served = useServerValue<Served>(`organisation:${slug}`);
  const [value, setValue] = useState<Served | undefined>(served);
  useEffect(() => {
    if (value) return;
    organisations
      .publicProfile(slug)
      .then((profile) => setValue({ profile }))
      .catch((err: unknown) => setValue({ error: messageOf(err), notFound: true }));
  }, [slug, value]);
  if (!value) return <Page title="Organisation">{<p role="status">Loading…</p>}</Page>;
  if ('error' in value) {
    return (
      <Page title="Organisation not found">
        <p>{value.error}</p>
      </Page>
    );
  }
  const o = value.profile;
  return (
    <Page title={o.name}>
      {o.logoUrl ? <img className="org-logo" src={o.logoUrl} alt={`${o.name} logo`} /> : null}
      {o.description ? <p className="lead">{o.description}</p> : null}
      <dl className="facts">
        <dt>Country</dt>
        <dd>{o.country}</dd>
        {o.website ? (
          <>
            <dt>Website</dt>
            <dd>
              <a href={o.website} rel="noopener nofollow">
                {o.website}
              </a>
            </dd>
          </>
        ) : null}
        {o.verifiedDomains.length ? (
          <>
            <dt>Verified e-mail domains</dt>
            <dd>{o.verifiedDomains.join(', ')}</dd>
          </>
        ) : null}
      </dl>
    </Page>
  );
}
