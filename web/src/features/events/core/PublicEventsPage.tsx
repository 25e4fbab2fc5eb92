import './events-core.css';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { Page } from '../../../components/Page.js';
import { messageOf } from '../../../components/actions.js';
import { useServerValue } from '../../../ssr/data.js';
import { type PublicEventListView, daysPhrase, eventsCore } from './api.js';

type Row = PublicEventListView['upcoming'][number];

function EventItem({ e }: { e: Row }) {
  return (
    <li className="card">
      <h3>
        <Link to={`/events/${encodeURIComponent(e.slug)}`}>{e.title}</Link>
        {e.status === 'cancelled' ? ' (cancelled)' : ''}
      </h3>
      <p>
        {daysPhrase(e.startsOn, e.endsOn)}
        {e.venueName ? `, ${e.venueName}` : e.format === 'online' ? ', online' : ''}
      </p>
      <p>{e.summary}</p>
    </li>
  );
}

/** /events: published events, upcoming first, rendered on the server (server/modules/events/core/pages.ts). */
export function PublicEventsPage() {
  const served = useServerValue<PublicEventListView>('events:list');
  const [list, setList] = useState<PublicEventListView | undefined>(served);
  const [error, setError] = useState('');
  useEffect(() => {
    if (list) return;
    eventsCore.publicList().then(setList, (err: unknown) => setError(messageOf(err)));
  }, [list]);
  return (
    <Page title="Events" lead="Conferences, chapter meetings, webinars and workshops: where members learn, speak and meet.">
      <nav aria-label="Your events">
        <ul className="event-links">
          <li>
            <a href="/events/mine">Your registrations and tickets</a>
          </li>
          <li>
            <a href="/events/talks">Your proposals and talks</a>
          </li>
        </ul>
      </nav>
      {error ? <p role="alert">{error}</p> : null}
      {!list && !error ? <p role="status">Loading…</p> : null}
      {list ? (
        <>
          <h2>Coming up</h2>
          {list.upcoming.length ? <ul className="event-list">{list.upcoming.map((e) => <EventItem key={e.id} e={e} />)}</ul> : <p>No events are announced yet.</p>}
          {list.past.length ? (
            <>
              <h2>Past events</h2>
              <ul className="event-list">{list.past.map((e) => <EventItem key={e.id} e={e} />)}</ul>
            </>
          ) : null}
        </>
      ) : null}
    </Page>
  );
}
