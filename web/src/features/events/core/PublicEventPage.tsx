import './events-core.css';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { Page } from '../../../components/Page.js';
import { messageOf } from '../../../components/actions.js';
import { useServerValue } from '../../../ssr/data.js';
import { useEventParams } from '../params.js';
import { type PublicEventView, clockOf, dayName, daysPhrase, eventsCore } from './api.js';

/** What the server rendered the page with (server/modules/events/core/pages.ts). */
type Served = { event: PublicEventView } | { error: string };

const formatWord = { talk: 'Talk', panel: 'Panel', workshop: 'Workshop', keynote: 'Keynote' } as const;
const tierWord: Record<string, string> = { platinum: 'Platinum', gold: 'Gold', silver: 'Silver', bronze: 'Bronze', supporter: 'Supporters' };
const money = (minor: number, currency: string) => (minor === 0 ? 'free' : new Intl.NumberFormat('en-GB', { style: 'currency', currency }).format(minor / 100));

function Programme({ e }: { e: PublicEventView }) {
  if (!e.days.length) return <p>The programme is not published yet.</p>;
  return (
    <>
      {e.days.map((d) => (
        <section key={d.date} className="programme-day" aria-labelledby={`day-${d.date}`}>
          <h3 id={`day-${d.date}`}>{dayName(d.date)}</h3>
          <ul className="programme">
            {d.sessions.map((s) => (
              <li key={s.id} id={`session-${s.id}`} className="card programme-session">
                <p className="programme-when">
                  <time dateTime={s.startsAt.utc}>{clockOf(s.startsAt.local)}</time>–<time dateTime={s.endsAt.utc}>{clockOf(s.endsAt.local)}</time>
                  {s.room ? `, ${s.room}` : ''}
                </p>
                <h4>{s.title}</h4>
                <p className="programme-meta">
                  {formatWord[s.format]}
                  {s.track ? ` · ${s.track} track` : ''}
                  {` · ${s.cpdHours} CPD hour${s.cpdHours === 1 ? '' : 's'}`}
                </p>
                {s.speakers.length ? <p>With {s.speakers.map((x) => x.name).join(', ')}</p> : null}
                <p>{s.abstract}</p>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </>
  );
}

/** /events/:slug: an event's public page, readable without a script (rendered on the server). */
export function PublicEventPage() {
  const { slug = '' } = useEventParams();
  const served = useServerValue<Served>(`event:${slug}`);
  const [value, setValue] = useState<Served | undefined>(served);
  useEffect(() => {
    if (value) return;
    eventsCore.publicEvent(slug).then(
      (event) => setValue({ event }),
      (err: unknown) => setValue({ error: messageOf(err) }),
    );
  }, [slug, value]);
  if (!value) return <Page title="Event">{<p role="status">Loading…</p>}</Page>;
  if ('error' in value) {
    return (
      <Page title="Event not found">
        <p>{value.error}</p>
        <p>
          <Link to="/events">See every event</Link>
        </p>
      </Page>
    );
  }
  const e = value.event;
  const base = `/events/${encodeURIComponent(e.slug)}`;
  const open = e.status === 'published';
  return (
    <Page title={e.title} lead={e.summary}>
      <dl className="event-facts">
        <dt>When</dt>
        <dd>
          {daysPhrase(e.startsOn, e.endsOn)} (times in {e.timeZone})
        </dd>
        <dt>Where</dt>
        <dd>{[e.venueName, e.venueAddress].filter(Boolean).join(', ') || 'Online'}{e.format === 'hybrid' ? ', and online' : ''}</dd>
        <dt>Organised by</dt>
        <dd>{e.organizer}</dd>
        {e.status !== 'published' ? (
          <>
            <dt>Status</dt>
            <dd>{e.status === 'cancelled' ? 'Cancelled' : 'Closed'}</dd>
          </>
        ) : null}
      </dl>
      <p className="event-actions">
        {open ? (
          <a className="button" href={`${base}/register`}>
            Register
          </a>
        ) : null}
        <a className="button button-secondary" href={`${base}/programme.ics`}>
          Add to calendar
        </a>
      </p>
      <nav aria-label="Taking part">
        <ul className="event-links">
          <li>
            <a href={`${base}/ticket`}>Your ticket, badge and check-in code</a>
          </li>
          <li>
            <a href={`${base}/agenda`}>Choose your sessions</a>
          </li>
          {open ? (
            <li>
              <a href={`${base}/propose`}>Propose a talk (while the call for presentations is open)</a>
            </li>
          ) : null}
          <li>
            <a href={`${base}/feedback`}>Rate the sessions you attended</a>
          </li>
          <li>
            <a href={`${base}/attendance`}>Your attendance, certificate and credential</a>
          </li>
          <li>
            <a href={`${base}/exhibitors`}>Exhibitors and sponsors</a>
          </li>
        </ul>
      </nav>
      {e.tickets.length && open ? (
        <>
          <h2>Tickets</h2>
          <ul>
            {e.tickets.map((t) => (
              <li key={t.name}>
                {t.name}: {money(t.priceMinor, t.currency)}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h2>Programme</h2>
      <Programme e={e} />
      {e.speakers.length ? (
        <>
          <h2>Speakers</h2>
          <ul>
            {e.speakers.map((s) => (
              <li key={`${s.name}-${s.sessions.join()}`}>
                <strong>{s.name}</strong>
                {s.bio ? `: ${s.bio}` : ''}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {e.exhibitors.length ? (
        <>
          <h2>Sponsors and exhibitors</h2>
          {e.exhibitors.map((t) => (
            <section key={t.tier} aria-labelledby={`tier-${t.tier}`}>
              <h3 id={`tier-${t.tier}`}>{tierWord[t.tier] ?? t.tier}</h3>
              <ul className="tier-list">
                {t.organisations.map((o) => (
                  <li key={o.name}>
                    {o.website ? (
                      <a href={o.website} rel="noopener nofollow">
                        {o.name}
                      </a>
                    ) : (
                      o.name
                    )}
                    {o.stand ? ` (stand ${o.stand})` : ''}
                  </li>
                ))}
              </ul>
            </section>
          ))}
        </>
      ) : null}
    </Page>
  );
}
