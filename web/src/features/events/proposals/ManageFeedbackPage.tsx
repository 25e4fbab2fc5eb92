import { useEffect, useState } from 'react';
import { Page } from '../../../components/Page.js';
import { messageOf } from '../../../components/actions.js';
import { ManageNav } from '../ManageNav.js';
import { useEventParams } from '../params.js';
import { type FeedbackList, proposals } from './api.js';

/** `/events/manage/:eventId/feedback`: every session's feedback, and its CSV export. */
export function ManageFeedbackPage() {
  const { eventId = '' } = useEventParams();
  const [data, setData] = useState<FeedbackList | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    proposals.eventFeedback(eventId).then(setData, (e) => setError(messageOf(e)));
  }, [eventId]);
  const rated = data?.sessions.filter((s) => s.count > 0) ?? [];
  return (
    <Page title="Session feedback">
      <ManageNav eventId={eventId} />
      {error ? <p className="banner banner-error" role="alert">{error}</p> : null}
      {!data && !error ? <p className="loading" role="status">Loading the feedback…</p> : null}
      {data ? (
        <>
          <p>
            <a className="button button-secondary" href={proposals.feedbackCsvUrl(eventId)} download>
              Download all feedback (CSV)
            </a>
          </p>
          {rated.length === 0 ? <p>No feedback yet.</p> : null}
          {rated.map((s) => (
            <section key={s.sessionId} className="card" aria-labelledby={`s-${s.sessionId}`}>
              <h2 id={`s-${s.sessionId}`}>{s.title}</h2>
              <p>
                {s.count} rating{s.count === 1 ? '' : 's'}, average {s.meanRating} out of 5
              </p>
              <ul className="list">
                {s.feedback.map((f) => (
                  <li key={f.id}>
                    {f.attendee.name}: {f.rating}/5{f.comment ? ` — ${f.comment}` : ''}
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
