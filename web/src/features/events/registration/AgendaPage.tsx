import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { Section, messageOf } from '../../../components/actions.js';
import { Status } from '../../../components/forms.js';
import { Page } from '../../../components/Page.js';
import { useEventParams } from '../params.js';
import { type MyAgenda, inZone, registration } from './api.js';
import { ErrorBanner } from './ErrorBanner.js';
import './registration.css';

/** /events/:slug/agenda: choose sessions (each within its capacity) and follow them in a calendar program. */
export function AgendaPage() {
  const { slug = '' } = useEventParams();
  const [agenda, setAgenda] = useState<MyAgenda | null>(null);
  const [missing, setMissing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState('');
  const [feedUrl, setFeedUrl] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const o = await registration.options(slug);
      if (!o.mine || o.mine.status !== 'confirmed') return setMissing(true);
      setAgenda(await registration.agenda(o.mine.id));
    } catch (err) {
      setError(messageOf(err));
    }
  }, [slug]);
  useEffect(() => {
    void load();
  }, [load]);

  const act = async (work: () => Promise<MyAgenda | unknown>, done: string) => {
    try {
      const out = await work();
      if (out && typeof out === 'object' && 'sessions' in out) setAgenda(out as MyAgenda);
      setError(null);
      setMessage(done);
    } catch (err) {
      setError(messageOf(err));
    }
  };

  if (missing)
    return (
      <Page title="My agenda">
        <p>
          Register first to choose sessions: <Link to={`/events/${encodeURIComponent(slug)}/register`}>register</Link>.
        </p>
      </Page>
    );
  const tz = agenda?.event.timeZone ?? 'UTC';
  return (
    <Page title={agenda ? `My agenda: ${agenda.event.title}` : 'My agenda'} lead={agenda ? `Times are in the event’s time zone (${tz}).` : undefined}>
      <Status message={message} />
      <ErrorBanner error={error} />
      {!agenda && !error ? <p className="loading">Loading…</p> : null}
      {agenda ? (
        <>
          <Section id="agenda-sessions" title="Sessions">
            <ul className="item-list">
              {agenda.sessions.map((s) => {
                const full = s.capacity !== null && s.taken >= s.capacity && !s.chosen;
                return (
                  <li key={s.id} className="item agenda-session">
                    <div>
                      <p className="item-title">
                        {s.title} {s.chosen ? <span className="tag">In my agenda</span> : null}
                      </p>
                      <p className="item-detail">
                        {inZone(s.startsAt, tz)}–{inZone(s.endsAt, tz).split(' ').pop()}
                        {s.room ? ` · ${s.room}` : ''}
                        {s.track ? ` · ${s.track}` : ''}
                        {s.capacity !== null ? ` · ${s.taken} of ${s.capacity} places taken` : ''}
                      </p>
                    </div>
                    {s.chosen ? (
                      <button type="button" className="button button-secondary button-small" onClick={() => act(() => registration.removeSession(agenda.registrationId, s.id), `Removed “${s.title}” from your agenda.`)}>
                        Remove<span className="visually-hidden"> {s.title}</span>
                      </button>
                    ) : (
                      <button type="button" className="button button-small" disabled={full} onClick={() => act(() => registration.addSession(agenda.registrationId, s.id), `Added “${s.title}” to your agenda.`)}>
                        {full ? 'Full' : 'Add'}
                        <span className="visually-hidden"> {s.title}</span>
                      </button>
                    )}
                  </li>
                );
              })}
            </ul>
          </Section>
          <Section id="agenda-feed" title="In your calendar">
            <p>Follow your agenda in a calendar program with a private address. Anyone with the address sees your agenda; make a new one to retire it.</p>
            {feedUrl ? (
              <p>
                <label htmlFor="feed-url">Your calendar address</label>
                <input id="feed-url" className="input" readOnly value={feedUrl} onFocus={(e) => e.target.select()} />
              </p>
            ) : null}
            <div className="item-actions">
              <button type="button" className="button button-small" onClick={() => act(async () => setFeedUrl((await registration.makeFeed(agenda.registrationId)).url), agenda.hasFeed ? 'A new calendar address replaces the old one.' : 'Your calendar address is ready.')}>
                {agenda.hasFeed || feedUrl ? 'Make a new calendar address' : 'Make a calendar address'}
              </button>
              {agenda.hasFeed || feedUrl ? (
                <button
                  type="button"
                  className="button button-secondary button-small"
                  onClick={() =>
                    act(async () => {
                      await registration.revokeFeed(agenda.registrationId);
                      setFeedUrl(null);
                      setAgenda({ ...agenda, hasFeed: false });
                    }, 'The calendar address is turned off.')
                  }
                >
                  Turn off the calendar address
                </button>
              ) : null}
            </div>
          </Section>
        </>
      ) : null}
    </Page>
  );
}
