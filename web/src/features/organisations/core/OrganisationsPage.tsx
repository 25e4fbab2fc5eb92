import { useEffect, useState } from 'react';
import { Link, Navigate } from 'react-router';
import { Page } from '../../../components/Page.js';
import { messageOf } from '../../../components/actions.js';
import { type MyOrganisation, organisations, roleNames } from '../api.js';

/** The organisations the signed-in person works for; with exactly one, its team view at once. */
export function OrganisationsPage() {
  const [mine, setMine] = useState<MyOrganisation[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    organisations
      .mine()
      .then((r) => setMine(r.organisations))
      .catch((err: unknown) => setError(messageOf(err)));
  }, []);
  const only = mine?.length === 1 ? mine[0] : undefined;
  if (only) return <Navigate to={`/organisations/${encodeURIComponent(only.id)}/team`} replace />;
  return (
    <Page title="Your organisations">
      {error ? <p className="banner banner-error">{error}</p> : null}
      {!mine && !error ? <p role="status">Loading your organisations…</p> : null}
      {mine && mine.length === 0 ? <p className="empty">You do not work for any organisation on Guildhall yet. If you were invited, open the link in the invitation e-mail.</p> : null}
      {mine && mine.length > 1 ? (
        <ul className="link-list">
          {mine.map((o) => (
            <li key={o.id}>
              <Link to={`/organisations/${encodeURIComponent(o.id)}/team`}>{o.name}</Link> — {roleNames[o.role]}
            </li>
          ))}
        </ul>
      ) : null}
      <p>
        <Link to="/organisations/request">Ask for a new organisation</Link>
      </p>
    </Page>
  );
}
