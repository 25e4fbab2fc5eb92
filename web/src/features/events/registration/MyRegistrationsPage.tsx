import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { messageOf } from '../../../components/actions.js';
import { Status } from '../../../components/forms.js';
import { Page } from '../../../components/Page.js';
import { formatDate } from '../../../components/format.js';
import { type MyRegistration, registration } from './api.js';
import { TicketCard } from './TicketCard.js';
import { ErrorBanner } from './ErrorBanner.js';
import './registration.css';

type Mine = Awaited<ReturnType<typeof registration.mine>>;

/** /events/mine: the member's registrations (code, reference, badge, agenda, cancel) and waiting-list places. */
export function MyRegistrationsPage() {
  const [data, setData] = useState<Mine | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState('');

  const load = useCallback(async () => {
    try {
      setData(await registration.mine());
    } catch (err) {
      setError(messageOf(err));
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const act = async (work: () => Promise<unknown>, done: string) => {
    try {
      await work();
      setError(null);
      setMessage(done);
      await load();
    } catch (err) {
      setError(messageOf(err));
    }
  };
  const cancel = (r: MyRegistration) => {
    if (window.confirm(`Cancel your registration for ${r.event.title}? Your place goes to the waiting list.`)) void act(() => registration.cancel(r.id), `Cancelled your registration for ${r.event.title}.`);
  };

  return (
    <Page title="My events" lead="Your tickets: show the code at the door, print your badge, choose your sessions.">
      <Status message={message} />
      <ErrorBanner error={error} />
      {data === null && !error ? <p className="loading">Loading…</p> : null}
      {data && data.registrations.length === 0 ? (
        <p className="empty">
          You have no registrations yet. <Link to="/events">See the events</Link>.
        </p>
      ) : null}
      <div className="ticket-list">
        {data?.registrations.map((r) => (
          <TicketCard key={r.id} r={r} onCancel={cancel} />
        ))}
      </div>
      {data && data.waiting.length > 0 ? (
        <section className="card" aria-labelledby="waiting-title">
          <h2 id="waiting-title">Waiting lists</h2>
          <ul className="item-list">
            {data.waiting.map((w) => (
              <li key={w.id} className="item">
                <p className="item-title">
                  {w.event.title}: {w.ticketTypeName}
                </p>
                <p className="item-detail">{w.status === 'offered' ? `A place is offered to you until ${formatDate(w.offerExpiresAt ?? '')}: use the link in the e-mail to claim it.` : `Number ${w.position} in the queue.`}</p>
                <button type="button" className="button button-secondary button-small" onClick={() => act(() => registration.leaveWaitingList(w.event.id), `You left the waiting list of ${w.event.title}.`)}>
                  Leave the waiting list<span className="visually-hidden"> of {w.event.title}</span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </Page>
  );
}
