import { useCallback, useEffect, useState } from 'react';
import { Problems, Section, messageOf, useAction } from '../../../components/actions.js';
import { formatFee } from '../../../components/application.js';
import { SelectField } from '../../../components/controls.js';
import { Field, Status, Submit } from '../../../components/forms.js';
import { formatDate } from '../../../components/format.js';
import { Page } from '../../../components/Page.js';
import { type GoalSuggestion, type SponsorableMember, type Sponsorship, offerStatus, sponsored, sponsorship } from './api.js';
import { useOrganisationParams } from '../params.js';
import { OrganisationNav } from '../OrganisationNav.js';

const offerLabels = { applicationId: 'Application or ticket', registrationId: 'Application or ticket', note: 'Note to the member' };
const goalLabels = { memberId: 'Member', text: 'Goal', by: 'To reach by' };

/** The organisation's offers to pay fees (and marking them paid), and the goals it suggested to its staff. */
export function SponsorshipPage() {
  const { organisationId = '' } = useOrganisationParams();
  const [members, setMembers] = useState<SponsorableMember[]>([]);
  const [offers, setOffers] = useState<Sponsorship[] | null>(null);
  const [goals, setGoals] = useState<GoalSuggestion[]>([]);
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [offer, setOffer] = useState({ applicationId: '', note: '' });
  const [goal, setGoal] = useState({ memberId: '', text: '', by: '' });
  const offering = useAction('sponsor-offer-');
  const suggesting = useAction('sponsor-goal-');

  const load = useCallback(async () => {
    try {
      const [m, o, g] = await Promise.all([sponsorship.members(organisationId), sponsorship.offers(organisationId), sponsorship.goals(organisationId)]);
      setMembers(m.members);
      setOffers(o.sponsorships);
      setGoals(g.suggestions);
    } catch (err) {
      setError(messageOf(err));
    }
  }, [organisationId]);
  useEffect(() => {
    void load();
  }, [load]);

  const finished = async (message: string) => {
    setDone(message);
    setError(null);
    await load();
  };
  // One list of what may be paid; the value says which kind ("application:<id>", "ticket:<id>").
  const payable = members.flatMap((m) => [
    ...m.applications.map((a) => ({ value: `application:${a.id}`, label: `${m.name}: ${a.levelName} application` })),
    ...m.tickets.map((t) => ({ value: `ticket:${t.registrationId}`, label: `${m.name}: ticket for ${t.eventTitle} (${t.ticketName})` })),
  ]);

  return (
    <Page title="Sponsorship" lead="Pay for your staff’s development: offer to pay an application fee or an event ticket, or suggest a goal for their CPD plan. Only staff whose employment you confirmed are listed.">
      <OrganisationNav organisationId={organisationId} />
      <Status message={done} className="status-success" />
      {error ? (
        <p className="banner banner-error" role="alert">
          {error}
        </p>
      ) : null}
      <Section id="sponsor-offers" title="Fee offers">
        {offers === null && !error ? <p className="loading">Loading…</p> : null}
        {offers?.length === 0 ? <p className="empty">No offers yet.</p> : null}
        <ul className="item-list">
          {(offers ?? []).map((s) => {
            const paid = sponsored(s);
            const what = `${s.member.name}, ${paid.what}`;
            return (
              <li key={s.id} className="item">
                <p className="item-title">
                  {what}
                  {paid.fee ? ` (${formatFee(paid.fee)})` : ''} <span className="tag">{offerStatus[s.status]}</span>
                </p>
                <p className="item-detail">
                  Offered on {formatDate(s.offeredAt)}
                  {s.answeredAt ? ` · answered on ${formatDate(s.answeredAt)}` : ''}
                  {s.paidAt ? ` · paid on ${formatDate(s.paidAt)}` : ''}
                  {s.status === 'accepted' && !s.canMarkPaid ? (s.ticket ? ' · the ticket has no fee left to pay' : ' · the fee is due once the application is approved') : ''}
                </p>
                {s.canMarkPaid ? (
                  <div className="item-actions">
                    <button
                      type="button"
                      className="button button-small"
                      onClick={async () => {
                        try {
                          await sponsorship.markPaid(organisationId, s.id);
                          await finished(`Marked paid: ${what}.`);
                        } catch (err) {
                          setError(messageOf(err));
                        }
                      }}
                    >
                      Mark paid<span className="visually-hidden"> ({what})</span>
                    </button>
                  </div>
                ) : null}
              </li>
            );
          })}
        </ul>
        <form
          className="form"
          noValidate
          onSubmit={offering.run(async () => {
            const [kind, id = ''] = offer.applicationId.split(/:(.*)/);
            const note = offer.note.trim() ? { note: offer.note } : {};
            const made = await sponsorship.offer(organisationId, kind === 'ticket' ? { kind: 'event_ticket', registrationId: id, ...note } : { kind: 'application_fee', applicationId: id, ...note });
            setOffer({ applicationId: '', note: '' });
            await finished(`Offered to pay ${made.member.name}’s ${sponsored(made).what}.`);
          })}
        >
          <h3>Offer to pay a fee</h3>
          <Problems action={offering} labels={offerLabels} />
          <SelectField {...offering.at('applicationId')} error={offering.at('applicationId').error ?? offering.at('registrationId').error} label={offerLabels.applicationId} hint="Open applications and unpaid event tickets of your confirmed staff." value={offer.applicationId} onChange={(v) => setOffer({ ...offer, applicationId: v })}>
            <option value="">Choose an application or a ticket</option>
            {payable.map((a) => (
              <option key={a.value} value={a.value}>
                {a.label}
              </option>
            ))}
          </SelectField>
          <Field {...offering.at('note')} label={offerLabels.note} value={offer.note} onChange={(e) => setOffer({ ...offer, note: e.target.value })} maxLength={500} />
          <Submit busy={offering.busy} busyText="Offering…">
            Offer to pay
          </Submit>
        </form>
      </Section>
      <Section id="sponsor-goals" title="Suggested goals">
        {goals.length === 0 ? <p className="empty">No goals suggested yet.</p> : null}
        <ul className="item-list">
          {goals.map((g) => (
            <li key={g.id} className="item">
              <p className="item-title">
                {g.member.name}: {g.text} <span className="tag">{g.status === 'suggested' ? 'Waiting' : g.status === 'accepted' ? 'Accepted' : 'Declined'}</span>
              </p>
              <p className="item-detail">
                Suggested on {formatDate(g.suggestedAt)}
                {g.by ? ` · by ${formatDate(g.by)}` : ''}
              </p>
            </li>
          ))}
        </ul>
        <form
          className="form"
          noValidate
          onSubmit={suggesting.run(async () => {
            await sponsorship.suggest(organisationId, { memberId: goal.memberId, text: goal.text, ...(goal.by ? { by: goal.by } : {}) });
            setGoal({ memberId: '', text: '', by: '' });
            await finished('Goal suggested; the member is told by e-mail.');
          })}
        >
          <h3>Suggest a goal</h3>
          <Problems action={suggesting} labels={goalLabels} />
          <SelectField {...suggesting.at('memberId')} label={goalLabels.memberId} value={goal.memberId} onChange={(v) => setGoal({ ...goal, memberId: v })}>
            <option value="">Choose a member</option>
            {members.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name}
              </option>
            ))}
          </SelectField>
          <Field {...suggesting.at('text')} label={goalLabels.text} value={goal.text} onChange={(e) => setGoal({ ...goal, text: e.target.value })} maxLength={500} />
          <Field {...suggesting.at('by')} label={goalLabels.by} type="date" className="input input-medium" value={goal.by} onChange={(e) => setGoal({ ...goal, by: e.target.value })} />
          <Submit busy={suggesting.busy} busyText="Suggesting…">
            Suggest the goal
          </Submit>
        </form>
      </Section>
    </Page>
  );
}
