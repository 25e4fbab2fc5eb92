import { useCallback, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import type { ApplicationView } from '../../api.js';
import { Status } from '../../components/forms.js';
import { formatDate } from '../../components/format.js';
import { Page } from '../../components/Page.js';
import { useSession } from '../../components/session.js';
import { Section } from '../../components/actions.js';
import { StateTag, formatFee, useApplication } from '../../components/application.js';
import { useServerValue } from '../../ssr/data.js';
import { AppealDecisionForm, AskForm, ConflictForm, FeePaidControl, OutcomeForm } from './Actions.js';
import { Rubric } from './Rubric.js';
import { type Assessment, EvidenceView, RefereeAnswers } from './Snapshot.js';

const stageWords = { assessment: 'assessor', third: 'third assessor', appeal: 'appeal assessor' } as const;
const statusWords = { active: 'working on it', done: 'done', handed_back: 'handed back' } as const;

/**
 * One application on one page: the frozen portfolio with the engine's explanation, evidence and referee answers,
 * the rubric, and only the actions the caller may take now, with in-page links between them.
 */
export function WorkbenchPage() {
  const { id = '' } = useParams();
  const { user } = useSession();
  const navigate = useNavigate();
  // The caller's own view, when the server rendered this page (server/modules/applications/applications.pages.ts).
  const [app, setApp, loadError] = useApplication(id, useServerValue<ApplicationView>(`assess:${id}`));
  const [status, setStatus] = useState<string | null>(null);

  const done = useCallback(
    (view: ApplicationView, message: string, keepFocus = false) => {
      // Handing back ends this assessor's access: go back to the queue and say what happened there.
      if (!view.assessment) {
        navigate('/assess', { state: { flash: message } });
        return;
      }
      setApp(view);
      setStatus(message);
      // The form used is usually gone now; carry on from the top, where the message is.
      if (!keepFocus) window.setTimeout(() => document.querySelector<HTMLElement>('main h1')?.focus(), 0);
    },
    [navigate, setApp],
  );

  const a = app?.assessment;
  if (loadError || !app || !a) {
    return (
      <Page title="Assess an application">
        {loadError || app ? (
          <p className="banner banner-error" role="alert">
            {loadError ? `The application could not be loaded: ${loadError}` : 'This application is not assigned to you.'}
          </p>
        ) : (
          <p className="loading" role="status">
            Loading the application…
          </p>
        )}
        <p>
          <Link to="/assess">Back to the queue</Link>
        </p>
      </Page>
    );
  }

  const { can } = app;
  const parts: Array<[string, string, boolean]> = [
    ['portfolio', 'Portfolio and scores', true],
    ['decision', 'Decision', !!app.decision],
    ['nominations', 'Nominations', a.nominations.length > 0],
    ['referees', 'Referees', true],
    ['questions', 'Questions to the applicant', can.requestInformation || app.informationRequests.length > 0],
    ['recommend', 'Recommend', can.recommend],
    ['recommendations', 'Recommendations', a.recommendations.length > 0],
    ['decide', 'Decide', can.decide],
    ['fee', 'Fee', can.markFeePaid && !!app.fee],
    ['appeal', 'Appeal', !!app.appeal],
    ['conflict', 'Conflict of interest', can.declareConflict],
  ];
  const shown = parts.filter(([, , on]) => on);
  return (
    <Page title={`Assess: ${app.applicant.name}, ${app.levelName}`}>
      <Status message={status} className="status-success" />
      <Summary app={app} a={a} />
      <nav aria-label="On this page" className="in-page">
        <ul>
          {shown.map(([key, label]) => (
            <li key={key}>
              <a href={`#${key}-title`}>{label}</a>
            </li>
          ))}
        </ul>
      </nav>

      <section aria-labelledby="portfolio-title">
        <h2 id="portfolio-title" tabIndex={-1}>
          Portfolio and scores
        </h2>
        <p className="hint">
          As frozen on submission: {a.snapshot.items.length} items, {a.snapshot.evidence.length} evidence, {a.snapshot.evaluation.total} points counted
          {a.snapshot.evaluation.reached ? `, reaching ${a.snapshot.evaluation.reached.name}` : ''}.
        </p>
        <Rubric app={app} a={a} userId={user?.id ?? ''} onDone={done} />
      </section>

      {app.decision ? (
        <Section id="decision" title="Decision">
          <p>
            <strong>{app.decision.outcome === 'award' ? `Award ${app.decision.levelName ?? app.levelName}` : 'Decline'}</strong>, {formatDate(app.decision.at)}
            {app.decision.byPanel ? ', by a panel' : ''}. <span className="prose">{app.decision.reasons}</span>
          </p>
        </Section>
      ) : null}

      {a.nominations.length ? (
        <Section id="nominations" title="Nominations">
          <p>
            {a.nominations.length} of {app.nominations.required} nominations; the applicant’s consent: {app.nominations.consented ? 'given' : 'not yet given'}.
          </p>
          <ul>
            {a.nominations.map((n) => (
              <li key={`${n.name}-${n.at}`}>
                <strong>{n.name}</strong>, {formatDate(n.at)}: <span className="prose">{n.statement}</span>
              </li>
            ))}
          </ul>
        </Section>
      ) : null}

      <Section id="referees" title="Referees">
        <RefereeAnswers referees={a.referees} />
      </Section>

      {can.requestInformation || app.informationRequests.length ? (
        <Section id="questions" title="Questions to the applicant">
          <Questions app={app} a={a} />
          {can.requestInformation ? <AskForm app={app} onDone={done} /> : null}
        </Section>
      ) : null}
      {can.recommend ? (
        <Section id="recommend" title="Recommend">
          <OutcomeForm app={app} a={a} onDone={done} />
        </Section>
      ) : null}
      {a.recommendations.length ? (
        <Section id="recommendations" title="Recommendations">
          <ul>
            {a.recommendations.map((r) => (
              <li key={r.assessorId}>
                <strong>{a.assessors.find((x) => x.id === r.assessorId)?.name ?? 'An assessor'}:</strong>{' '}
                {r.outcome === 'decline' ? 'decline' : `award ${a.levels.find((l) => l.id === (r.levelId ?? app.levelId))?.name ?? app.levelName}`}. <span className="prose">{r.reasons}</span>
              </li>
            ))}
          </ul>
        </Section>
      ) : null}
      {can.decide ? (
        <Section id="decide" title="Decide">
          <OutcomeForm app={app} a={a} decide onDone={done} />
        </Section>
      ) : null}
      {can.markFeePaid && app.fee ? (
        <Section id="fee" title="Fee">
          <p>
            {formatFee(app.fee)} is due. The credential is awarded when the payment is recorded.
          </p>
          <FeePaidControl app={app} onDone={done} />
        </Section>
      ) : null}
      {app.appeal ? (
        <Section id="appeal" title="Appeal">
          <p className="prose">Grounds ({formatDate(app.appeal.at)}): {app.appeal.grounds}</p>
          {app.appeal.upheld !== null ? <p>{app.appeal.upheld ? 'The decision stands' : 'The decision was overturned'}: {app.appeal.reasons}</p> : null}
          {can.decideAppeal ? <AppealDecisionForm app={app} onDone={done} /> : null}
        </Section>
      ) : null}
      {can.declareConflict ? (
        <Section id="conflict" title="Conflict of interest">
          <ConflictForm app={app} onDone={done} />
        </Section>
      ) : null}
      <p>
        <Link to="/assess">Back to the queue</Link>
      </p>
    </Page>
  );
}

function Summary({ app, a }: { app: ApplicationView; a: Assessment }) {
  return (
    <dl className="facts">
      <div>
        <dt>State</dt>
        <dd>
          <StateTag state={app.state} />
        </dd>
      </div>
      <div>
        <dt>Submitted</dt>
        <dd>{app.submittedAt ? formatDate(app.submittedAt) : '—'}</dd>
      </div>
      <div>
        <dt>Due</dt>
        <dd>{app.dueAt ? formatDate(app.dueAt) : '—'}</dd>
      </div>
      <div>
        <dt>Applicant</dt>
        <dd>
          {app.applicant.name}, {a.applicantEmail}
        </dd>
      </div>
      <div>
        <dt>Assessors</dt>
        <dd>{a.assessors.map((x) => `${x.name} (${stageWords[x.stage]}, ${statusWords[x.status]})`).join('; ') || 'None yet'}</dd>
      </div>
      <div>
        <dt>Scheme</dt>
        <dd>{app.schemeVersion.label}</dd>
      </div>
      {app.fee ? (
        <div>
          <dt>Fee</dt>
          <dd>
            {formatFee(app.fee)}, {app.fee.paidAt ? `paid ${formatDate(app.fee.paidAt)}` : 'payable after approval; not paid yet'}
          </dd>
        </div>
      ) : null}
    </dl>
  );
}

function Questions({ app, a }: { app: ApplicationView; a: Assessment }) {
  if (!app.informationRequests.length) return null;
  return (
    <ul className="request-list">
      {app.informationRequests.map((r) => (
        <li key={r.id} className="request">
          <p className="request-question">
            Asked {formatDate(r.askedAt)}: {r.question}
          </p>
          {r.response === null ? (
            <p>Waiting for the applicant’s answer (the clock is paused).</p>
          ) : (
            <>
              <p className="prose">
                Answer ({r.respondedAt ? formatDate(r.respondedAt) : ''}): {r.response}
              </p>
              {r.evidenceIds.length ? (
                <ul className="evidence-inline">
                  {r.evidenceIds.map((eid) => {
                    const e = a.snapshot.evidence.find((x) => x.id === eid);
                    return <li key={eid}>{e ? <EvidenceView evidence={e} /> : `Evidence ${eid}`}</li>;
                  })}
                </ul>
              ) : null}
            </>
          )}
        </li>
      ))}
    </ul>
  );
}
