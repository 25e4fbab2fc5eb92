import { useCallback, useEffect, useState } from 'react';
import { Page } from '../../../components/Page.js';
import { Problems, messageOf, useAction } from '../../../components/actions.js';
import { SelectField, TextareaField } from '../../../components/controls.js';
import { Status, Submit } from '../../../components/forms.js';
import { useEventParams } from '../params.js';
import { type Attended, proposals, slotText } from './api.js';

/** `/events/:slug/feedback`: an attendee rates the sessions they were checked in to. */
export function FeedbackPage() {
  const { slug = '' } = useEventParams();
  const [data, setData] = useState<Attended | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const load = useCallback(() => proposals.attended(slug).then(setData, (e) => setError(messageOf(e))), [slug]);
  useEffect(() => {
    load();
  }, [load]);
  if (!data) return <Page title="Session feedback">{error ? <p className="banner banner-error" role="alert">{error}</p> : <p className="loading" role="status">Loading your sessions…</p>}</Page>;
  return (
    <Page title={`Session feedback: ${data.event.title}`} lead="Rate the sessions you were checked in to. Speakers see your rating and comment without your name.">
      <Status message={status} />
      {data.sessions.length === 0 ? <p>You were not checked in to any session of this event, so there is nothing to rate.</p> : null}
      {data.sessions.map((s) => (
        <section key={s.id} className="card" aria-labelledby={`fb-${s.id}-title`}>
          <h2 id={`fb-${s.id}-title`}>{s.title}</h2>
          <p>{slotText({ ...s, timeZone: data.event.timeZone })}</p>
          <RateForm session={s} onDone={(m) => { setStatus(m); load(); }} />
        </section>
      ))}
    </Page>
  );
}

function RateForm({ session, onDone }: { session: Attended['sessions'][number]; onDone: (message: string) => void }) {
  const action = useAction(`fb-${session.id}-`);
  const [rating, setRating] = useState(String(session.myFeedback?.rating ?? ''));
  const [comment, setComment] = useState(session.myFeedback?.comment ?? '');
  const submit = action.run(async () => {
    await proposals.feedback(session.id, { rating: Number(rating), comment });
    onDone(`Saved your feedback on “${session.title}”.`);
  });
  return (
    <form onSubmit={submit} noValidate className="form">
      <Problems action={action} labels={{ rating: 'Rating', comment: 'Comment' }} />
      <SelectField {...action.at('rating')} label={`Rating of “${session.title}”`} value={rating} onChange={setRating}>
        <option value="">Choose…</option>
        {[5, 4, 3, 2, 1].map((n) => <option key={n} value={n}>{n} out of 5</option>)}
      </SelectField>
      <TextareaField {...action.at('comment')} label="Comment (optional)" value={comment} onChange={setComment} maxLength={2000} />
      <Submit busy={action.busy}>{session.myFeedback ? 'Replace my feedback' : 'Send feedback'}</Submit>
    </form>
  );
}
