import { useState } from 'react';
import { Problems, useAction } from '../../../components/actions.js';
import { SelectField, TextareaField } from '../../../components/controls.js';
import { Field, Submit } from '../../../components/forms.js';
import { type ProposalRow, type Proposals, formatLabels, levelLabels, proposals, slotText } from './api.js';

/** One proposal: its text, the caller's review form, and for organisers every review and the decision. */
export function ProposalCard({ proposal: p, data, onDone }: { proposal: ProposalRow; data: Proposals; onDone: (message: string) => void }) {
  return (
    <section className="card" aria-labelledby={`p-${p.id}-title`}>
      <h3 id={`p-${p.id}-title`}>{p.title}</h3>
      <p>
        {formatLabels[p.format]}, {levelLabels[p.level]}
        {p.track ? `, ${p.track.name}` : ''} — {p.speakers.map((s) => s.name).join(', ')} <span className="tag">{p.status}</span>
      </p>
      <p style={{ whiteSpace: 'pre-line' }}>{p.abstract}</p>
      {p.session ? <p>In the programme: {slotText(p.session)}</p> : null}
      {data.organiser && p.reviews ? (
        <div>
          <h4>Reviews: {p.reviewCount ? `${p.reviewCount}, mean ${p.meanScore}` : 'none yet'}</h4>
          <ul className="list">
            {p.reviews.map((r) => (
              <li key={r.reviewer.id}>
                {r.reviewer.name}: {r.score}/5 — {r.comment}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {p.status === 'submitted' && !p.ownProposal ? <ReviewForm p={p} onDone={onDone} /> : null}
      {p.ownProposal ? <p className="hint">You are a speaker on this proposal, so you do not review it.</p> : null}
      {data.organiser && p.status === 'submitted' ? <DecisionForm p={p} data={data} onDone={onDone} /> : null}
    </section>
  );
}

function ReviewForm({ p, onDone }: { p: ProposalRow; onDone: (message: string) => void }) {
  const action = useAction(`review-${p.id}-`);
  const [score, setScore] = useState(String(p.myReview?.score ?? ''));
  const [comment, setComment] = useState(p.myReview?.comment ?? '');
  const submit = action.run(async () => {
    await proposals.review(p.id, { score: Number(score), comment });
    onDone(`Saved your review of “${p.title}”.`);
  });
  return (
    <form onSubmit={submit} noValidate className="form">
      <Problems action={action} labels={{ score: 'Score', comment: 'Comment' }} />
      <SelectField {...action.at('score')} label={`Your score for “${p.title}”`} value={score} onChange={setScore}>
        <option value="">Choose…</option>
        {[5, 4, 3, 2, 1].map((n) => <option key={n} value={n}>{n}</option>)}
      </SelectField>
      <TextareaField {...action.at('comment')} label="Your comment for the organisers" value={comment} onChange={setComment} maxLength={5000} />
      <Submit busy={action.busy}>{p.myReview ? 'Change my review' : 'Save review'}</Submit>
    </form>
  );
}

function DecisionForm({ p, data, onDone }: { p: ProposalRow; data: Proposals; onDone: (message: string) => void }) {
  const action = useAction(`decide-${p.id}-`);
  const [v, setV] = useState({ roomId: data.rooms[0]?.id ?? '', trackId: p.track?.id ?? '', startsAt: `${data.event.startsOn}T09:00`, endsAt: `${data.event.startsOn}T10:00` });
  const set = (k: keyof typeof v) => (e: { target: { value: string } } | string) => setV((x) => ({ ...x, [k]: typeof e === 'string' ? e : e.target.value }));
  const accept = action.run(async () => {
    await proposals.decide(p.id, { outcome: 'accept', roomId: v.roomId || null, trackId: v.trackId || null, startsAt: v.startsAt, endsAt: v.endsAt });
    onDone(`Accepted “${p.title}”: the speakers were asked to confirm.`);
  });
  const reject = action.run(async () => {
    await proposals.decide(p.id, { outcome: 'reject' });
    onDone(`Declined “${p.title}”; the submitter was told.`);
  });
  return (
    <form onSubmit={accept} noValidate className="form">
      <h4>Decision</h4>
      <Problems action={action} labels={{ roomId: 'Room', trackId: 'Track', startsAt: 'Starts', endsAt: 'Ends' }} />
      <SelectField {...action.at('roomId')} label="Room" value={v.roomId} onChange={set('roomId')}>
        <option value="">Online (no room)</option>
        {data.rooms.map((r) => <option key={r.id} value={r.id}>{r.name}</option>)}
      </SelectField>
      <SelectField {...action.at('trackId')} label="Track" value={v.trackId} onChange={set('trackId')}>
        <option value="">No track</option>
        {data.tracks.map((t) => <option key={t.id} value={t.id}>{t.name}</option>)}
      </SelectField>
      <Field {...action.at('startsAt')} label={`Starts (${data.event.timeZone})`} type="datetime-local" value={v.startsAt} onChange={set('startsAt')} />
      <Field {...action.at('endsAt')} label={`Ends (${data.event.timeZone})`} type="datetime-local" value={v.endsAt} onChange={set('endsAt')} />
      <div className="actions">
        <Submit busy={action.busy}>Accept into this slot</Submit>
        <button type="button" className="button button-secondary" onClick={() => reject()}>
          Decline “{p.title}”
        </button>
      </div>
    </form>
  );
}
