import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { applicationsSchema } from '../../components/schemas.js';
import { type ApplicationView, applications, portfolio } from '../../api.js';
import { Submit } from '../../components/forms.js';
import { ChoiceGroup, TextareaField } from '../../components/controls.js';
import type { EvidenceSummary } from '../../../../contracts/portfolio-api.js';
import { Problems, messageOf, useAction } from '../../components/actions.js';

const AppealBody = applicationsSchema('AppealBody');
const RespondInformationBody = applicationsSchema('RespondInformationBody');
const WithdrawBody = applicationsSchema('WithdrawBody');

type Done = (view: ApplicationView, message: string) => void;
type Request = ApplicationView['informationRequests'][number];

/** The applicant's answer to an assessor's question, with evidence chosen from the portfolio. */
export function RespondForm({ app, request, onDone }: { app: ApplicationView; request: Request; onDone: Done }) {
  const action = useAction(`respond-${request.id}-`);
  const [response, setResponse] = useState('');
  const [chosen, setChosen] = useState('');
  const [evidence, setEvidence] = useState<EvidenceSummary[] | null>(null);
  const [evidenceError, setEvidenceError] = useState<string | null>(null);
  useEffect(() => {
    portfolio
      .get()
      .then((v) => setEvidence(v.evidence))
      .catch((err) => setEvidenceError(messageOf(err)));
  }, []);
  const body = { response, evidenceIds: chosen.split(',').filter(Boolean) };
  const submit = action.run(
    async () => onDone(await applications.respond(app.id, request.id, body), 'Your answer was sent to the assessor.'),
    { schema: RespondInformationBody, body },
  );
  return (
    <form onSubmit={submit} noValidate className="form">
      <Problems action={action} labels={{ response: 'Your answer', evidenceIds: 'Evidence' }} />
      <TextareaField {...action.at('response')} label="Your answer" value={response} onChange={setResponse} maxLength={8000} />
      {evidenceError ? <p className="banner banner-error">Your evidence could not be loaded: {evidenceError}</p> : null}
      {evidence?.length ? (
        <ChoiceGroup
          {...action.at('evidenceIds')}
          label="Evidence to send with it (optional)"
          hint={
            <>
              From your portfolio. To send something new, <Link to="/portfolio">add it to your portfolio</Link> first, then come back.
            </>
          }
          multiple
          value={chosen}
          onChange={setChosen}
          options={evidence.map((e) => ({ value: e.id, label: e.title }))}
        />
      ) : null}
      <Submit busy={action.busy}>Send answer</Submit>
    </form>
  );
}

/** One appeal per decision: the grounds go to a different assessor. */
export function AppealForm({ app, onDone }: { app: ApplicationView; onDone: Done }) {
  const action = useAction('appeal-');
  const [grounds, setGrounds] = useState('');
  const submit = action.run(async () => onDone(await applications.appeal(app.id, grounds), 'Your appeal was sent. A different assessor will look at it.'), {
    schema: AppealBody,
    body: { grounds },
  });
  return (
    <form onSubmit={submit} noValidate className="form">
      <Problems action={action} labels={{ grounds: 'Grounds of appeal' }} />
      <TextareaField
        {...action.at('grounds')}
        label="Grounds of appeal"
        hint="Say which part of the decision you think is wrong and why. You can appeal once."
        value={grounds}
        onChange={setGrounds}
        maxLength={8000}
      />
      <Submit busy={action.busy}>Send appeal</Submit>
    </form>
  );
}

/** Withdrawing asks once more before it happens; focus moves to the question. */
export function WithdrawControl({ app, onDone }: { app: ApplicationView; onDone: Done }) {
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  const action = useAction('withdraw-');
  const question = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (asking) question.current?.focus();
  }, [asking]);
  if (!asking) {
    return (
      <button type="button" className="button button-secondary" onClick={() => setAsking(true)}>
        Withdraw application
      </button>
    );
  }
  const body = reason.trim() ? { reason } : {};
  const submit = action.run(async () => onDone(await applications.withdraw(app.id, reason.trim() || undefined), 'Your application was withdrawn.'), {
    schema: WithdrawBody,
    body,
  });
  return (
    <form onSubmit={submit} noValidate className="form confirm-box">
      <h3 ref={question} tabIndex={-1}>
        Withdraw your application for {app.levelName}?
      </h3>
      <p>Assessors stop work on it and it cannot be reopened. You can apply again later.</p>
      <Problems action={action} labels={{ reason: 'Reason' }} />
      <TextareaField {...action.at('reason')} label="Reason (optional)" value={reason} onChange={setReason} maxLength={2000} />
      <div className="button-row">
        <Submit busy={action.busy} className="button button-danger" busyText="Withdrawing…">
          Yes, withdraw
        </Submit>
        <button type="button" className="button button-secondary" onClick={() => setAsking(false)}>
          Keep my application
        </button>
      </div>
    </form>
  );
}

/** A nominee's consent to go forward on a nomination (Fellow). */
export function ConsentControl({ app, onDone }: { app: ApplicationView; onDone: Done }) {
  const action = useAction('consent-');
  const submit = action.run(async () => onDone(await applications.consent(app.id), 'Thank you: your consent was recorded.'));
  return (
    <form onSubmit={submit} noValidate className="form">
      <Problems action={action} labels={{}} />
      <p>You were nominated for {app.levelName}. If you agree, your portfolio as it is now goes to the panel with the nominations.</p>
      <Submit busy={action.busy}>I consent to this nomination</Submit>
    </form>
  );
}
