import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { Page } from '../../../components/Page.js';
import { Section, messageOf } from '../../../components/actions.js';
import { Status } from '../../../components/forms.js';
import { formatDate } from '../../../components/format.js';
import { type Mine, type SpeakerFeedback, formatLabels, proposals, slotText } from './api.js';

const statusWords = { submitted: 'Under review', withdrawn: 'Withdrawn', accepted: 'Accepted', rejected: 'Not accepted' } as const;
const speakingWords = { invited: 'Please confirm', confirmed: 'Confirmed', declined: 'Declined' } as const;

/** `/events/talks`: the member's proposals, the sessions they speak at and the feedback on them. */
export function TalksPage() {
  const [mine, setMine] = useState<Mine | null>(null);
  const [feedback, setFeedback] = useState<SpeakerFeedback | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const load = useCallback(() => {
    Promise.all([proposals.mine(), proposals.mySessionFeedback()]).then(([m, f]) => {
      setMine(m);
      setFeedback(f);
    }, (e) => setError(messageOf(e)));
  }, []);
  useEffect(load, [load]);

  const withdraw = async (id: string, title: string) => {
    try {
      await proposals.withdraw(id);
      setStatus(`Withdrew “${title}”.`);
      load();
    } catch (e) {
      setError(messageOf(e));
    }
  };

  if (!mine || !feedback) return <Page title="My talks">{error ? <p className="banner banner-error" role="alert">{error}</p> : <p className="loading" role="status">Loading your talks…</p>}</Page>;
  return (
    <Page title="My talks" lead="Your proposals to events’ calls for presentations, the sessions you speak at, and what attendees said.">
      {error ? <p className="banner banner-error" role="alert">{error}</p> : null}
      <Status message={status} />
      <Section id="proposals" title="Proposals">
        {mine.proposals.length === 0 ? <p>You have not proposed a presentation yet.</p> : (
          <ul className="list">
            {mine.proposals.map((p) => (
              <li key={p.id}>
                <strong>{p.title}</strong> ({formatLabels[p.format]}) for <Link to={`/events/${p.event.slug}`}>{p.event.title}</Link>, submitted {formatDate(p.submittedAt)}: <span className="tag">{statusWords[p.status]}</span>
                {p.session ? <> — {slotText(p.session)}</> : null}
                {p.editable ? (
                  <>
                    {' '}
                    <button type="button" className="button button-secondary button-small" onClick={() => withdraw(p.id, p.title)}>
                      Withdraw “{p.title}”
                    </button>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </Section>
      <Section id="speaking" title="Sessions I speak at">
        {mine.speaking.length === 0 ? <p>No sessions yet.</p> : (
          <ul className="list">
            {mine.speaking.map((s) => (
              <li key={s.speakerId}>
                <strong>{s.sessionTitle}</strong>, {s.event.title}: {slotText(s.slot)} <span className="tag">{speakingWords[s.status]}</span>
                {s.status === 'invited' ? <> — use the link in the invitation mail to confirm.</> : null}
              </li>
            ))}
          </ul>
        )}
      </Section>
      <Section id="feedback" title="Feedback on my sessions">
        {feedback.sessions.length === 0 ? <p>No sessions yet.</p> : feedback.sessions.map((s) => (
          <div key={s.sessionId}>
            <h3>{s.title} ({s.event.title})</h3>
            <p>{s.count === 0 ? 'No feedback yet.' : `${s.count} rating${s.count === 1 ? '' : 's'}, average ${s.meanRating} out of 5.`}</p>
            {s.feedback.filter((f) => f.comment).length ? (
              <ul className="list">
                {s.feedback.filter((f) => f.comment).map((f) => <li key={f.id}>{f.rating}/5: {f.comment}</li>)}
              </ul>
            ) : null}
          </div>
        ))}
      </Section>
    </Page>
  );
}
