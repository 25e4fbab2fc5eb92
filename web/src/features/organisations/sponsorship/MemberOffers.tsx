import { useCallback, useEffect, useState } from 'react';
import { Section, messageOf } from '../../../components/actions.js';
import { formatFee } from '../../../components/application.js';
import { formatDate } from '../../../components/format.js';
import { type GoalSuggestion, type Sponsorship, offerStatus, sponsored, sponsorship } from './api.js';

/** What employers offer the member: to pay an application fee or an event ticket, and goals for their CPD plan; each to accept or decline. */
export function MemberOffers({ onDone }: { onDone: (message: string) => void }) {
  const [offers, setOffers] = useState<Sponsorship[]>([]);
  const [goals, setGoals] = useState<GoalSuggestion[]>([]);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const [o, g] = await Promise.all([sponsorship.myOffers(), sponsorship.myGoals()]);
      setOffers(o.sponsorships);
      setGoals(g.suggestions);
    } catch (err) {
      setError(messageOf(err));
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const answer = async (work: () => Promise<unknown>, message: string) => {
    try {
      await work();
      setError(null);
      onDone(message);
      await load();
    } catch (err) {
      setError(messageOf(err));
    }
  };

  return (
    <>
      {error ? (
        <p className="banner banner-error" role="alert">
          {error}
        </p>
      ) : null}
      <Section id="employment-offers" title="Offers to pay your fees">
        {offers.length === 0 ? <p className="empty">No organisation has offered to pay a fee of yours.</p> : null}
        <ul className="item-list">
          {offers.map((s) => {
            const paid = sponsored(s);
            const what = `${s.organisation.name}: your ${paid.what}`;
            return (
              <li key={s.id} className="item">
                <p className="item-title">
                  {what}
                  {paid.fee ? ` (${formatFee(paid.fee)})` : ''} <span className="tag">{offerStatus[s.status]}</span>
                </p>
                <p className="item-detail">
                  Offered on {formatDate(s.offeredAt)}
                  {s.note ? ` · “${s.note}”` : ''}
                  {s.paidAt ? ` · paid on ${formatDate(s.paidAt)}` : ''}
                </p>
                {s.status === 'offered' ? (
                  <div className="item-actions">
                    <button type="button" className="button button-small" onClick={() => answer(() => sponsorship.answerOffer(s.id, 'accept'), `Accepted: ${s.organisation.name} pays your fee.`)}>
                      Accept<span className="visually-hidden"> {what}</span>
                    </button>
                    <button type="button" className="button button-secondary button-small" onClick={() => answer(() => sponsorship.answerOffer(s.id, 'decline'), `Declined the offer of ${s.organisation.name}.`)}>
                      Decline<span className="visually-hidden"> {what}</span>
                    </button>
                  </div>
                ) : null}
              </li>
            );
          })}
        </ul>
      </Section>
      <Section id="employment-goals" title="Goals suggested for your CPD plan">
        {goals.length === 0 ? <p className="empty">No goals suggested.</p> : null}
        <ul className="item-list">
          {goals.map((g) => (
            <li key={g.id} className="item">
              <p className="item-title">
                {g.text} <span className="tag">{g.status === 'suggested' ? 'Suggested' : g.status === 'accepted' ? 'In your plan' : 'Declined'}</span>
              </p>
              <p className="item-detail">
                From {g.organisation.name} on {formatDate(g.suggestedAt)}
                {g.by ? ` · by ${formatDate(g.by)}` : ''}
              </p>
              {g.status === 'suggested' ? (
                <div className="item-actions">
                  <button type="button" className="button button-small" onClick={() => answer(() => sponsorship.answerGoal(g.id, 'accept'), 'Added the goal to your CPD plan.')}>
                    Add to my plan<span className="visually-hidden"> ({g.text})</span>
                  </button>
                  <button type="button" className="button button-secondary button-small" onClick={() => answer(() => sponsorship.answerGoal(g.id, 'decline'), 'Declined the goal.')}>
                    Decline<span className="visually-hidden"> ({g.text})</span>
                  </button>
                </div>
              ) : null}
            </li>
          ))}
        </ul>
      </Section>
    </>
  );
}
