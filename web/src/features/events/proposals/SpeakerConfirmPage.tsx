import { useEffect, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Page } from '../../../components/Page.js';
import { messageOf } from '../../../components/actions.js';
import { Status } from '../../../components/forms.js';
import { useSession } from '../../../components/session.js';
import { type Invitation, proposals, slotText } from './api.js';

const said = { invited: 'You have not answered yet.', confirmed: 'You confirmed you will speak. Thank you!', declined: 'You declined to speak.' } as const;

/** `/events/speakers/confirm?token=…`: a speaker confirms or declines by the mailed link. */
export function SpeakerConfirmPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const { user } = useSession();
  const [view, setView] = useState<Invitation | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const statusRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    proposals.invitation(token).then(setView, (e) => setError(messageOf(e)));
  }, [token]);

  const answer = async (to: 'confirm' | 'decline') => {
    setBusy(true);
    setError(null);
    try {
      setView(await proposals.answer(token, to));
      statusRef.current?.focus();
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  if (!view) {
    return (
      <Page title="Confirm you will speak">
        {error ? <p className="banner banner-error" role="alert">{error}</p> : <p className="loading" role="status">Loading the invitation…</p>}
      </Page>
    );
  }
  const needsSignIn = view.member && user === null;
  return (
    <Page title="Confirm you will speak" lead={`${view.name}, you are a speaker on “${view.sessionTitle}” at ${view.event.title}.`}>
      <p>{slotText(view.slot)} ({view.slot.timeZone})</p>
      <p className="banner" role="status" ref={statusRef} tabIndex={-1}>
        {said[view.status]}
      </p>
      {error ? <p className="banner banner-error" role="alert">{error}</p> : null}
      {needsSignIn ? (
        <p>
          <Link to={`/sign-in?next=${encodeURIComponent(`/events/speakers/confirm?token=${token}`)}`}>Sign in</Link> with your account to answer.
        </p>
      ) : (
        <div className="actions">
          <button type="button" className="button" disabled={busy || view.status === 'confirmed'} onClick={() => answer('confirm')}>
            I will speak
          </button>
          <button type="button" className="button button-secondary" disabled={busy || view.status === 'declined'} onClick={() => answer('decline')}>
            I cannot speak
          </button>
        </div>
      )}
      <Status message={busy ? 'Sending…' : ''} />
    </Page>
  );
}
