import { useEffect, useRef, useState } from 'react';
import { useParams } from 'react-router';
import { applicationsSchema } from '../../components/schemas.js';
import { type ReferenceRequestView, references } from '../../api.js';
import { Submit } from '../../components/forms.js';
import { formatDate } from '../../components/format.js';
import { Page } from '../../components/Page.js';
import { Problems, messageOf, useAction } from '../../components/actions.js';
import { ChoiceGroup, TextareaField } from '../../components/controls.js';

const AnswerReferenceBody = applicationsSchema('AnswerReferenceBody');

type Answer = { answer: string; comment: string };

const closed: Record<Exclude<ReferenceRequestView['status'], 'awaiting'>, string> = {
  answered: 'This reference has already been given. Thank you: nothing more is needed.',
  expired: 'This link has expired. If you still want to give the reference, ask the applicant to have it sent again.',
  cancelled: 'This request was cancelled (the application was withdrawn or closed). Nothing more is needed.',
};

/** A referee confirms or disputes each claim made about them, by the mailed link; no account is needed. */
export function ReferencePage() {
  const { token = '' } = useParams();
  const [view, setView] = useState<ReferenceRequestView | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [thanks, setThanks] = useState(false);
  const thanksRef = useRef<HTMLParagraphElement>(null);

  useEffect(() => {
    references
      .get(token)
      .then(setView)
      .catch((err) => setLoadError(messageOf(err)));
  }, [token]);
  useEffect(() => {
    if (thanks) thanksRef.current?.focus();
  }, [thanks]);

  if (loadError) {
    return (
      <Page title="Reference request">
        <p className="banner banner-error" role="alert">
          {loadError}
        </p>
      </Page>
    );
  }
  if (!view) {
    return (
      <Page title="Reference request">
        <p className="loading" role="status">
          Loading the request…
        </p>
      </Page>
    );
  }
  const title = `Reference for ${view.applicantName}`;
  if (thanks || view.status !== 'awaiting') {
    return (
      <Page title={title}>
        <p className="banner" role="status" ref={thanksRef} tabIndex={-1}>
          {thanks ? `Thank you, ${view.refereeName}. Your answers were sent to the assessors; ${view.applicantName} sees only that you answered.` : closed[view.status as keyof typeof closed]}
        </p>
      </Page>
    );
  }
  return (
    <Page
      title={title}
      lead={`${view.applicantName} has applied for ${view.levelName} and named you (${view.relationship}) as a referee. Please confirm or dispute each statement below.`}
    >
      <p className="hint">
        Your answers and comments go to the assessors only. This link works once, until {formatDate(view.expiresAt)}.
      </p>
      <AnswerForm token={token} view={view} onDone={() => setThanks(true)} />
    </Page>
  );
}

function AnswerForm({ token, view, onDone }: { token: string; view: ReferenceRequestView; onDone: () => void }) {
  const action = useAction('ref-');
  const [answers, setAnswers] = useState<Answer[]>(view.claims.map(() => ({ answer: '', comment: '' })));
  const set = (i: number, patch: Partial<Answer>) => setAnswers((a) => a.map((x, n) => (n === i ? { ...x, ...patch } : x)));
  const body = {
    answers: view.claims.map((c, i) => ({
      claimId: c.claimId,
      answer: (answers[i]?.answer || undefined) as 'confirm' | 'dispute',
      comment: answers[i]?.comment ?? '',
    })),
  };
  const labels: Record<string, string> = {};
  view.claims.forEach((_, i) => {
    labels[`answers.${i}.answer`] = `Statement ${i + 1}`;
    labels[`answers.${i}.comment`] = `Comment on statement ${i + 1}`;
  });
  const submit = action.run(
    async () => {
      await references.answer(token, body);
      onDone();
    },
    { schema: AnswerReferenceBody, body },
  );
  return (
    <form onSubmit={submit} noValidate className="form">
      <Problems action={action} labels={labels} />
      <ol className="claim-list">
        {view.claims.map((c, i) => {
          const a = answers[i] ?? { answer: '', comment: '' };
          return (
            <li key={c.claimId} className="card claim">
              <h2 className="claim-title">Statement {i + 1}</h2>
              <p className="claim-summary">{c.summary}</p>
              <ChoiceGroup
                {...action.at(`answers.${i}.answer`)}
                label={`Is statement ${i + 1} true?`}
                className="choices choices-row"
                value={a.answer}
                onChange={(v) => set(i, { answer: v })}
                options={[
                  { value: 'confirm', label: 'Confirm' },
                  { value: 'dispute', label: 'Dispute' },
                ]}
              />
              <TextareaField
                {...action.at(`answers.${i}.comment`)}
                label={a.answer === 'dispute' ? `What you dispute in statement ${i + 1}` : `Comment on statement ${i + 1} (optional)`}
                hint={a.answer === 'dispute' ? 'Required when you dispute: say what is not right.' : undefined}
                value={a.comment}
                onChange={(v) => set(i, { comment: v })}
                maxLength={4000}
              />
            </li>
          );
        })}
      </ol>
      <Submit busy={action.busy}>Send reference</Submit>
    </form>
  );
}
