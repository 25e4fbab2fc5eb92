import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { messageOf } from '../../../components/actions.js';
import { Page } from '../../../components/Page.js';
import { useServerValue } from '../../../ssr/data.js';
import { registration } from './api.js';
import { ErrorBanner } from './ErrorBanner.js';

/** The offer the server found for the link (server/modules/events/registration/pages.ts), or why there is none. */
type Served = { offer: { name: string; eventTitle: string; eventSlug: string; ticketName: string; expiresAt: string; expiresIn: string } } | { error: string };

/**
 * /events/claim?token=: claim a place offered from a waiting list, by the mailed link (no sign-in needed).
 * Rendered on the server with the offer it names; the claim itself is the button's.
 */
export function ClaimPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const served = useServerValue<Served>('claim:offer');
  const offer = served && 'offer' in served ? served.offer : null;
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<{ message: string; slug: string; accountLink: string | null } | null>(null);
  const [error, setError] = useState<string | null>(served && 'error' in served ? served.error : null);
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
      ) : token && !(served && 'error' in served) ? (
        <>
          {offer ? (
            <p>
              {offer.name}, a place has freed up at <Link to={`/events/${encodeURIComponent(offer.eventSlug)}`}>{offer.eventTitle}</Link> and is held for you: a {offer.ticketName} ticket, until{' '}
              <time dateTime={offer.expiresAt}>{offer.expiresIn}</time>. Claim it to be registered.
            </p>
          ) : (
            <p>A place has freed up and is held for you. Claim it to be registered.</p>
          )}
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
