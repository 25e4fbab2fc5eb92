import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { messageOf } from '../../../components/actions.js';
import { Page } from '../../../components/Page.js';
import { registration } from './api.js';
import { ErrorBanner } from './ErrorBanner.js';

/** /events/claim?token=: claim a place offered from a waiting list, by the mailed link (no sign-in needed). */
export function ClaimPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<{ message: string; slug: string; accountLink: string | null } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const claim = async () => {
    setBusy(true);
    try {
      const r = await registration.claim(token);
      setDone({ message: r.message, slug: r.eventSlug, accountLink: r.accountLink });
      setError(null);
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Page title="Claim your place" narrow>
      <ErrorBanner error={error} />
      {done ? (
        <div role="status">
          <p className="banner">{done.message}</p>
          {done.accountLink ? (
            <p>
              Your ticket is in the e-mail. To see it here too, <Link to="/forgot-password">choose a password</Link> for the account made with your address.
            </p>
          ) : (
            <p>
              <Link to={`/events/${encodeURIComponent(done.slug)}/ticket`}>See your ticket</Link>
            </p>
          )}
        </div>
      ) : token ? (
        <>
          <p>A place has freed up and is held for you. Claim it to be registered.</p>
          <button type="button" className="button" disabled={busy} onClick={claim}>
            {busy ? 'Claiming…' : 'Claim my place'}
          </button>
        </>
      ) : (
        <p>Open the link from your e-mail to claim a place.</p>
      )}
    </Page>
  );
}
