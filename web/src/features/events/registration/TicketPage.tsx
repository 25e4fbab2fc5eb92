import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { messageOf } from '../../../components/actions.js';
import { Status } from '../../../components/forms.js';
import { Page } from '../../../components/Page.js';
import { useEventParams } from '../params.js';
import { type MyRegistration, type RegistrationOptions, registration } from './api.js';
import { TicketCard } from './TicketCard.js';
import { ErrorBanner } from './ErrorBanner.js';
import './registration.css';

/** /events/:slug/ticket: the member's ticket for one event, with its check-in code (where the confirmation mail links). */
export function TicketPage() {
  const { slug = '' } = useEventParams();
  const [opts, setOpts] = useState<RegistrationOptions | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState('');
  const load = useCallback(async () => {
    try {
      setOpts(await registration.options(slug));
    } catch (err) {
      setError(messageOf(err));
    }
  }, [slug]);
  useEffect(() => {
    void load();
  }, [load]);
  const cancel = async (r: MyRegistration) => {
    if (!window.confirm(`Cancel your registration for ${r.event.title}? Your place goes to the waiting list.`)) return;
    try {
      await registration.cancel(r.id);
      setMessage('Your registration is cancelled.');
      await load();
    } catch (err) {
      setError(messageOf(err));
    }
  };
  return (
    <Page title={opts ? `Your ticket: ${opts.event.title}` : 'Your ticket'} narrow>
      <Status message={message} />
      <ErrorBanner error={error} />
      {opts && !opts.mine ? (
        <p>
          You are not registered for this event. <Link to={`/events/${encodeURIComponent(slug)}/register`}>Register</Link>.
        </p>
      ) : null}
      {opts?.mine ? <TicketCard r={opts.mine} onCancel={cancel} /> : null}
      <p>
        <Link to="/events/mine">All my events</Link>
      </p>
    </Page>
  );
}
