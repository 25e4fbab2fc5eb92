import './events-core.css';
import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Page } from '../../../components/Page.js';
import { messageOf } from '../../../components/actions.js';
import { useForm } from '../../../components/forms.js';
import { EventForm, eventBody, emptyEvent } from './EventForm.js';
import { type EventRow, daysPhrase, eventsCore } from './api.js';

/** /events/manage: every event (drafts too) and a form to create one. */
export function ManageEventsPage() {
  const [events, setEvents] = useState<EventRow[] | null>(null);
  const [error, setError] = useState('');
  const navigate = useNavigate();
  const form = useForm(emptyEvent, 'new-event-');
  useEffect(() => {
    eventsCore.list().then((r) => setEvents(r.events), (err: unknown) => setError(messageOf(err)));
  }, []);
  const onSubmit = form.submit(async (v) => {
    const created = await eventsCore.create(eventBody(v, false));
    navigate(`/events/manage/${encodeURIComponent(created.id)}`);
  });
  return (
    <Page title="Organise events">
      {error ? <p role="alert">{error}</p> : null}
      <h2>Events</h2>
      {!events && !error ? <p role="status">Loading…</p> : null}
      {events?.length === 0 ? <p>No events yet.</p> : null}
      {events?.length ? (
        <ul className="event-list">
          {events.map((e) => (
            <li key={e.id} className="card">
              <h3>
                <Link to={`/events/manage/${encodeURIComponent(e.id)}`}>{e.title}</Link>
              </h3>
              <p>
                {daysPhrase(e.startsOn, e.endsOn)} · {e.status} · {e.sessions} session{e.sessions === 1 ? '' : 's'}
              </p>
            </li>
          ))}
        </ul>
      ) : null}
      <h2>Create an event</h2>
      <p>It starts as a draft: only organisers see it until you publish it.</p>
      <EventForm form={form} onSubmit={onSubmit} action="Create the event" />
    </Page>
  );
}
