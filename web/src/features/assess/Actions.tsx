import { useState } from 'react';
import { applicationsSchema } from '../../components/schemas.js';
import { type ApplicationView, assessment } from '../../api.js';
import { Submit } from '../../components/forms.js';
import { Check, Problems, useAction } from '../../components/actions.js';
import { ChoiceGroup, SelectField, TextareaField } from '../../components/controls.js';
import type { Assessment } from './Snapshot.js';

const ConflictBody = applicationsSchema('ConflictBody');
const DecideAppealBody = applicationsSchema('DecideAppealBody');
const DecideBody = applicationsSchema('DecideBody');
const RecommendBody = applicationsSchema('RecommendBody');
const RequestInformationBody = applicationsSchema('RequestInformationBody');

type Done = (v: ApplicationView, m: string) => void;
type Props = { app: ApplicationView; onDone: Done };

/** A question to the applicant; the clock pauses until they answer. */
export function AskForm({ app, onDone }: Props) {
  const action = useAction('ask-');
  const [question, setQuestion] = useState('');
  const submit = action.run(
    async () => {
      onDone(await assessment.ask(app.id, question), 'Your question was sent to the applicant. The clock is paused until they answer.');
      setQuestion('');
    },
    { schema: RequestInformationBody, body: { question } },
  );
  return (
    <form onSubmit={submit} noValidate className="form">
      <Problems action={action} labels={{ question: 'Question' }} />
      <TextareaField {...action.at('question')} label="Question" hint="The applicant can answer in words and add evidence." value={question} onChange={setQuestion} maxLength={4000} />
      <Submit busy={action.busy}>Send question</Submit>
    </form>
  );
}

/**
 * An outcome with reasons: an assessor's recommendation, or (with `decide`) the scheme administrator's
 * decision, optionally as a panel. "Award at another level" sends the chosen level.
 */
export function OutcomeForm({ app, a, decide, onDone }: Props & { a: Assessment; decide?: boolean }) {
  const prefix = decide ? 'decide-' : 'recommend-';
  const action = useAction(prefix, (k) => (k === 'outcome' ? 'choice' : k));
  const [choice, setChoice] = useState('');
  const [levelId, setLevelId] = useState('');
  const [reasons, setReasons] = useState('');
  const [panel, setPanel] = useState(app.nominations.required > 0);
  const others = a.levels.filter((l) => l.id !== app.levelId);
  const body = {
    outcome: (choice === 'other' ? 'award' : choice || undefined) as 'award' | 'decline',
    ...(choice === 'other' ? { levelId } : {}),
    reasons,
    ...(decide ? { panel } : {}),
  };
  const labels = { choice: 'Outcome', levelId: 'Level to award', reasons: 'Reasons', panel: 'Panel' };
  const submit = action.run(
    async () => {
      const v = decide ? await assessment.decide(app.id, body) : await assessment.recommend(app.id, body);
      onDone(v, decide ? 'The decision was recorded and the applicant told.' : 'Your recommendation was recorded.');
    },
    { schema: decide ? DecideBody : RecommendBody, body },
  );
  return (
    <form onSubmit={submit} noValidate className="form">
      <Problems action={action} labels={labels} />
      <ChoiceGroup
        {...action.at('choice')}
        label={decide ? 'Decision' : 'Your recommendation'}
        value={choice}
        onChange={setChoice}
        options={[
          { value: 'award', label: `Award ${app.levelName}` },
          ...(others.length ? [{ value: 'other', label: 'Award at another level' }] : []),
          { value: 'decline', label: 'Decline' },
        ]}
      />
      {choice === 'other' ? (
        <SelectField {...action.at('levelId')} label="Level to award" value={levelId} onChange={setLevelId}>
          <option value="">Choose a level</option>
          {others.map((l) => (
            <option key={l.id} value={l.id}>
              {l.name}
            </option>
          ))}
        </SelectField>
      ) : null}
      <TextareaField {...action.at('reasons')} label="Reasons" hint="The applicant reads these with the outcome." value={reasons} onChange={setReasons} maxLength={8000} />
      {decide ? <Check action={action} name="panel" checked={panel} onChange={setPanel} label="Recorded as a panel decision (required for levels decided by a panel)" /> : null}
      <Submit busy={action.busy}>{decide ? 'Record decision' : 'Send recommendation'}</Submit>
    </form>
  );
}

/** An assessor with a conflict of interest hands the application back; it is assigned to someone else. */
export function ConflictForm({ app, onDone }: Props) {
  const action = useAction('conflict-');
  const [reason, setReason] = useState('');
  const submit = action.run(async () => onDone(await assessment.conflict(app.id, reason), 'You handed the application back; it goes to another assessor.'), {
    schema: ConflictBody,
    body: { reason },
  });
  return (
    <form onSubmit={submit} noValidate className="form">
      <Problems action={action} labels={{ reason: 'The conflict' }} />
      <TextareaField {...action.at('reason')} label="The conflict" hint="For example: we worked for the same employer in the last three years." value={reason} onChange={setReason} maxLength={2000} />
      <Submit busy={action.busy} className="button button-danger">
        Declare the conflict and hand back
      </Submit>
    </form>
  );
}

/** Fees are recorded, not charged: the scheme administrator records the payment, and the credential follows. */
export function FeePaidControl({ app, onDone }: Props) {
  const action = useAction('fee-');
  const submit = action.run(async () => onDone(await assessment.markFeePaid(app.id), 'The fee is recorded as paid.'));
  return (
    <form onSubmit={submit} noValidate className="form">
      <Problems action={action} labels={{}} />
      <Submit busy={action.busy}>Mark the fee paid</Submit>
    </form>
  );
}

/** The appeal assessor: does the decision stand? */
export function AppealDecisionForm({ app, onDone }: Props) {
  const action = useAction('appeal-decision-');
  const [uphold, setUphold] = useState('');
  const [reasons, setReasons] = useState('');
  const body = { uphold: uphold === '' ? undefined : uphold === 'yes', reasons };
  const submit = action.run(async () => onDone(await assessment.decideAppeal(app.id, body as { uphold: boolean; reasons: string }), 'Your decision on the appeal was recorded.'), {
    schema: DecideAppealBody,
    body,
  });
  return (
    <form onSubmit={submit} noValidate className="form">
      <Problems action={action} labels={{ uphold: 'Outcome of the appeal', reasons: 'Reasons' }} />
      <ChoiceGroup
        {...action.at('uphold')}
        label="Outcome of the appeal"
        value={uphold}
        onChange={setUphold}
        options={[
          { value: 'yes', label: 'The decision stands (uphold it)' },
          { value: 'no', label: 'Overturn the decision' },
        ]}
      />
      <TextareaField {...action.at('reasons')} label="Reasons" value={reasons} onChange={setReasons} maxLength={8000} />
      <Submit busy={action.busy}>Record the appeal decision</Submit>
    </form>
  );
}
